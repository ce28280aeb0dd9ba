"""One PDF module for every document the registry prints: fonts, paragraph styles and table cells.

DejaVu Sans (Debian fonts-dejavu-core) carries the letters of West African and Malagasy names (ɛ ɔ ŋ Ɓ ƙ ñ
…) that reportlab's built-in Helvetica prints as black boxes; it is embedded as a subset with a ToUnicode
map, so the text can be copied back. Fonts and styles are registered once per process (parsing a TTF costs
milliseconds). The certificate draws on a canvas with these fonts; documents made of text and tables (the
notice board, the registers) use platypus with ``STYLES`` and ``cell``, whose tables never split a word or
a date; ``NumberedCanvas`` numbers their pages "page N / M".
"""

import datetime as dt
import functools
import math
import os
import re
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from landreg.core.dates import long_date
from landreg.core.exceptions import RegistryError
from landreg.core.geometry import spatial_reference, to_srid

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


def date_in_language(iso: str) -> str:
    """A date written as the active language writes it: 04/12/2026 in French, as the land offices' papers do;
    otherwise with the month's name, 4 December 2026, which no reader takes for 12 April (a certificate
    printed in English is read in countries that write day/month and month/day)."""
    if not iso or translation.get_language().startswith("fr"):
        return fr_date(iso)
    return long_date(dt.date.fromisoformat(iso))


NARROW_NBSP = "\u202f"  # French: before : ; ! ? and inside « », from the catalogues


@functools.cache
def _narrow_space(font: str, size: float) -> str:
    """A no-break space as narrow as U+202F, as paragraph markup.

    Platypus breaks lines at U+202F (it is white space to reportlab and to Python) and draws it as a
    plain space, so "Village :" could end a line before its colon. A no-break space (U+00A0) keeps the
    words together; drawn at a smaller size, it is exactly as wide as the narrow one in the same font."""
    ratio = pdfmetrics.stringWidth(NARROW_NBSP, font, 1) / pdfmetrics.stringWidth("\xa0", font, 1)
    return f'<font size="{size * ratio:.2f}">\xa0</font>'


def paragraph(text: str, style: str = "body") -> Paragraph:
    """Plain text as a paragraph: names like "<Aminata>" are text, never markup; a newline starts a line;
    a narrow no-break space (French typography) stays narrow and unbroken."""
    chosen = styles()[style]
    markup = escape(text or "").replace("\n", "<br/>")
    if NARROW_NBSP in markup:
        markup = markup.replace(NARROW_NBSP, _narrow_space(chosen.fontName, chosen.fontSize))
    return Paragraph(markup, chosen)


