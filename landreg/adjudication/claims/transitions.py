"""Every move of a claim, one function each.

Each move runs in a transaction, re-reads the claim under a row lock, checks the allowed-moves table and the
actor's permission on the claim's village, writes an append-only ClaimEvent chained into the audit history,
saves with ``update_fields`` and schedules its follow-ups with ``transaction.on_commit``. The order of the
steps comes from the claim's procedure profile: its ``steps`` for a first claim, its ``change_steps`` of the
kind for an application for a later change (see ``changes``), which the land office lodges.
"""

import datetime as dt
import logging

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from landreg.accounts.selectors import has_unit_perm
from landreg.adjudication.changes import applications as changes
from landreg.adjudication.changes.consents import check_consents
from landreg.adjudication.claims.registration import register_claim
from landreg.adjudication.claims.rejection import rejection_refusal
from landreg.adjudication.claims.services import (
    check_group_claim,
    check_inside_village,
    next_receipt_number,
    reserve_parcel_number,
)
from landreg.adjudication.claims.spatial import claims_in_progress, overlaps_listed, overlaps_of
from landreg.adjudication.committee import votes as committee
from landreg.adjudication.exceptions import (
    ClaimError,
    NoticeError,
    ObjectionPendingError,
    OverlapError,
    TransitionNotAllowed,
    VoteError,
)
from landreg.adjudication.models import Claim, ClaimEvent, Objection
from landreg.adjudication.profiles import require_documents
from landreg.adjudication.states import (
    FINAL_STATES,
    KINDS_WITH_NEW_HOLDERS,
    ClaimPurpose,
    ClaimState,
    Step,
)
from landreg.audit.moves import MoveLog
from landreg.core import clock
from landreg.core.exceptions import PermissionDeniedError
from landreg.core.shares import check_shares_total
from landreg.disputes.cases.freeze import require_no_open_case
from landreg.parcels.models import Parcel
from landreg.territory.models import AdministrativeUnit

logger = logging.getLogger(__name__)
S = ClaimState
S_FIRST = ClaimPurpose.FIRST_REGISTRATION
_ACTIVE = [s for s in S if s not in FINAL_STATES and s != S.FROZEN]

# move -> {state it may start from: permission needed on the claim's village}
ALLOWED_MOVES: dict[str, dict[str, str]] = {
    "submit": {S.DRAFT: "record_claims", S.RETURNED: "record_claims"},
    "screening_start": {S.SUBMITTED: "screen_claims"},
    "screening_return": {S.SCREENING: "screen_claims"},
    "screening_accept": {S.SCREENING: "screen_claims"},
    "notice_extend": {S.PUBLIC_NOTICE: "screen_claims"},
    "notice_close": {S.PUBLIC_NOTICE: "screen_claims"},
    "site_verification_close": {S.SITE_VERIFICATION: "preside_committee"},
    "committee_validate": {S.COMMITTEE_VALIDATION: "preside_committee"},
    "authority_approve": {S.AUTHORITY_APPROVAL: "approve_claims"},
    "reject": {
        S.SCREENING: "screen_claims",
        S.COMMITTEE_VALIDATION: "preside_committee",
        S.AUTHORITY_APPROVAL: "approve_claims",
    },
    "withdraw": {s: "record_claims" for s in _ACTIVE},
    "freeze": {s: "manage_disputes" for s in _ACTIVE if s != S.DRAFT},
    "unfreeze": {S.FROZEN: "manage_disputes"},
}

# Moves made only by applying a dispute's outcome (``disputes.outcomes.changes``), by the conciliation body or
# the dispute administrator; never offered as buttons on the claim, nor dispatched by ``move_run``.
SETTLEMENT_MOVES: dict[str, dict[str, str]] = {
    "withdraw_settled": {s: "conciliate" for s in _ACTIVE if s != S.DRAFT},
    "boundary_revise": {s: "conciliate" for s in _ACTIVE if s not in {S.DRAFT, S.RETURNED}},
    "notice_restart": {s: "conciliate" for s in Step.values},
}


def permission_for(move: str, claim: Claim) -> str:
    codename = (ALLOWED_MOVES.get(move) or SETTLEMENT_MOVES[move])[claim.state]
    if codename == "preside_committee" and not claim.profile.president_signature_required:
        return "vote_committee"  # the profile lets any member sign for the committee
    if codename == "record_claims":
        return claim.lodging_permission  # the land office lodges (and withdraws) later changes
    return codename


