"""The printable papers of the procedure: the claim receipt, the site-verification record and the committee
minutes, each an A4 PDF in French built with ``landreg.core.formats.pdf`` (DejaVu fonts, platypus, uncut
words)."""
