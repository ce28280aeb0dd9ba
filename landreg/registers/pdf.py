"""A register printed as the land office keeps it: A4 landscape, French, DejaVu Sans.

Every page repeats the register's title, village, commune and period above the table, and the table's
column titles (``repeatRows``); every page is numbered "page N / M". Columns are sized by
``core.formats.pdf.column_widths``, so no name, date or number is ever cut across two lines.
"""

import io

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer

from landreg.core import clock
from landreg.core.formats.pdf import BOLD, FONT, NumberedCanvas, grid_table, paragraph
from landreg.registers.kinds import Register
from landreg.registers.names import day

PAGE = landscape(A4)
MARGIN = 12 * mm
HEADER = 24 * mm  # room above the table for the title lines


def register_pdf(register: Register) -> bytes:
    # Always French, whatever the reader's language (its CSV too: registers.views.register_download): the
    # registers of possessions, transactions and conciliations are the books the law has the commune's land
    # office keep, numbered entry by entry, in the official language; they are not an information paper that
    # follows its reader, as the parcel's extract is (registers/extract_pdf.py). The English page's links
    # say « (in French) ».
    with translation.override("fr"):
        return _build(register)


def place_and_period(register: Register) -> str:
    return _("Village: %(village)s — Commune: %(commune)s — Period: from %(start)s to %(end)s") % {
        "village": register.village.name,
        "commune": register.commune.name if register.commune else "—",
        "start": day(register.start),
        "end": day(register.end),
    }


def _build(register: Register) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER,
        bottomMargin=MARGIN + 4 * mm,
        title=f"{register.title} — {register.village.name}",
        author="Landreg",
        invariant=1,
    )
    title, subtitle = register.title.upper(), place_and_period(register)

    def header(canvas, _doc):
        canvas.saveState()
        canvas.setFont(BOLD, 13)
        canvas.drawCentredString(PAGE[0] / 2, PAGE[1] - MARGIN - 6 * mm, title)
        canvas.setFont(FONT, 9)
        canvas.drawCentredString(PAGE[0] / 2, PAGE[1] - MARGIN - 13 * mm, subtitle)
        canvas.restoreState()

    table = grid_table([register.columns, *register.rows], doc.width, empty=_("No entry in this period."))
    count = len(register.rows)
    closing = ngettext(
        "Extract printed on %(date)s: %(count)s entry in the period.",
        "Extract printed on %(date)s: %(count)s entries in the period.",
        count,
    ) % {"date": day(clock.today()), "count": count}
    doc.build(
        [table, Spacer(1, 4 * mm), paragraph(closing)],
        onFirstPage=header,
        onLaterPages=header,
        canvasmaker=NumberedCanvas,
    )
    return buffer.getvalue()