def allowed_moves_for(user, claim: Claim) -> list[str]:
    """Moves the table lets the claim's state make and the user may make on its village (a posted move is
    checked against them); ``moves_offered`` says which of them to offer now."""
    return [
        move
        for move, starts in ALLOWED_MOVES.items()
        if claim.state in starts and has_unit_perm(user, permission_for(move, claim), claim.village)
    ]


def moves_waiting(claim: Claim, moves, *, counted: committee.Tally | None = None) -> set[str]:
    """Those of ``moves`` that the move itself refuses today, by its own rule: the notice's closing before the
    day after its end (``notice_closes_on``), the committee's validation until its vote allows it and its
    rejection until its vote refuses (``committee.Tally.decides``, as ``committee_validate`` and
    ``claim_reject`` check). ``counted``: the tally when the caller has read it; else read only if needed."""
    waiting = set()
    if "notice_close" in moves and claim.notice_end and clock.today() < notice_closes_on(claim):
        waiting.add("notice_close")
    if claim.state == S.COMMITTEE_VALIDATION and {"committee_validate", "reject"} & set(moves):
        decides = (counted if counted is not None else committee.tally(claim)).decides
        waiting |= {"committee_validate"} if decides != "validate" else set()
        waiting |= {"reject"} if decides != "reject" else set()
    return waiting & set(moves)


def moves_offered(user, claim: Claim) -> list[str]:
    """The moves the user may make on the claim now: those of ``allowed_moves_for`` less those waiting. The
    claim's page offers them as buttons and the API lists them as the claim's ``allowed_moves``: the API
    listed « committee_validate » before the quorum, which the move then refused."""
    moves = allowed_moves_for(user, claim)
    waiting = moves_waiting(claim, moves)
    return [move for move in moves if move not in waiting]


def _lock(claim: Claim, move: str, actor) -> Claim:
    # The row lock makes concurrent moves on one claim take turns: the second sees the first's new state.
    locked = (
        Claim.objects.select_for_update(of=("self",))
        .select_related("profile", "village", "right_type")
        .get(pk=claim.pk)
    )
    starts = ALLOWED_MOVES.get(move) or SETTLEMENT_MOVES[move]
    if locked.state not in starts:
        raise TransitionNotAllowed(
            _("This move is not possible while the claim is “%(state)s”.")
            % {"state": locked.get_state_display()}
        )
    permission = permission_for(move, locked)
    if not (
        has_unit_perm(actor, permission, locked.village)
        or (move in SETTLEMENT_MOVES and has_unit_perm(actor, "manage_disputes", locked.village))
    ):
        raise PermissionDeniedError(_("You may not do this for claims of this village."))
    return locked


_MOVES = MoveLog(ClaimEvent, subject="claim", state="state", action_prefix="claim", previous_at=True)


def _record(locked: Claim, move: str, actor, to_state: str, *, reason: str = "", fields=(), payload=None):
    _MOVES.record(locked, move, actor, to_state, reason=reason, fields=fields, payload=payload)
    claim_id = locked.pk
    transaction.on_commit(lambda: claim_moved(claim_id, move, to_state))
    return locked


def claim_moved(claim_id, move: str, to_state: str) -> None:
    """Follow-up after commit (notifications, search index); only logs for now."""
    logger.info("claim %s: %s → %s", claim_id, move, to_state)


def _check_documents(locked: Claim, step: str) -> None:
    present = locked.documents.values_list("source_type", flat=True)
    require_documents(locked.profile, step, present, _("Documents missing for this step: %(docs)s."))


def _check_no_open_objection(locked: Claim) -> None:
    open_count = Objection.objects.filter(claim=locked, dispute__closed_at__isnull=True).count()
    if open_count:
        raise ObjectionPendingError(
            ngettext(
                "%(count)s objection is still open: settle it before validation.",
                "%(count)s objections are still open: settle them before validation.",
                open_count,
            )
            % {"count": open_count}
        )
    require_no_open_case(claims=[locked], parcels=locked.subject_parcels.all(), rights=[locked.subject_right])


def _next_state(locked: Claim) -> str:
    steps = locked.steps
    if locked.state == S.SCREENING:
        return steps[0] if steps else S.READY_FOR_CERTIFICATE
    index = steps.index(locked.state)
    return steps[index + 1] if index + 1 < len(steps) else S.READY_FOR_CERTIFICATE