class NumberedCanvas(Canvas):
    """Writes "page N / M" at the foot of every page. M is known only once the whole document is laid out,
    so each finished page is kept aside and drawn at ``save`` (pass as ``doc.build(canvasmaker=...)``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._finished_pages: list[dict] = []

    def showPage(self):
        self._finished_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._finished_pages)
        for number, state in enumerate(self._finished_pages, start=1):
            self.__dict__.update(state)
            width, _height = self._pagesize
            self.setFont(FONT, 8)
            self.drawRightString(
                width - 12 * mm, 8 * mm, _("page %(page)d / %(pages)d") % {"page": number, "pages": total}
            )
            super().showPage()
        super().save()


# White space where a line may break: not the no-break spaces, which keep "0 ha 36 a 02 ca" (format_ha_a_ca)
# or "Période : du" in one piece; counted as breaks, they gave a column too narrow for its area, which
# reportlab then squeezed to "0ha36a02ca".
_BREAKS = re.compile(r"[^\S\u00a0\u202f]+")


def longest_word_width(text: str, style: ParagraphStyle) -> float:
    words = _BREAKS.split(text)
    return max((pdfmetrics.stringWidth(w, style.fontName, style.fontSize) for w in words), default=0)


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


def grid_table(texts: list[list[str]], total: float, *, header_rows: int = 1, empty: str = "") -> Table:
    """A table of plain-text cells with a grid, its header repeated on each page, sized by
    ``column_widths`` so that no word or date is cut; ``empty`` is shown across the row when there is no
    row under the header."""
    widths = column_widths(texts, total, header_rows)
    data = [
        [paragraph(t, "cell_header" if i < header_rows else "cell") for t in row]
        for i, row in enumerate(texts)
    ]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.lightgrey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if len(texts) == header_rows and empty:
        data.append([paragraph(empty, "cell"), *[""] * (len(widths) - 1)])
        style.append(("SPAN", (0, header_rows), (-1, header_rows)))
    table = Table(data, colWidths=widths, repeatRows=header_rows)
    table.setStyle(TableStyle(style))
    return table


def a4_document(buffer, *, title: str) -> SimpleDocTemplate:
    """An A4 page with 15 mm margins; ``invariant`` makes the bytes depend on the content only."""
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
        author="Landreg",
        invariant=1,
    )


def fr_number(value: float, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u202f").replace(".", ",")


def number_in_language(value: float, decimals: int = 0) -> str:
    """1 234,56 in French (narrow no-break space, decimal comma); 1,234.56 in English."""
    # A job run outside a request (an import) may have no language active: the site's then.
    if (translation.get_language() or settings.LANGUAGE_CODE).startswith("fr"):
        return fr_number(value, decimals)
    return f"{value:,.{decimals}f}"


def short_number_in_language(value: float, decimals: int = 2) -> str:
    """As number_in_language, with only the decimals the value needs: 0,1 and 10, not 0,10 and 10,00."""
    needed = next(d for d in range(decimals + 1) if round(value, d) == round(value, decimals))
    return number_in_language(value, needed)


def draw_plan(c: Canvas, plan: dict, x: float, y: float, size: float) -> None:
    """The parcel in its metric CRS, scaled into a square box, with scale bar and north arrow."""
    rings = plan["rings"]
    xs = [p[0] for ring in rings for p in ring]
    ys = [p[1] for ring in rings for p in ring]
    min_x, min_y = min(xs), min(ys)
    span = max(max(xs) - min_x, max(ys) - min_y, 1.0)
    inner = size - 70  # margins keep the scale bar (below) and the north arrow (top right) clear
    scale = inner / span
    ox = x + 35 + (inner - (max(xs) - min_x) * scale) / 2 - min_x * scale
    oy = y + 30 + (inner - (max(ys) - min_y) * scale) / 2 - min_y * scale
    c.setLineWidth(0.6)
    c.rect(x, y, size, size, stroke=1, fill=0)
    path = c.beginPath()
    for ring in rings:
        path.moveTo(ox + ring[0][0] * scale, oy + ring[0][1] * scale)
        for px, py in ring[1:]:
            path.lineTo(ox + px * scale, oy + py * scale)
        path.close()
    c.setFillColor(Color(0.86, 0.93, 0.84))
    c.setLineWidth(1.2)
    c.drawPath(path, stroke=1, fill=1, fillMode=0)
    c.setFillColor(black)
    c.setFont(FONT, VERTEX_LABEL_SIZE)
    c.setLineWidth(0.3)
    points = [(label, ox + px * scale, oy + py * scale) for label, px, py in plan["vertices"]]
    north_arrow = (x + size - 24, y + size - 38, x + size, y + size)
    frame = (x, y, x + size, y + size)
    for label, (vx, vy), (lx, ly) in vertex_label_positions(points, frame, [north_arrow]):
        if math.hypot(lx - vx, ly - vy) > LEADER_FROM:
            # Pushed away from a crowd of vertices: a thin line says which vertex the label names.
            c.line(vx, vy, lx, ly + VERTEX_LABEL_SIZE / 3)
        c.drawString(lx, ly, label)
    # Scale bar: a round length near a quarter of the box.
    target = span / 4
    magnitude = 10 ** math.floor(math.log10(target))
    length = next(m * magnitude for m in (5, 2, 1) if m * magnitude <= target)
    bar = length * scale
    c.setLineWidth(1)
    c.rect(x + 8, y + 8, bar / 2, 3, stroke=1, fill=1)
    c.rect(x + 8 + bar / 2, y + 8, bar / 2, 3, stroke=1, fill=0)
    c.setFont(FONT, 6)
    c.drawString(x + 8, y + 14, "0")
    c.drawString(x + 8 + bar - 4, y + 14, f"{fr_number(length)} m")
    c.drawString(x + 8 + bar + 10, y + 8, f"1 : {fr_number(round(1 / (scale / 72 * 0.0254)))} (A4)")
    # North arrow (grid north of the projected CRS).
    nx, ny = x + size - 16, y + size - 34
    arrow = c.beginPath()
    arrow.moveTo(nx, ny + 22)
    arrow.lineTo(nx - 6, ny)
    arrow.lineTo(nx, ny + 5)
    arrow.lineTo(nx + 6, ny)
    arrow.close()
    c.drawPath(arrow, stroke=1, fill=1)
    c.setFont(BOLD, 9)
    c.drawCentredString(nx, ny + 25, "N")


VERTEX_LABEL_SIZE = 6
LEADER_FROM = 9  # points: a label set farther than this from its vertex gets a leader line


def vertex_label_positions(points: list, box: tuple, keep_clear: list = ()) -> list:
    """Where each vertex label goes on the plan: ``[(label, (vx, vy), (lx, ly))]``, ``(lx, ly)`` being the
    start of the label's baseline.

    A label sits just outside the parcel, away from its centre, so it does not cover the boundary; where
    it would overlap a label already placed (a sliver, a short side, vertices a few centimetres apart),
    it turns around its vertex, then moves farther out, so every label stays readable. Each stays inside
    ``box`` (x0, y0, x1, y1) where it can, off the boxes in ``keep_clear`` (the north arrow)."""
    if not points:
        return []
    cx = sum(p[1] for p in points) / len(points)
    cy = sum(p[2] for p in points) / len(points)
    placed, boxes = [], list(keep_clear)
    for label, vx, vy in points:
        width = pdfmetrics.stringWidth(label, FONT, VERTEX_LABEL_SIZE)
        height = VERTEX_LABEL_SIZE
        outward = math.atan2(vy - cy, vx - cx) if (vx, vy) != (cx, cy) else math.pi / 4
        chosen = None
        for distance in (4, 10, 18, 28, 40):
            for turn in (0, 0.5, -0.5, 1, -1, 1.5, -1.5, 2, -2, 2.5, -2.5, math.pi):
                angle = outward + turn
                # The label's centre at ``distance`` from the vertex, then its box around that centre.
                mx = vx + distance * math.cos(angle)
                my = vy + distance * math.sin(angle)
                candidate = (mx - width / 2, my - height / 2, mx + width / 2, my + height / 2)
                if not _inside(candidate, box) or any(_overlap(candidate, b) for b in boxes):
                    continue
                chosen = candidate
                break
            if chosen:
                break
        if chosen is None:  # nowhere free inside the box: beside the vertex, as before
            chosen = (vx + 2, vy + 2, vx + 2 + width, vy + 2 + height)
        boxes.append(chosen)
        placed.append((label, (vx, vy), (chosen[0], chosen[1] + 1)))
    return placed


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(a: tuple, box: tuple) -> bool:
    return a[0] >= box[0] + 2 and a[1] >= box[1] + 20 and a[2] <= box[2] - 2 and a[3] <= box[3] - 2


def plan_of(geometry, srid: int) -> dict:
    """A polygon as ``draw_plan`` draws it: its rings in the metric CRS ``srid`` (to the centimetre) and
    its vertices numbered S1, S2… along the outer ring."""
    projected = to_srid(geometry, srid)
    rings = [[[round(x, 2), round(y, 2)] for x, y in ring.coords] for ring in projected]
    return {
        "srid": srid,
        "crs_name": spatial_reference(srid).name,
        "rings": rings,
        "vertices": [[f"S{i + 1}", x, y] for i, (x, y) in enumerate(rings[0][:-1])],
    }


class Plan(Flowable):
    """``draw_plan`` as a platypus flowable: a parcel's plan in a square box, inside a flowing document."""

    def __init__(self, plan: dict, size: float):
        super().__init__()
        self.plan, self.size = plan, size

    def wrap(self, available_width, available_height):
        return self.size, self.size

    def draw(self):
        draw_plan(self.canv, self.plan, 0, 0, self.size)
