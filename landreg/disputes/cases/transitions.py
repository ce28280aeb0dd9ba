"""Every move of a dispute case, one function each (same shape as the claims' transitions).

Each move runs in a transaction, re-reads the case under a row lock, checks the allowed-moves table and the
actor's permission on the case's village, writes an append-only DisputeEvent chained into the audit
history and saves with ``update_fields``. An outcome (agreement, court decision) is applied to the register
by ``disputes.outcomes.changes`` in the same transaction, after the case has left its open states, so the
freeze it lifts does not stop its own change. The court's word on an agreement (its homologation, its refusal)
is in ``disputes.outcomes.homologation``, the parties' joint withdrawal of an agreement awaiting it in
``disputes.outcomes.joint_withdrawal``, under the same lock, table (RECORD_MOVES) and event.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from landreg.accounts.selectors import has_unit_perm, units_covered
from landreg.adjudication.states import HomologationRule
from landreg.audit.moves import MoveLog
from landreg.core import clock
from landreg.core.exceptions import ConflictError, PermissionDeniedError
from landreg.disputes.exceptions import DisputeError
from landreg.disputes.models import (
    DisputeCase,
    DisputeEvent,
    DisputeOutcome,
    DisputeSession,
    SessionPosition,
)
from landreg.disputes.states import AgreedChange, DisputeStatus, OutcomeKind

S = DisputeStatus

# move -> {status it may start from: permission needed on the case's village}
ALLOWED_MOVES: dict[str, dict[str, str]] = {
    "session_schedule": {S.OPEN: "conciliate", S.CONCILIATION: "conciliate"},
    "session_hold": {S.CONCILIATION: "conciliate"},
    # A session scheduled and not yet held is moved to another day or place, or called off with the reason, by
    # whoever schedules: the parties were summoned for that day, and the case's record says why it changed.
    # Called off from open too: a retry finds the session it cancelled (the case went back to open).
    "session_reschedule": {S.CONCILIATION: "conciliate"},
    "session_cancel": {S.CONCILIATION: "conciliate", S.OPEN: "conciliate"},
    "agree": {S.CONCILIATION: "conciliate"},
    "non_conciliation": {S.CONCILIATION: "conciliate"},
    "refer": {S.NOT_CONCILIATED: "manage_disputes"},
    "decide": {S.IN_COURT: "manage_disputes"},
    "appeal": {S.DECIDED: "manage_disputes"},
    "finalise": {S.DECIDED: "manage_disputes", S.NOT_CONCILIATED: "manage_disputes"},
    # Not from homologation_pending: the parties signed an agreement that only the court may now give effect
    # or refuse; the dispute administrator alone closing the case would set it aside. Parties who abandon it
    # withdraw it together (withdraw_jointly, signed by every party), or tell the court, whose refusal
    # (homologation_refuse) brings the case to not_conciliated, where it may be withdrawn.
    "withdraw": {
        S.OPEN: "manage_disputes",
        S.CONCILIATION: "manage_disputes",
        S.NOT_CONCILIATED: "manage_disputes",
    },
}


# Moves that record the court's word on a procès-verbal of conciliation (in disputes.outcomes.homologation):
# each has a door of its own (not among the moves the case page's buttons and the move endpoint offer); same
# lock, table, permission and event as the others. For the dispute administrator, who follows court referrals
# and their outcomes.
RECORD_MOVES: dict[str, dict[str, str]] = {
    # The court's approval (homologate): on an agreement that closed its case (optional homologation: the
    # case keeps its status), or on one awaiting it (required: the agreement takes effect, the case closes).
    "homologate": {S.CONCILIATED: "manage_disputes", S.HOMOLOGATION_PENDING: "manage_disputes"},
    # The court's refusal of an agreement that awaits homologation: the case goes to non-conciliation (from
    # there, a retry of the same refusal finds the one recorded).
    "homologation_refuse": {S.HOMOLOGATION_PENDING: "manage_disputes", S.NOT_CONCILIATED: "manage_disputes"},
    # The parties' joint withdrawal of an agreement awaiting homologation
    # (disputes.outcomes.joint_withdrawal), signed by every party: the agreement is set aside and the case
    # withdrawn (from there, a retry of the same withdrawal finds the one recorded).
    "withdraw_jointly": {S.HOMOLOGATION_PENDING: "manage_disputes", S.WITHDRAWN: "manage_disputes"},
}


class TransitionNotAllowed(DisputeError, ConflictError):
    """The move is not possible from the case's status (409 at the API, through api.errors)."""


