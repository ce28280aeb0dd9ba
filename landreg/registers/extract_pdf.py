"""The parcel's extract printed: A4 portrait, in the reader's language, DejaVu Sans, pages numbered.

Unlike the certificate (a legal title, printed in the language it was issued in) and the notice board (a legal
act posted in the village, in French), the extract is an information document: it tells a holder, a buyer or a
bank what the registry says today, and binds no one. It is printed in the language the user reads the site in,
like the page it is printed from; the register's own records (names, numbers, legal bases) print as written.

The facts of the parcel beside its plan (``core.formats.pdf.Plan``, as the procedure's papers draw it), then
the rights in force, the past rights, the register's entries, the certificates and the open cases as tables
that never cut a name (``grid_table``), and at the foot the state of the register the paper reflects.
"""

import io

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

from landreg.adjudication.papers.layout import PLAN_SIZE, facts
from landreg.core.formats.pdf import NumberedCanvas, Plan, a4_document, grid_table, paragraph
from landreg.registers.extract import ParcelExtract, day_and_time


def extract_pdf(extract: ParcelExtract) -> bytes:
    """The paper in the active language: the caller reads the extract (``parcel_extract``) in it too."""
    return _build(extract)


def _facts_and_plan(extract: ParcelExtract, width: float):
    if extract.plan is None:
        return facts(extract.facts, width)
    table = Table(
        [[facts(extract.facts, width - PLAN_SIZE - 6 * mm), Plan(extract.plan, PLAN_SIZE)]],
        colWidths=[width - PLAN_SIZE - 6 * mm, PLAN_SIZE + 6 * mm],
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (1, 0), (1, 0), 6 * mm)]))
    return table


def _section(title: str, columns: list[str], rows: list[list[str]], width: float, empty: str) -> list:
    return [
        paragraph(title, "subheading"),
        grid_table([columns, *rows], width, empty=empty),
        Spacer(1, 2 * mm),
    ]


def _state(extract: ParcelExtract) -> list:
    state = extract.state
    date, time = day_and_time(state.at)
    lines = [
        _(
            "State of the register on %(date)s at %(time)s: last event of the audit journal no. %(seq)s, "
            "fingerprint %(hash)s."
        )
        % {"date": date, "time": time, "seq": state.seq, "hash": state.hash},
        _("This extract is recorded in the audit journal as event no. %(seq)s.") % {"seq": state.extract_seq},
    ]
    if not extract.personal:
        lines.append(_("Identity documents are not shown on this extract."))
    return [KeepTogether([paragraph(line) for line in lines])]


def _build(extract: ParcelExtract) -> bytes:
    parcel = extract.parcel
    buffer = io.BytesIO()
    title = _("Extract of the land registers — parcel %(number)s") % {"number": parcel.number}
    doc = a4_document(buffer, title=title)
    width = doc.width
    story = [
        paragraph(
            _("Commune of %(commune)s — village of %(village)s")
            % {"commune": extract.commune_name or "—", "village": parcel.village.name},
            "heading",
        ),
        paragraph(_("EXTRACT OF THE LAND REGISTERS"), "title"),
        paragraph(_("Parcel %(number)s") % {"number": parcel.number}, "subheading"),
        Spacer(1, 2 * mm),
        _facts_and_plan(extract, width),
        Spacer(1, 3 * mm),
    ]
    story += _section(
        _("Rights in force"),
        [_("Right"), _("Tenure"), _("Holders and shares"), _("Since"), _("Legal basis")],
        extract.current,
        width,
        _("No right in force."),
    )
    story += _section(
        _("Past rights"),
        [_("Right"), _("Holders and shares"), _("Period"), _("Ended on"), _("How it ended")],
        extract.past,
        width,
        _("No past right."),
    )
    story += _section(
        _("Entries in the register of rural land possessions"),
        [_("No."), _("Date of entry"), _("Right"), _("Holders and shares"), _("Certificate"), _("Remarks")],
        extract.entries,
        width,
        _("No entry."),
    )
    story += _section(
        _("Certificates issued"),
        [_("Number"), _("Issued"), _("Status")],
        extract.certificates,
        width,
        _("No certificate issued."),
    )
    story += _section(
        _("Open disputes and objections"),
        [_("Case"), _("Type"), _("Opened"), _("Status")],
        extract.cases,
        width,
        _("No dispute or objection open."),
    )
    story += _state(extract)
    doc.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()
