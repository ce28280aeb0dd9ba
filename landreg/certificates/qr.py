"""The QR code: encoded once at issue (segno is pure Python, ~25 ms), stored as rows of 0/1, and drawn
on the page as vector rectangles (fast and crisp at any print resolution)."""

import segno


def encode(text: str) -> str:
    code = segno.make(text, error="m", micro=False)
    return "\n".join("".join("1" if cell else "0" for cell in row) for row in code.matrix)


def runs(matrix: str):
    """(row, start column, length) of each horizontal run of dark modules."""
    for y, row in enumerate(matrix.split("\n")):
        x, width = 0, len(row)
        while x < width:
            if row[x] == "1":
                start = x
                while x < width and row[x] == "1":
                    x += 1
                yield y, start, x - start
            else:
                x += 1