@dataclass(frozen=True)
class PositionInput:
    party_id: int
    present: bool
    position: str = ""


def _may(actor, codename: str, case: DisputeCase) -> bool:
    # The dispute administrator may do all the conciliation body does.
    return has_unit_perm(actor, codename, case.village) or has_unit_perm(
        actor, "manage_disputes", case.village
    )


class VillageRights:
    """The villages of some cases on which the user holds each permission the moves need, read in a few
    queries for all the cases at once (a list of cases asks nothing more per case)."""

    CODENAMES = sorted({codename for starts in ALLOWED_MOVES.values() for codename in starts.values()})

    def __init__(self, user, village_ids):
        ids = set(village_ids)
        self.covered = {
            codename: set(units_covered(user, codename).filter(pk__in=ids).values_list("pk", flat=True))
            for codename in self.CODENAMES
        }

    def may(self, codename: str, case: DisputeCase) -> bool:
        # The dispute administrator may do all the conciliation body does (as _may).
        return case.village_id in self.covered[codename] or case.village_id in self.covered["manage_disputes"]


def allowed_moves_for(user, case: DisputeCase, rights: VillageRights | None = None) -> list[str]:
    """Moves the user may try on the case now (pages and the API offer these). ``rights``, read once for a
    list of cases (VillageRights), saves the permission queries of each case."""
    rights = rights or VillageRights(user, [case.village_id])
    moves = [
        move
        for move, starts in ALLOWED_MOVES.items()
        if case.status in starts and rights.may(starts[case.status], case)
    ]
    if case.final:
        moves = [m for m in moves if m != "appeal"]
    if case.final_from and clock.today() < case.final_from:
        moves = [m for m in moves if m != "finalise"]
    if not _has_held_session(case):
        moves = [m for m in moves if m not in AFTER_A_HELD_SESSION]
    if not _has_session_due(case):
        moves = [m for m in moves if m != "session_hold"]  # nothing scheduled up to today to record
    if not sessions_scheduled(case):
        moves = [m for m in moves if m not in ("session_reschedule", "session_cancel")]
    return moves


# The records a conciliation ends with: written once the parties have been heard in a held session (a case
# "in conciliation" may have a session scheduled only).
AFTER_A_HELD_SESSION = {"agree", "non_conciliation"}


def _prefetched_sessions(case: DisputeCase) -> list[DisputeSession] | None:
    """The case's sessions if a list prefetched them (no query per case), else None."""
    if "sessions" in getattr(case, "_prefetched_objects_cache", {}):
        return list(case.sessions.all())
    return None


def _has_held_session(case: DisputeCase) -> bool:
    """Whether a session of the case was held."""
    sessions = _prefetched_sessions(case)
    if sessions is not None:
        return any(s.held_on is not None for s in sessions)
    return case.sessions.filter(held_on__isnull=False).exists()


def sessions_scheduled(case: DisputeCase) -> list[DisputeSession]:
    """The case's sessions scheduled and neither held nor cancelled, by day: those still to come together
    for, which may be moved or called off."""
    sessions = _prefetched_sessions(case)
    if sessions is None:
        sessions = case.sessions.filter(held_on__isnull=True, cancelled_at__isnull=True)
    waiting = [s for s in sessions if s.held_on is None and s.cancelled_at is None]
    return sorted(waiting, key=lambda s: (s.scheduled_for, s.created_at))


def session_due(case: DisputeCase) -> DisputeSession | None:
    """The session to record as held now: the earliest not yet recorded nor cancelled whose day has come (a
    session is not recorded as held before its day, session_hold)."""
    today = clock.today()
    return next((s for s in sessions_scheduled(case) if s.scheduled_for <= today), None)


def _has_session_due(case: DisputeCase) -> bool:
    return session_due(case) is not None


