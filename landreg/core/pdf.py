"""One PDF module for every document the registry prints: fonts, paragraph styles and table cells.

DejaVu Sans (Debian fonts-dejavu-core) carries the letters of West African and Malagasy names (ɛ ɔ ŋ Ɓ ƙ ñ
…) that reportlab's built-in Helvetica prints as black boxes; it is embedded as a subset with a ToUnicode
map, so the text can be copied back. Fonts and styles are registered once per process (parsing a TTF costs
milliseconds). The certificate draws on a canvas with these fonts; documents made of text and tables (the
notice board) use platypus with ``STYLES`` and ``cell``, whose tables never split a word or a date.
"""

import datetime as dt
import functools
import os
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab import rl_config
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from landreg.core.exceptions import RegistryError

# Debian's fonts-dejavu-core (scripts/bootstrap.sh installs it); LANDREG_FONT_DIR points elsewhere.
FONT_DIR = Path(os.environ.get("LANDREG_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
# Left and right padding of a reportlab table cell (TableStyle's default, 6 pt each side).
CELL_PADDING = 12


class FontsMissingError(RegistryError):
    """The DejaVu fonts are not installed."""


@functools.cache
def register_fonts() -> None:
    """Once per process."""
    rl_config.useA85 = 0  # binary (deflated) streams: ASCII85 only made files bigger and slower to write
    if not (FONT_DIR / "DejaVuSans.ttf").exists():
        raise FontsMissingError(
            _("The DejaVu Sans fonts are missing from %(dir)s (Debian package fonts-dejavu-core).")
            % {"dir": FONT_DIR}
        )
    for name, file in ((FONT, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf")):
        font = TTFont(name, str(FONT_DIR / file))
        _cache_subsets(font.face)
        pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def _cache_subsets(face) -> None:
    """Certificates of a batch mostly use the same characters in the same order (the fixed wording comes
    first), so the same font subset is rebuilt for each: keep the last ones. makeSubset only reads the font
    file and the code list, so a cached result is the same bytes."""
    build = face.makeSubset

    @functools.lru_cache(maxsize=32)
    def cached(codes: tuple) -> bytes:
        return build(list(codes))

    face.makeSubset = lambda subset: cached(tuple(subset))


def _style(name: str, size: float, *, bold: bool = False, leading: float | None = None, **extra):
    # splitLongWords=0: a word (a name, a date, a receipt number) is never cut across two lines.
    return ParagraphStyle(
        name,
        fontName=BOLD if bold else FONT,
        fontSize=size,
        leading=leading or size * 1.25,
        splitLongWords=0,
        **extra,
    )


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    return {
        "title": _style("title", 15, bold=True, alignment=1, spaceAfter=6),
        "heading": _style("heading", 12, bold=True, spaceBefore=4, spaceAfter=4),
        "subheading": _style("subheading", 10, bold=True, spaceBefore=6, spaceAfter=3),
        "body": _style("body", 9, spaceAfter=4),
        "cell": _style("cell", 8),
        "cell_header": _style("cell_header", 8, bold=True),
    }


def fr_date(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else "—"


def paragraph(text: str, style: str = "body") -> Paragraph:
    """Plain text as a paragraph: names like "<Aminata>" are text, never markup."""
    return Paragraph(escape(text or ""), styles()[style])


def longest_word_width(text: str, style: ParagraphStyle) -> float:
    return max((pdfmetrics.stringWidth(w, style.fontName, style.fontSize) for w in text.split()), default=0)


def column_widths(rows: list[list[str]], total: float, header_rows: int = 1) -> list[float]:
    """Widths that give every column room for its longest word or date, and share the rest of ``total``
    in proportion to what each column would need on one line.

    If even the longest words do not fit side by side, the minimum widths are returned (the table is then
    wider than ``total``: better a table past the margin than a date cut in two).
    """
    header, cell = styles()["cell_header"], styles()["cell"]

    def width(text, style):
        return pdfmetrics.stringWidth(text, style.fontName, style.fontSize)

    columns = list(zip(*rows, strict=True))
    minimum, natural = [], []
    for column in columns:
        styled = [(text, header if i < header_rows else cell) for i, text in enumerate(column)]
        minimum.append(max(longest_word_width(t, s) for t, s in styled) + CELL_PADDING + 1)
        natural.append(max(width(t, s) for t, s in styled) + CELL_PADDING + 1)
    spare = total - sum(minimum)
    if spare <= 0:
        return minimum
    wants = [max(n - m, 0) for n, m in zip(natural, minimum, strict=True)]
    if sum(wants) <= spare:
        # Everything fits on one line: give the rest to the widest columns.
        wants = natural
    share = sum(wants) or len(wants)
    return [m + spare * (w or (0 if sum(wants) else 1)) / share for m, w in zip(minimum, wants, strict=True)]
