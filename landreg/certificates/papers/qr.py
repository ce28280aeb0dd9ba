"""The QR code: encoded once at issue (segno is pure Python, ~25 ms), stored as rows of 0/1, and drawn
on the page as vector rectangles (fast and crisp at any print resolution)."""

import functools
import re

import segno

_DARK_RUN = re.compile("1+")


def encode(text: str) -> str:
    code = segno.make(text, error="m", micro=False)
    return "\n".join("".join("1" if cell else "0" for cell in row) for row in code.matrix)


def runs(matrix: str):
    """(row, start column, length) of each horizontal run of dark modules."""
    for y, row in enumerate(matrix.split("\n")):
        for match in _DARK_RUN.finditer(row):
            yield y, match.start(), match.end() - match.start()


@functools.lru_cache(maxsize=64)
def pdf_operators(matrix: str) -> str:
    """The dark modules as PDF rectangle operators in module units (integers, row 0 at the top, y down):
    one filled path, cheap to write and exact at any resolution."""
    return " ".join(f"{x} {y} {n} 1 re" for y, x, n in runs(matrix)) + " f"
