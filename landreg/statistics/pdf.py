"""The printable statistics report of a commune (or a village) and a period: each figure as a chart drawn
with reportlab.graphics and its table, in DejaVu Sans (core.formats.pdf), numbered pages. It is written in the
reader's language (the request's, as the statistics page is), numbers and dates formatted for it."""

import io

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

from landreg.core import clock
from landreg.core.dates import long_date
from landreg.core.formats.pdf import BOLD, FONT, column_widths, paragraph
from landreg.statistics.figure import Chart, Figure
from landreg.statistics.figures import all_figures
from landreg.statistics.scope import Scope

MARGIN = 15 * mm
WIDTH = A4[0] - 2 * MARGIN
# Colour-blind-safe (Okabe–Ito), the same order as static/statistics/charts.js.
PALETTE = [colors.HexColor(c) for c in ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")]
CHART_HEIGHT = 60 * mm


def _place(scope: Scope) -> str:
    if scope.village:
        return _("village of %(name)s (%(code)s)") % {"name": scope.village.name, "code": scope.village.code}
    if scope.commune:
        return _("commune of %(name)s (%(code)s)") % {"name": scope.commune.name, "code": scope.commune.code}
    return _("all the communes of your roles")


def statistics_pdf(scope: Scope) -> bytes:
    """The report in the active language (the request's: web/middleware.py's chosen language)."""
    buffer = io.BytesIO()
    title = _("Statistics of the land programme")
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author="Landreg",
    )
    period = _("from %(start)s to %(end)s") % {
        "start": long_date(scope.start),
        "end": long_date(scope.end),
    }
    story = [
        paragraph(title, "title"),
        paragraph(_first_upper(f"{_place(scope)}, {period}"), "heading"),
        paragraph(_("Made on %(date)s by Landreg.") % {"date": long_date(clock.today())}),
    ]
    for figure in all_figures(scope):
        story += _figure(figure)
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buffer.getvalue()


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _axis_number(value: float) -> str:
    return number_format(value, 0 if float(value).is_integer() else 1, force_grouping=True)


def _page_number(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 8)
    canvas.drawRightString(A4[0] - MARGIN, MARGIN / 2, _("Page %(number)s") % {"number": doc.page})
    canvas.restoreState()


def _figure(figure: Figure) -> list:
    heading = [paragraph(figure.title, "heading"), paragraph(figure.description)]
    parts = [Spacer(1, 4 * mm)]
    if figure.chart and figure.chart.labels:
        parts.append(KeepTogether([*heading, _drawing(figure.chart)]))
    else:
        parts += heading
    parts.append(_table(figure))
    return parts


def _table(figure: Figure) -> Table:
    text = [figure.columns, *figure.display_rows()]
    cells = [[paragraph(c, "cell_header") for c in figure.columns]]
    cells += [[paragraph(c, "cell") for c in row] for row in text[1:]]
    table = Table(cells, colWidths=column_widths(text, WIDTH), repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _short(label: str, length: int = 34) -> str:
    return label if len(label) <= length else label[: length - 1] + "…"


def _drawing(chart: Chart) -> Drawing:
    drawing = Drawing(WIDTH, CHART_HEIGHT + 12 * mm)
    data = [[float(v) for v in s.values] for s in chart.series]
    if chart.kind == "hbar":
        plot = HorizontalBarChart()
        plot.x, plot.width = 55 * mm, WIDTH - 60 * mm
        plot.categoryAxis.reverseDirection = 1  # first category at the top, as in the table
    elif chart.kind == "line":
        plot = HorizontalLineChart()
        plot.x, plot.width = 15 * mm, WIDTH - 20 * mm
    else:
        plot = VerticalBarChart()
        plot.x, plot.width = 15 * mm, WIDTH - 20 * mm
    plot.y, plot.height = 14 * mm, CHART_HEIGHT - 8 * mm
    plot.data = data
    plot.categoryAxis.categoryNames = [_short(label) for label in chart.labels]
    for axis in (plot.categoryAxis, plot.valueAxis):
        axis.labels.fontName, axis.labels.fontSize = FONT, 6
    plot.valueAxis.valueMin = 0
    plot.valueAxis.labelTextFormat = _axis_number  # 0,5 in French, not 0.5
    if max((max(d, default=0) for d in data), default=0) == 0:
        plot.valueAxis.valueMax = 1
    if chart.kind == "line":
        for i in range(len(data)):
            plot.lines[i].strokeColor = PALETTE[i % len(PALETTE)]
            plot.lines[i].strokeWidth = 1.5
        if len(chart.labels) > 12:  # a long period: every other month named
            plot.categoryAxis.categoryNames = [
                name if i % 2 == 0 else "" for i, name in enumerate(plot.categoryAxis.categoryNames)
            ]
    else:
        for i in range(len(data)):
            plot.bars[i].fillColor = PALETTE[i % len(PALETTE)]
            plot.bars[i].strokeColor = None
        if chart.stacked:
            plot.categoryAxis.style = "stacked"
    if chart.kind in ("bar", "line"):
        plot.categoryAxis.labels.angle = 30
        plot.categoryAxis.labels.boxAnchor = "ne"
    drawing.add(plot)
    legend = Legend()
    legend.x, legend.y = 15 * mm, CHART_HEIGHT + 8 * mm
    legend.fontName, legend.fontSize = BOLD, 7
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 70 * mm
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], s.label) for i, s in enumerate(chart.series)]
    drawing.add(legend)
    return drawing
