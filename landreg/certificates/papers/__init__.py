"""The certificate on paper: the A4 PDF drawn from its frozen content, and its QR code."""
