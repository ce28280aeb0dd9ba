"""The procès-verbal of conciliation or non-conciliation (and the record of a court decision), A4, French.

DejaVu Sans, as for certificates, so names such as « Ɓaŋɔ Ɛlisabɛt » print and copy back as text; every
value is escaped before it reaches reportlab's paragraph markup (a name in angle brackets stays visible).
"""

import io
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from landreg.certificates.pdf import BOLD, FONT, register_fonts
from landreg.disputes.models import DisputeOutcome
from landreg.disputes.states import OutcomeKind
from landreg.territory.models import UnitLevel


def _styles():
    styles = getSampleStyleSheet()
    for name in ("Title", "Heading2", "Heading3", "Normal", "BodyText"):
        styles[name].fontName = BOLD if name in ("Title", "Heading2", "Heading3") else FONT
    return styles


def _p(text, style) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _title(outcome: DisputeOutcome) -> str:
    if outcome.kind == OutcomeKind.AGREEMENT:
        return _("RECORD OF CONCILIATION")
    if outcome.kind == OutcomeKind.NON_CONCILIATION:
        return _("RECORD OF NON-CONCILIATION")
    return _("RECORD OF A COURT DECISION")


def outcome_pdf(outcome: DisputeOutcome) -> bytes:
    with translation.override("fr"):
        return _build(outcome)


def _build(outcome: DisputeOutcome) -> bytes:
    from landreg.adjudication.profiles import NoProcedureError, profile_for

    register_fonts()
    case = outcome.case
    commune = case.village.ancestor_at(UnitLevel.COMMUNE)
    try:
        body = profile_for(case.village).conciliation_body
    except NoProcedureError:
        body = ""
    styles = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_title(outcome),
        author="Landreg",
    )
    story = [
        _p(_title(outcome), styles["Title"]),
        _p(
            _("Case %(number)s — village of %(village)s, commune of %(commune)s")
            % {
                "number": case.number,
                "village": case.village.name,
                "commune": commune.name if commune else "—",
            },
            styles["Heading3"],
        ),
    ]
    if body and outcome.kind != OutcomeKind.COURT_DECISION:
        story.append(_p(_("Before: %(body)s") % {"body": body}, styles["Normal"]))
    if outcome.kind == OutcomeKind.COURT_DECISION:
        story.append(
            _p(
                _("Court: %(court)s, reference %(ref)s")
                % {"court": case.court_name, "ref": case.court_reference},
                styles["Normal"],
            )
        )
    story += [
        _p(_("Type of dispute: %(kind)s") % {"kind": case.get_kind_display()}, styles["Normal"]),
        _p(_("Subject: %(subject)s") % {"subject": case.subject}, styles["Normal"]),
        Spacer(1, 4 * mm),
        _p(_("Parties"), styles["Heading2"]),
    ]
    rows = [
        [
            _p(_("Name"), styles["BodyText"]),
            _p(_("Role"), styles["BodyText"]),
            _p(_("Represented by"), styles["BodyText"]),
        ]
    ]
    rows += [
        [
            _p(p.name, styles["BodyText"]),
            _p(p.get_role_display(), styles["BodyText"]),
            _p(p.represented_by or "—", styles["BodyText"]),
        ]
        for p in case.parties.all()
    ]
    table = Table(rows, colWidths=[70 * mm, 40 * mm, 60 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [("GRID", (0, 0), (-1, -1), 0.4, colors.black), ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey)]
        )
    )
    story.append(table)
    for session in case.sessions.filter(held_on__isnull=False).prefetch_related("positions__party"):
        story += [
            Spacer(1, 3 * mm),
            _p(
                _("Session of %(date)s at %(place)s")
                % {"date": date_format(session.held_on, "j F Y"), "place": session.place},
                styles["Heading3"],
            ),
            _p(_("Conciliators: %(names)s") % {"names": session.conciliators}, styles["Normal"]),
            _p(
                _("Language: %(language)s") % {"language": session.language}
                + (
                    _(", translated into %(language)s") % {"language": session.translation_language}
                    if session.translation_language
                    else ""
                ),
                styles["Normal"],
            ),
            _p(session.minutes, styles["BodyText"]),
        ]
        for position in session.positions.all():
            present = _("present") if position.present else _("absent")
            story.append(
                _p(f"{position.party.name} ({present}) : {position.position or '—'}", styles["BodyText"])
            )
    story += [
        Spacer(1, 4 * mm),
        _p(_("Terms"), styles["Heading2"]),
        _p(outcome.summary, styles["BodyText"]),
        _p(
            _("Change to the register: %(change)s") % {"change": outcome.get_change_display()},
            styles["Normal"],
        ),
        Spacer(1, 4 * mm),
        _p(_("Done on %(date)s") % {"date": date_format(outcome.decided_on, "j F Y")}, styles["Normal"]),
    ]
    if outcome.signatures:
        story += [
            _p(_("Signatures and marks of the parties"), styles["Heading3"]),
            _p(outcome.signatures, styles["BodyText"]),
        ]
    doc.build(story)
    return buffer.getvalue()