def _lock(case: DisputeCase, move: str, actor, not_now=None) -> DisputeCase:
    """The case under its row lock, once the move is allowed from its status to the actor; ``not_now(case)``
    says why a status refuses the move when the general sentence would not."""
    # The row lock makes concurrent moves on one case take turns: the second sees the first's new status.
    locked = DisputeCase.objects.select_for_update(of=("self",)).select_related("village").get(pk=case.pk)
    starts = ALLOWED_MOVES.get(move) or RECORD_MOVES[move]
    if locked.status not in starts or (move == "appeal" and locked.final):
        raise TransitionNotAllowed(
            not_now(locked)
            if not_now
            else _("This move is not possible while the case is “%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    if not _may(actor, starts[locked.status], locked):
        raise PermissionDeniedError(_("You may not do this for dispute cases of this village."))
    return locked


_MOVES = MoveLog(DisputeEvent, subject="case", state="status", action_prefix="dispute")


def _text(value: str, message: str) -> str:
    if not (value or "").strip():
        raise DisputeError(message)
    return value.strip()


def _final_from(case: DisputeCase, period: str, start: dt.date) -> dt.date | None:
    """The day after the profile's ``period`` (days: to take the case to court, to appeal) counted from
    ``start``: the first day the case may be declared final; None when the profile keeps no such period. The
    date is kept on the case, so a later change of the profile does not move a period already running."""
    from landreg.adjudication.profiles import NoProcedureError, profile_for

    try:
        days = getattr(profile_for(case.village), period)
    except NoProcedureError:
        return None
    return start + dt.timedelta(days=days + 1) if days else None


def _homologation_rule(case: DisputeCase) -> str:
    """The profile's rule on the court's homologation of an agreement (optional without a profile)."""
    from landreg.adjudication.profiles import NoProcedureError, profile_for

    try:
        return profile_for(case.village).dispute_homologation
    except NoProcedureError:
        return HomologationRule.OPTIONAL


def _close(locked: DisputeCase, *, final: bool) -> list[str]:
    locked.closed_at, locked.final = clock.now(), final
    return ["closed_at", "final"]


@transaction.atomic
def session_schedule(*, case: DisputeCase, actor, scheduled_for: dt.date, place: str) -> DisputeSession:
    locked = _lock(case, "session_schedule", actor)
    place = _text(place, _("Say where the session takes place."))
    if scheduled_for < locked.opened_at.date():
        raise DisputeError(_("A session cannot be scheduled before the case was opened."))
    session = DisputeSession.objects.create(case=locked, scheduled_for=scheduled_for, place=place)
    _MOVES.record(
        locked,
        "session_schedule",
        actor,
        S.CONCILIATION,
        reason=f"{scheduled_for:%d/%m/%Y} — {place}",
        payload={"session": str(session.pk)},
    )
    return session


@transaction.atomic
def session_hold(
    *,
    case: DisputeCase,
    actor,
    session: DisputeSession,
    held_on: dt.date,
    conciliators: str,
    language: str,
    minutes: str,
    positions: Sequence[PositionInput],
    translation_language: str = "",
) -> DisputeSession:
    """Record a held session: who conciliated, in which language, who came and what each party said."""
    locked = _lock(case, "session_hold", actor)
    session = DisputeSession.objects.select_for_update().get(pk=session.pk, case=locked)
    if session.held_on is not None:
        raise DisputeError(_("This session is already recorded; schedule another one."))
    if session.cancelled_at is not None:
        raise DisputeError(_("This session was cancelled: schedule another one."))
    if held_on > clock.today():
        raise DisputeError(_("A session is recorded once held, not before."))
    if held_on < session.scheduled_for:
        raise DisputeError(
            _(
                "This session was scheduled for %(date)s: it is not recorded as held before that day. If "
                "the parties met on another day, schedule a session on that day and record it."
            )
            % {"date": date_format(session.scheduled_for, "SHORT_DATE_FORMAT")}
        )
    conciliators = _text(conciliators, _("Name the conciliators present."))
    language = _text(language, _("Record the language of the session."))
    minutes = _text(minutes, _("Write the minutes of the session."))
    party_ids = set(locked.parties.values_list("pk", flat=True))
    if not positions or any(p.party_id not in party_ids for p in positions):
        raise DisputeError(_("Record, for the parties of the case, who was present and their position."))
    if not any(p.present for p in positions):
        raise DisputeError(_("No party was present: schedule another session instead."))
    session.held_on, session.conciliators, session.language = held_on, conciliators, language
    session.translation_language, session.minutes = translation_language, minutes
    session.save()
    SessionPosition.objects.bulk_create(
        SessionPosition(session=session, party_id=p.party_id, present=p.present, position=p.position)
        for p in positions
    )
    _MOVES.record(
        locked,
        "session_hold",
        actor,
        S.CONCILIATION,
        reason=minutes,
        payload={"session": str(session.pk), "present": sum(1 for p in positions if p.present)},
    )
    return session


def _session_waiting(locked: DisputeCase, session: DisputeSession) -> DisputeSession:
    """The case's session under its row lock, once it is known not to be held: a held session is in the
    case's record as the parties were heard, and stays so."""
    session = DisputeSession.objects.select_for_update().get(pk=session.pk, case=locked)
    if session.held_on is not None:
        raise DisputeError(_("This session is recorded as held: it can no longer be moved or cancelled."))
    return session


def _when_and_where(session: DisputeSession) -> str:
    return f"{session.scheduled_for:%d/%m/%Y} — {session.place}"


@transaction.atomic
def session_reschedule(
    *,
    case: DisputeCase,
    actor,
    session: DisputeSession,
    scheduled_for: dt.date,
    place: str = "",
    reason: str = "",
) -> DisputeSession:
    """A scheduled session moved to another day, or place (``place`` empty keeps it): the same session, so
    that whoever follows it (a summons, the API's id) finds it; the event keeps the day and place it had and
    the reason, if given. Moved where it already is (a retry), nothing more is recorded."""
    locked = _lock(case, "session_reschedule", actor)
    session = _session_waiting(locked, session)
    if session.cancelled_at is not None:
        raise DisputeError(_("This session was cancelled: schedule another one."))
    if scheduled_for < locked.opened_at.date():
        raise DisputeError(_("A session cannot be scheduled before the case was opened."))
    place = " ".join(place.split()) or session.place
    if (scheduled_for, place) == (session.scheduled_for, session.place):
        return session
    before = _when_and_where(session)
    session.scheduled_for, session.place = scheduled_for, place
    session.save(update_fields=["scheduled_for", "place", "updated_at"])
    reason = " ".join(reason.split())
    _MOVES.record(
        locked,
        "session_reschedule",
        actor,
        S.CONCILIATION,
        reason=" — ".join(filter(None, [f"{before} → {_when_and_where(session)}", reason])),
        payload={"session": str(session.pk), "from": before, "to": _when_and_where(session)},
    )
    return session


@transaction.atomic
def session_cancel(*, case: DisputeCase, actor, session: DisputeSession, reason: str) -> DisputeSession:
    """A scheduled session called off, with the reason (a conciliator or a party cannot come, the place is not
    free). The case goes back to open where no other session is scheduled or held (« in conciliation »: a
    session is scheduled or held), and a new one is scheduled. Cancelled already (a retry), nothing more is
    recorded."""
    locked = _lock(case, "session_cancel", actor)
    session = _session_waiting(locked, session)
    if session.cancelled_at is not None:
        return session
    reason = _text(reason, _("Say why the session is cancelled."))
    session.cancelled_at, session.cancel_reason = clock.now(), reason
    session.save(update_fields=["cancelled_at", "cancel_reason", "updated_at"])
    others = locked.sessions.exclude(pk=session.pk).filter(
        Q(held_on__isnull=False) | Q(cancelled_at__isnull=True)
    )
    _MOVES.record(
        locked,
        "session_cancel",
        actor,
        S.CONCILIATION if others.exists() else S.OPEN,
        reason=f"{_when_and_where(session)} — {reason}",
        payload={"session": str(session.pk)},
    )
    return session


def _outcome(
    locked,
    actor,
    *,
    kind,
    decided_on,
    summary,
    signatures="",
    change=AgreedChange.NONE,
    data=None,
    document=None,
    homologation_rule="",
):
    from landreg.disputes.outcomes.changes import change_refusal

    if change not in AgreedChange.values:
        raise DisputeError(_("Choose the change to the register from the list."))
    refusal = change_refusal(locked, change, kind=kind)
    if refusal:
        raise DisputeError(refusal)
    if decided_on > clock.today():
        raise DisputeError(_("The record is dated the day it was signed, not later."))
    return DisputeOutcome.objects.create(
        case=locked,
        kind=kind,
        decided_on=decided_on,
        summary=_text(summary, _("Write the terms of the record.")),
        signatures=signatures,
        change=change,
        change_data=data or {},
        document=document,
        homologation_rule=homologation_rule,
        recorded_by=actor,
    )


JUDGEMENT_SCAN_REQUIRED = gettext_lazy(
    "Attach the scan or a photograph of the judgement: the register records a court's decision only with its "
    "proof."
)


def require_judgement_scan(file) -> None:
    """A court's act (its decision on the case, its homologation of an agreement, its refusal) is recorded
    with the scan or a photograph of the judgement, never on the word of who records it: the register keeps
    the proof of what a court decided, which the parties, a bank or a buyer may ask to see, and which a
    reference to a paper at the office cannot show (the paper is lost, the office moves). One rule for every
    court's act; the file is checked as every document (documents.content)."""
    if not file:
        raise DisputeError(str(JUDGEMENT_SCAN_REQUIRED))


def _require_held_session(locked: DisputeCase) -> None:
    if not _has_held_session(locked):
        raise DisputeError(
            _(
                "No conciliation session has been held yet: the record of conciliation or "
                "non-conciliation is written once the parties have been heard. Record the held session "
                "first."
            )
        )


@transaction.atomic
def agree(
    *,
    case: DisputeCase,
    actor,
    decided_on: dt.date,
    summary: str,
    signatures: str,
    change: str = AgreedChange.NONE,
    change_data: dict | None = None,
) -> DisputeOutcome:
    """The parties agreed: the signed procès-verbal of conciliation closes the case and its change applies.
    Where the profile requires the court's homologation (read now, kept on the agreement), the agreement waits
    for it instead: the case stays open, its land frozen, and its change is applied by ``homologate``."""
    from landreg.disputes.outcomes.changes import outcome_apply

    locked = _lock(case, "agree", actor)
    _require_held_session(locked)
    signatures = _text(signatures, _("Record the signatures or fingerprint marks of the parties."))
    rule = _homologation_rule(locked)
    outcome = _outcome(
        locked,
        actor,
        kind=OutcomeKind.AGREEMENT,
        decided_on=decided_on,
        summary=summary,
        signatures=signatures,
        change=change,
        data=change_data,
        homologation_rule=rule,
    )
    locked.outcome_note = outcome.summary
    payload = {"change": change, "homologation": rule}
    if rule == HomologationRule.REQUIRED:
        _MOVES.record(
            locked,
            "agree",
            actor,
            S.HOMOLOGATION_PENDING,
            reason=summary,
            fields=["outcome_note"],
            payload=payload,
        )
        return outcome
    fields = ["outcome_note", *_close(locked, final=True)]
    _MOVES.record(locked, "agree", actor, S.CONCILIATED, reason=summary, fields=fields, payload=payload)
    outcome_apply(outcome=outcome, actor=actor)
    return outcome


@transaction.atomic
def non_conciliation(
    *, case: DisputeCase, actor, decided_on: dt.date, summary: str, signatures: str = ""
) -> DisputeOutcome:
    """No agreement: the procès-verbal of non-conciliation opens the way to the court; the freeze stays."""
    locked = _lock(case, "non_conciliation", actor)
    _require_held_session(locked)
    outcome = _outcome(
        locked,
        actor,
        kind=OutcomeKind.NON_CONCILIATION,
        decided_on=decided_on,
        summary=summary,
        signatures=signatures,
    )
    locked.outcome_note = outcome.summary
    locked.final_from = _final_from(locked, "dispute_court_days", outcome.decided_on)
    _MOVES.record(
        locked,
        "non_conciliation",
        actor,
        S.NOT_CONCILIATED,
        reason=summary,
        fields=["outcome_note", "final_from"],
    )
    return outcome


@transaction.atomic
def refer(
    *, case: DisputeCase, actor, court_name: str, court_reference: str, referred_on: dt.date
) -> DisputeCase:
    locked = _lock(case, "refer", actor)
    locked.court_name = _text(court_name, _("Name the court."))
    locked.court_reference = _text(court_reference, _("Give the court's reference of the case."))
    if referred_on > clock.today():
        raise DisputeError(_("The referral date cannot be in the future."))
    locked.referred_on = referred_on
    locked.final_from = None  # the court is seized: the period to do so no longer runs
    return _MOVES.record(
        locked,
        "refer",
        actor,
        S.IN_COURT,
        reason=f"{locked.court_name} {locked.court_reference}",
        fields=["court_name", "court_reference", "referred_on", "final_from"],
    )


@transaction.atomic
def decide(
    *,
    case: DisputeCase,
    actor,
    decided_on: dt.date,
    summary: str,
    document,
    change: str = AgreedChange.NONE,
    change_data: dict | None = None,
) -> DisputeOutcome:
    """The court's decision, with its judgement's scan (require_judgement_scan), lifts the freeze and is
    applied; an appeal reopens it."""
    from landreg.disputes.outcomes.changes import outcome_apply

    locked = _lock(case, "decide", actor)
    if document is None or document.source_type != "court_decision":
        raise DisputeError(_("Attach the court decision (document of type “court decision”)."))
    require_judgement_scan(document.file)
    outcome = _outcome(
        locked,
        actor,
        kind=OutcomeKind.COURT_DECISION,
        decided_on=decided_on,
        summary=summary,
        change=change,
        data=change_data,
        document=document,
    )
    locked.documents.add(document)
    locked.outcome_note = outcome.summary
    locked.final_from = _final_from(locked, "dispute_appeal_days", outcome.decided_on)
    fields = ["outcome_note", "final_from", *_close(locked, final=False)]
    _MOVES.record(
        locked, "decide", actor, S.DECIDED, reason=summary, fields=fields, payload={"change": change}
    )
    outcome_apply(outcome=outcome, actor=actor)
    return outcome


@transaction.atomic
def appeal(*, case: DisputeCase, actor, court_name: str, court_reference: str) -> DisputeCase:
    """An appeal before the case is final: the case is open (and its land frozen) again."""
    locked = _lock(case, "appeal", actor)
    locked.court_name = _text(court_name, _("Name the court."))
    locked.court_reference = _text(court_reference, _("Give the court's reference of the case."))
    locked.closed_at = None
    locked.final_from = None  # a new decision will start a new appeal period
    return _MOVES.record(
        locked,
        "appeal",
        actor,
        S.IN_COURT,
        reason=f"{locked.court_name} {locked.court_reference}",
        fields=["court_name", "court_reference", "closed_at", "final_from"],
    )


@transaction.atomic
def finalise(*, case: DisputeCase, actor, reason: str) -> DisputeCase:
    """No appeal any more (or, after non-conciliation, no court seized in time): the case is final."""
    locked = _lock(case, "finalise", actor)
    if locked.final_from and clock.today() < locked.final_from:
        raise DisputeError(
            _(
                "The period to take the case to court or to appeal runs until %(last)s: the case can be "
                "declared final from %(first)s."
            )
            % {
                "last": date_format(locked.final_from - dt.timedelta(days=1), "SHORT_DATE_FORMAT"),
                "first": date_format(locked.final_from, "SHORT_DATE_FORMAT"),
            }
        )
    reason = _text(reason, _("Say why the case is final (appeal period over, no court seized)."))
    fields = _close(locked, final=True)
    return _MOVES.record(locked, "finalise", actor, S.CLOSED, reason=reason, fields=fields)


@transaction.atomic
def withdraw(*, case: DisputeCase, actor, reason: str) -> DisputeCase:
    """The complainant withdraws (an objection withdrawn): the case closes and its freeze lifts."""
    locked = _lock(case, "withdraw", actor)
    reason = _text(reason, _("Record why the complainant withdraws."))
    locked.outcome_note = reason
    fields = ["outcome_note", *_close(locked, final=True)]
    return _MOVES.record(locked, "withdraw", actor, S.WITHDRAWN, reason=reason, fields=fields)
