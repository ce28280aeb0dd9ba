"""A claim's history: its own moves, its site verification records and the moves of the dispute cases opened
on it, in one timeline."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from landreg.adjudication.committee.votes import validation_note
from landreg.adjudication.models import AttendanceMark, Claim, SiteVisit
from landreg.disputes.models import DisputeEvent
from landreg.disputes.pages.cases import MOVE_LABELS
from landreg.disputes.selectors import cases_visible_to
from landreg.disputes.states import AgreedChange, OutcomeKind, change_said


@dataclass
class HistoryRow:
    at: datetime
    what: str
    actor: object
    note: str
    case: object = None  # the dispute case of a dispute row
    case_visible: bool = False  # the reader may open the case (and read its notes)


# Moves that leave the claim in its state: « publicité → publicité » said nothing (the walk of the demo read
# it twice in a row after an agreement that revised the boundary and restarted the notice).
SAME_STATE_LABELS = {
    "boundary_revise": _("Boundary revised by a settlement"),
    "notice_restart": _("Public notice started again"),
    "notice_extend": _("Public notice extended"),
}


def _what(event, claim: Claim) -> str:
    to = event.get_to_state_display()
    if event.to_state == claim.state:
        to = claim.state_said  # a lease applied: « inscrite au registre », not « prête pour le certificat »
    if event.from_state == event.to_state:
        label = SAME_STATE_LABELS.get(event.move)
        if label is not None:
            return f"{label} ({to})"
    return f"{event.get_from_state_display()} → {to}"


def _note(event) -> str:
    if event.move == "committee_validate":
        return validation_note(reason=event.reason, payload=event.audit_event.payload)
    return event.reason


def _people(attendees) -> str:
    """« ŊABA Ɓintu Fatɛ (applicant, fingerprint), Naaba Saaga (customary authority, signature) »."""
    said = []
    for a in attendees:
        details = [str(a.get_role_display())]
        if a.direction:
            details.append(str(a.get_direction_display()))
        if a.mark != AttendanceMark.ABSENT:
            details.append(str(a.get_mark_display()))
        said.append(f"{a.name} ({', '.join(details)})")
    return ", ".join(said)


def site_visit_note(visit: SiteVisit) -> str:
    """What the site verification record says of the people called, in the reader's language: who came and
    how each signed, who was called and did not come, who disagreed with the limits and what they said, and
    the case their disagreement opened."""
    attendees = list(visit.attendees.all())
    present = [a for a in attendees if a.mark != AttendanceMark.ABSENT]
    absent = [a for a in attendees if a.mark == AttendanceMark.ABSENT]
    disagreeing = [a for a in present if not a.agrees]
    parts = [gettext("Present: %(people)s.") % {"people": _people(present)}]
    if absent:
        parts.append(gettext("Absent: %(people)s.") % {"people": _people(absent)})
    if disagreeing:
        people = ", ".join(f"{a.name} ({a.remark_said})" if a.remark else a.name for a in disagreeing)
        parts.append(gettext("Disagreed with the limits: %(people)s.") % {"people": people})
    else:
        parts.append(gettext("No one present disagreed with the limits."))
    if visit.dispute_id:
        parts.append(gettext("Dispute case %(number)s opened.") % {"number": visit.dispute.number})
    return " ".join(parts)


def _site_visit_rows(claim: Claim) -> list[HistoryRow]:
    """The site verification records: the hearing on the land with the neighbours is a step of the claim the
    history left out (only the move « constat sur le terrain → publicité » showed, with no one named)."""
    visits = claim.site_visits.select_related("recorded_by", "dispute").prefetch_related("attendees")
    return [
        HistoryRow(
            at=visit.created_at,
            what=gettext("Site verification of %(date)s recorded (%(place)s)")
            % {"date": f"{visit.visit_date:%d/%m/%Y}", "place": visit.place},
            actor=visit.recorded_by,
            note=site_visit_note(visit),
        )
        for visit in visits
    ]


def _dispute_move_said(event: DisputeEvent) -> str:
    """A dispute case's move as the claim's history says it; an agreement or a court decision with what it
    does to the register (kept in the move's chained payload): « Décision du tribunal : l’opposition est
    rejetée », what the claim's reader needs to know of the outcome, whether or not they may read its
    notes."""
    label = str(MOVE_LABELS.get(event.move, event.move))
    payload = event.audit_event.payload if isinstance(event.audit_event.payload, dict) else {}
    change = payload.get("change") if event.move in ("agree", "decide") else None
    if change not in AgreedChange.values or change == AgreedChange.NONE:
        return label
    kind = OutcomeKind.COURT_DECISION if event.move == "decide" else OutcomeKind.AGREEMENT
    return gettext("%(move)s: %(change)s") % {"move": label, "change": change_said(kind=kind, change=change)}


def claim_history(claim: Claim, user) -> list[HistoryRow]:
    """The claim's moves, its site verification records (who came, their marks, who disagreed), then the moves
    of each dispute case on the claim (opening, sessions scheduled and held, agreement, referral, decision…),
    by time. A case's notes (session minutes, outcomes) are shown to those who may see the case; others read
    what happened and when."""
    rows = [
        HistoryRow(
            at=event.occurred_at,
            what=_what(event, claim),
            actor=event.actor,
            note=_note(event),
        )
        for event in claim.events.select_related("actor", "audit_event")
    ]
    rows += _site_visit_rows(claim)
    visible = set(cases_visible_to(user).filter(claims=claim).values_list("pk", flat=True))
    events = (
        DisputeEvent.objects.filter(case__claims=claim)
        .select_related("case", "actor", "audit_event")
        .order_by("id")
    )
    for event in events:
        may_see = event.case_id in visible
        rows.append(
            HistoryRow(
                at=event.occurred_at,
                what=_dispute_move_said(event),
                actor=event.actor,
                note=event.reason if may_see else "",
                case=event.case,
                case_visible=may_see,
            )
        )
    return sorted(rows, key=lambda row: row.at)