def _advance(locked: Claim, move: str, actor, *, reason: str = "", fields=(), payload=None) -> Claim:
    """Enter the next step of the profile, doing what entering it requires."""
    target = _next_state(locked)
    fields = list(fields)
    if target == S.PUBLIC_NOTICE:
        locked.notice_start = clock.today()
        locked.notice_end = locked.notice_start + dt.timedelta(days=locked.notice_days)
        fields += ["notice_start", "notice_end"]
    if target == S.COMMITTEE_VALIDATION and committee.round_votes(locked).exists():
        # Back before the committee after its members voted (a dispute's agreement revised the boundary and
        # the notice ran again): a new round, in which every member votes on the claim as it now is.
        locked.committee_round += 1
        fields.append("committee_round")
    if target == S.READY_FOR_CERTIFICATE:
        _check_no_open_objection(locked)
        if locked.is_change:
            check_consents(locked)  # the holders may have changed since submission
            fields += changes.change_apply(locked, actor=actor)
        else:
            register_claim(locked, actor=actor)
            fields += ["parcel", "right"]
    return _record(locked, move, actor, target, reason=reason, fields=fields, payload=payload)


@transaction.atomic
def claim_submit(*, claim: Claim, actor) -> Claim:
    locked = _lock(claim, "submit", actor)
    holders = list(locked.claimants.filter(role="holder"))
    if locked.purpose in [S_FIRST, *KINDS_WITH_NEW_HOLDERS]:
        if not holders:
            raise ClaimError(_("A claim names at least one claimant."))
        check_shares_total(h.share for h in holders)
    if locked.purpose == S_FIRST:
        check_inside_village(locked)
    check_group_claim(locked)
    if locked.is_change:
        changes.check_subject_still_open(locked)
        check_consents(locked)  # every co-holder of a joint or collective right consents to its disposal
    # A first claim needs the application's documents; a change, those its kind needs (deed, attestation…).
    _check_documents(locked, locked.purpose if locked.is_change else "application")
    fields = []
    if not locked.receipt_number:
        AdministrativeUnit.objects.select_for_update().get(pk=locked.village_id)  # numbering lock
        locked.receipt_number = next_receipt_number(locked.village)
        fields.append("receipt_number")
    return _record(locked, "submit", actor, S.SUBMITTED, fields=fields)


@transaction.atomic
def screening_start(*, claim: Claim, actor) -> Claim:
    return _record(_lock(claim, "screening_start", actor), "screening_start", actor, S.SCREENING)


@transaction.atomic
def screening_return(*, claim: Claim, actor, reasons: str) -> Claim:
    locked = _lock(claim, "screening_return", actor)
    if not reasons.strip():
        if locked.lodged_by_office:  # a change the land office lodged goes back to its desk, not to an agent
            raise ClaimError(_("Say what the office desk must complete or correct."))
        raise ClaimError(_("Say what the agent must complete or correct."))
    locked.return_reasons = reasons
    return _record(locked, "screening_return", actor, S.RETURNED, reason=reasons, fields=["return_reasons"])


def screening_conflicts(claim: Claim) -> list:
    """Recorded parcels and other claims in progress that overlap the claim beyond the profile's tolerance."""
    profile = claim.profile
    tolerance = {"tolerance_m2": profile.overlap_tolerance_m2, "tolerance_pct": profile.overlap_tolerance_pct}
    in_progress = claims_in_progress(exclude_pk=claim.pk)
    return overlaps_of(claim.geometry, queryset=Parcel.objects.current(), **tolerance) + overlaps_of(
        claim.geometry, queryset=in_progress, **tolerance
    )


@transaction.atomic
def screening_accept(*, claim: Claim, actor) -> Claim:
    locked = _lock(claim, "screening_accept", actor)
    if locked.is_change:
        # The boundaries are those of registered parcels (a split's parts were checked against them).
        changes.check_subject_still_open(locked)
        return _advance(locked, "screening_accept", actor)
    check_inside_village(locked)
    conflicts = screening_conflicts(locked)
    if conflicts:
        listed = overlaps_listed(conflicts)
        raise OverlapError(
            _("The boundary overlaps %(list)s beyond the tolerance; return or reject the claim.")
            % {"list": listed}
        )
    AdministrativeUnit.objects.select_for_update().get(pk=locked.village_id)  # numbering lock
    locked.parcel_number = locked.parcel_number or reserve_parcel_number(locked.village)
    return _advance(locked, "screening_accept", actor, fields=["parcel_number"])


@transaction.atomic
def notice_extend(*, claim: Claim, actor, new_end: dt.date, reason: str) -> Claim:
    """The window may be lengthened, never shortened, once started."""
    locked = _lock(claim, "notice_extend", actor)
    if new_end <= locked.notice_end:
        raise NoticeError(
            _("The public notice cannot be shortened; it runs until %(end)s.")
            % {"end": date_format(locked.notice_end, "d/m/Y")}
        )
    if not reason.strip():
        raise ClaimError(_("Say why the public notice is extended."))
    old_end, locked.notice_end = locked.notice_end, new_end
    return _record(
        locked,
        "notice_extend",
        actor,
        S.PUBLIC_NOTICE,
        reason=reason,
        fields=["notice_end"],
        payload={"old_end": old_end.isoformat(), "new_end": new_end.isoformat()},
    )


