"""The procès-verbal of conciliation or non-conciliation (and the record of a court decision), A4, French.

A procès-verbal of conciliation says what applies to the agreement about the court's homologation (the rule
kept on the agreement when it was signed): required, that it takes effect only once homologated; then the
court's homologation or its refusal (court, date, reference) once recorded, or the parties' joint withdrawal
of it (date, reference, each party's mark).

Laid out like the other papers of the procedure (``adjudication.papers.layout`` on ``core.formats.pdf``): the
same heading, facts table, grid of parties, boxes for signatures and DejaVu Sans, so names such as « Ɓaŋɔ
Ɛlisabɛt » print and copy back as text; every value is plain text, never paragraph markup.
"""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from landreg.adjudication.papers.layout import build, facts, heading
from landreg.adjudication.states import HomologationRule
from landreg.core.dates import long_date
from landreg.core.formats.pdf import grid_table, paragraph
from landreg.core.stored_messages import message_said
from landreg.disputes.models import DisputeHomologation, DisputeOutcome, HomologationRefusal, JointWithdrawal
from landreg.disputes.states import OutcomeKind


def _title(outcome: DisputeOutcome) -> str:
    if outcome.kind == OutcomeKind.AGREEMENT:
        return _("RECORD OF CONCILIATION")
    if outcome.kind == OutcomeKind.NON_CONCILIATION:
        return _("RECORD OF NON-CONCILIATION")
    return _("RECORD OF A COURT DECISION")


def outcome_pdf(outcome: DisputeOutcome) -> bytes:
    # Always French, whatever the reader's language: the procès-verbal of conciliation or non-conciliation is
    # an act of the procedure, signed or thumbprinted by the parties, which the court homologates and the
    # register's changes cite (its date, its case); the record of a court's decision goes into the same file
    # beside the judgement. Both are in the official language, as the site verification record
    # (adjudication/papers/site_record.py). The English case page's link says « (in French) ».
    with translation.override("fr"):
        title = _title(outcome)
        return build(title, lambda width: _story(outcome, title, width))


def _conciliation_body(case) -> str:
    from landreg.adjudication.profiles import NoProcedureError, profile_for

    try:
        return profile_for(case.village).conciliation_body
    except NoProcedureError:
        return ""


def _homologation(outcome: DisputeOutcome) -> list:
    """What the procedure says of the court's homologation of this agreement, and what the court decided."""
    if outcome.kind != OutcomeKind.AGREEMENT:
        return []
    homologation = DisputeHomologation.objects.filter(outcome=outcome).first()
    refusal = HomologationRefusal.objects.filter(outcome=outcome).first()
    said = []
    if outcome.homologation_rule == HomologationRule.NONE:
        said.append(_("The procedure does not include the court's homologation of a conciliation."))
    elif outcome.homologation_rule == HomologationRule.REQUIRED:
        said.append(
            _(
                "The procedure requires the court's homologation of this agreement: it takes effect only "
                "once homologated by the court."
            )
        )
    if homologation is not None:
        decision = {
            "court": homologation.court_name,
            "date": long_date(homologation.decided_on),
            "reference": homologation.reference,
        }
        said.append(_("Homologated by %(court)s on %(date)s, decision %(reference)s.") % decision)
        if outcome.homologation_rule == HomologationRule.REQUIRED:
            said.append(_("The agreement took effect with the homologation."))
    if refusal is not None:
        decision = {
            "court": refusal.court_name,
            "date": long_date(refusal.decided_on),
            "reference": refusal.reference,
        }
        said.append(
            _(
                "Homologation refused by %(court)s on %(date)s, decision %(reference)s: the agreement does "
                "not take effect."
            )
            % decision
        )
        if refusal.grounds:
            said.append(_("Grounds of the refusal: %(grounds)s") % {"grounds": refusal.grounds})
    if not said:  # optional and not homologated: the agreement took effect when signed, as ever
        return []
    return [
        Spacer(1, 3 * mm),
        paragraph(_("Homologation by the court"), "subheading"),
        *(paragraph(text) for text in said),
    ]


