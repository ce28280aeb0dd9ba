"""The text of a PDF as a reader copies it (pypdf): the notice board embeds DejaVu subsets, whose page
streams hold glyph codes, not letters; the ToUnicode maps turn them back into text.
"""

import io

from pypdf import PdfReader


def pdf_text(pdf: bytes) -> str:
    """On one line: a name wrapped inside a table cell reads as it is written."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())