def notice_closes_on(claim: Claim) -> dt.date:
    """The first day the public notice may be closed: the day after its end, objections being received until
    the end of its last day. The claim's page offers « Clore la publicité » from then, by the same rule."""
    return claim.notice_end + dt.timedelta(days=1)


@transaction.atomic
def notice_close(*, claim: Claim, actor) -> Claim:
    locked = _lock(claim, "notice_close", actor)
    if clock.today() < notice_closes_on(locked):
        raise NoticeError(
            _("The public notice runs until %(end)s; it can be closed from the day after.")
            % {"end": date_format(locked.notice_end, "d/m/Y")}  # as the claim's page writes it, not ISO
        )
    _check_documents(locked, Step.PUBLIC_NOTICE)
    return _advance(locked, "notice_close", actor)


@transaction.atomic
def site_verification_close(*, claim: Claim, actor) -> Claim:
    locked = _lock(claim, "site_verification_close", actor)
    visit = locked.site_visits.order_by("-visit_date", "-created_at").first()
    if visit is None:
        raise ClaimError(_("Record the site verification (its signed record) first."))
    if not visit.attendees.filter(role="applicant").exclude(mark="absent").exists():
        raise ClaimError(_("The site record must show the applicant (or a representative) present."))
    _check_documents(locked, Step.SITE_VERIFICATION)
    return _advance(locked, "site_verification_close", actor, payload={"site_visit": str(visit.pk)})


@transaction.atomic
def committee_validate(*, claim: Claim, actor, reason: str = "") -> Claim:
    locked = _lock(claim, "committee_validate", actor)
    _check_no_open_objection(locked)
    tally = committee.tally(locked)
    if not tally.quorum_reached:
        raise VoteError(committee.quorum_not_reached(cast=tally.cast, needed=tally.needed))
    if not tally.approved:
        raise VoteError(_("The votes do not approve the claim; record a rejection instead."))
    _check_documents(locked, Step.COMMITTEE_VALIDATION)
    # The count goes in the chained payload as numbers, said in the reader's language when shown (it was
    # stored as a French sentence in the reason, which English pages then showed).
    votes = {"approve": tally.approve, "reject": tally.reject}
    return _advance(locked, "committee_validate", actor, reason=reason, payload={"votes": votes})


@transaction.atomic
def authority_approve(*, claim: Claim, actor, reason: str = "") -> Claim:
    locked = _lock(claim, "authority_approve", actor)
    _check_no_open_objection(locked)
    _check_documents(locked, Step.AUTHORITY_APPROVAL)
    return _advance(locked, "authority_approve", actor, reason=reason)


@transaction.atomic
def claim_reject(*, claim: Claim, actor, code: str, note: str) -> Claim:
    locked = _lock(claim, "reject", actor)
    refusal = rejection_refusal(locked, code)
    if refusal:
        raise ClaimError(refusal)
    if not note.strip():
        raise ClaimError(_("Explain the rejection; the applicant will read it."))
    if locked.state == S.COMMITTEE_VALIDATION:
        tally = committee.tally(locked)
        if not tally.quorum_reached or tally.approved:
            raise VoteError(_("Only a vote of the committee with quorum can reject the claim."))
    locked.rejection_reason, locked.rejection_note = code, note
    return _record(
        locked, "reject", actor, S.REJECTED, reason=note, fields=["rejection_reason", "rejection_note"]
    )


@transaction.atomic
def claim_withdraw(*, claim: Claim, actor, reason: str) -> Claim:
    locked = _lock(claim, "withdraw", actor)
    if not reason.strip():
        raise ClaimError(_("Record why the applicant withdraws."))
    return _record(locked, "withdraw", actor, S.WITHDRAWN, reason=reason)


@transaction.atomic
def claim_freeze(*, claim: Claim, actor, reason: str) -> Claim:
    locked = _lock(claim, "freeze", actor)
    if not reason.strip():
        raise ClaimError(_("Name the court case that freezes the claim."))
    locked.frozen_from = locked.state
    return _record(locked, "freeze", actor, S.FROZEN, reason=reason, fields=["frozen_from"])