def _withdrawal(outcome: DisputeOutcome) -> list:
    """The parties' joint withdrawal of an agreement that awaited the court's homologation, once recorded."""
    withdrawal = JointWithdrawal.objects.filter(outcome=outcome).first()
    if withdrawal is None:
        return []
    marks = withdrawal.marks.select_related("party")
    return [
        Spacer(1, 3 * mm),
        paragraph(_("Joint withdrawal of the parties"), "subheading"),
        paragraph(
            _(
                "Withdrawn by all the parties together (withdrawal %(reference)s signed on %(date)s): the "
                "agreement does not take effect."
            )
            % {"reference": withdrawal.reference, "date": long_date(withdrawal.signed_on)}
        ),
        paragraph(
            _("Signed by: %(marks)s.")
            % {"marks": ", ".join(f"{m.party.name} ({m.mark_word})" for m in marks)}
        ),
    ]


def _land(case) -> list[tuple[str, str]]:
    """The land the record is about: the court asked to homologate it, or the register's clerk, reads there
    which parcels and claims it binds (the record named neither)."""
    numbers = {p.number for p in case.parcels.all()} | {
        r.parcel.number for r in case.rights.select_related("parcel")
    }
    rows = []
    if numbers:
        rows.append((_("Parcels"), ", ".join(sorted(numbers))))
    claims = sorted(str(claim) for claim in case.claims.all())
    if claims:
        rows.append((_("Claims"), ", ".join(claims)))
    return rows


def _story(outcome: DisputeOutcome, title: str, width: float) -> list:
    case = outcome.case
    rows = []
    body = _conciliation_body(case)
    if outcome.kind == OutcomeKind.COURT_DECISION:
        rows += [(_("Court"), case.court_name), (_("Reference"), case.court_reference)]
    elif body:
        rows.append((_("Before"), body))
    rows += [
        (_("Type of dispute"), case.get_kind_display()),
        (_("Subject"), message_said(case.subject)),
        *_land(case),
    ]
    story = [
        *heading(case.village, title, _("Case %(number)s") % {"number": case.number}),
        facts(rows, width),
        Spacer(1, 4 * mm),
        paragraph(_("Parties"), "heading"),
        grid_table(
            [
                [_("Name"), pgettext("capacity", "Role"), _("Represented by")],
                *(
                    [p.name, p.role_said, p.represented_by or "—"]
                    for p in case.parties.select_related("party")
                ),
            ],
            width,
        ),
    ]
    for session in case.sessions.filter(held_on__isnull=False).prefetch_related("positions__party"):
        language = session.language
        if session.translation_language:
            language += _(", translated into %(language)s") % {"language": session.translation_language}
        story += [
            Spacer(1, 3 * mm),
            paragraph(
                _("Session of %(date)s at %(place)s")
                % {"date": long_date(session.held_on), "place": session.place},
                "subheading",
            ),
            facts([(_("Conciliators"), session.conciliators), (_("Language"), language)], width),
            paragraph(session.minutes),
        ]
        for position in session.positions.all():
            present = _("present") if position.present else _("absent")
            said = {"name": position.party.name, "presence": present, "position": position.position or "—"}
            story.append(paragraph(_("%(name)s (%(presence)s): %(position)s") % said))
    story += [
        Spacer(1, 4 * mm),
        paragraph(pgettext("dispute outcome", "Terms"), "heading"),
        paragraph(outcome.summary),
        facts(
            [
                (_("Change to the register"), outcome.change_said),
                (_("Done on"), long_date(outcome.decided_on)),
            ],
            width,
        ),
    ]
    if outcome.signatures:
        story += [
            paragraph(_("Signatures and marks of the parties"), "subheading"),
            paragraph(outcome.signatures),
        ]
    return story + _homologation(outcome) + _withdrawal(outcome)