@transaction.atomic
def claim_unfreeze(*, claim: Claim, actor, reason: str) -> Claim:
    locked = _lock(claim, "unfreeze", actor)
    if not reason.strip():
        raise ClaimError(_("Name the decision that lifts the freeze."))
    back_to, locked.frozen_from = locked.frozen_from, ""
    return _record(locked, "unfreeze", actor, back_to, reason=reason, fields=["frozen_from"])


@transaction.atomic
def claim_withdraw_settled(*, claim: Claim, actor, reason: str) -> Claim:
    """The claim is withdrawn by a dispute's agreement or decision (recorded by the conciliation body)."""
    locked = _lock(claim, "withdraw_settled", actor)
    if not reason.strip():
        raise ClaimError(_("Name the dispute record that withdraws the claim."))
    return _record(locked, "withdraw_settled", actor, S.WITHDRAWN, reason=reason)


@transaction.atomic
def claim_boundary_revise(*, claim: Claim, actor, geometry, reason: str) -> Claim:
    """A boundary agreed in conciliation or set by a court replaces the claimed one (the old one is in the
    event's payload); the screening overlap check runs again on the new boundary."""
    from landreg.parcels.services import normalise_boundary

    locked = _lock(claim, "boundary_revise", actor)
    if not reason.strip():
        raise ClaimError(_("Name the dispute record that revises the boundary."))
    old = locked.geometry.wkt
    locked.geometry = normalise_boundary(geometry, village=locked.village)
    if not locked.is_change:
        conflicts = [c for c in screening_conflicts(locked) if c.parcel_number != locked.parcel_number]
        if conflicts:
            listed = overlaps_listed(conflicts)
            raise OverlapError(
                _("The revised boundary overlaps %(list)s beyond the tolerance.") % {"list": listed}
            )
    fields, payload = ["geometry"], {"old": old}
    if locked.state == S.COMMITTEE_VALIDATION and committee.round_votes(locked).exists():
        # Revised while before the committee, its notice not posted again (the profile's dispute_new_notice
        # unset, or a court's boundary): the votes cast were on the boundary that was, not on the claim that
        # is. A new round, as when it comes back after a new notice (_advance); the page says why.
        locked.committee_round += 1
        fields.append("committee_round")
        payload["committee_round"] = locked.committee_round
    return _record(
        locked, "boundary_revise", actor, locked.state, reason=reason, fields=fields, payload=payload
    )


@transaction.atomic
def notice_restart(*, claim: Claim, actor, reason: str) -> Claim:
    """A claim changed by an agreement is posted again for the profile's full notice length."""
    locked = _lock(claim, "notice_restart", actor)
    if S.PUBLIC_NOTICE not in locked.steps:
        raise NoticeError(_("The procedure of this claim has no public notice."))
    locked.notice_start = clock.today()
    locked.notice_end = locked.notice_start + dt.timedelta(days=locked.notice_days)
    fields = ["notice_start", "notice_end"]
    return _record(locked, "notice_restart", actor, S.PUBLIC_NOTICE, reason=reason, fields=fields)


def move_run(*, claim: Claim, move: str, actor, values) -> Claim:
    """Run a move by name with the values a form or serializer of that move has validated.

    Each move reads its own named values and calls its function with explicit keywords: nothing of the
    request (``actor``, ``claim``, a CSRF token, the button's name) can reach a transition by accident.
    """
    match move:
        case "submit":
            return claim_submit(claim=claim, actor=actor)
        case "screening_start":
            return screening_start(claim=claim, actor=actor)
        case "screening_return":
            return screening_return(claim=claim, actor=actor, reasons=values["reasons"])
        case "screening_accept":
            return screening_accept(claim=claim, actor=actor)
        case "notice_extend":
            return notice_extend(claim=claim, actor=actor, new_end=values["new_end"], reason=values["reason"])
        case "notice_close":
            return notice_close(claim=claim, actor=actor)
        case "site_verification_close":
            return site_verification_close(claim=claim, actor=actor)
        case "committee_validate":
            return committee_validate(claim=claim, actor=actor, reason=values.get("reason", ""))
        case "authority_approve":
            return authority_approve(claim=claim, actor=actor, reason=values.get("reason", ""))
        case "reject":
            return claim_reject(claim=claim, actor=actor, code=values["code"], note=values["note"])
        case "withdraw":
            return claim_withdraw(claim=claim, actor=actor, reason=values["reason"])
        case "freeze":
            return claim_freeze(claim=claim, actor=actor, reason=values["reason"])
        case "unfreeze":
            return claim_unfreeze(claim=claim, actor=actor, reason=values["reason"])
    raise TransitionNotAllowed(_("Unknown move “%(move)s”.") % {"move": move})
