"""Reads of claims, scoped to the villages where the user holds the permission the list is for."""

import datetime as dt

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from landreg.accounts.selectors import villages_covered
from landreg.adjudication.models import Claim, ClaimEvent, ProcedureProfile
from landreg.adjudication.states import FINAL_STATES, ClaimPurpose, ClaimState
from landreg.core import clock
from landreg.rights.models import Right, RightHolder

# In the procedure's order: a first registration's steps (drafting, screening, notice, site, committee,
# approval), then the later changes to what is registered. The claims page shows its tabs in this order and
# opens on the first where the user has something to do (claims_to_act_on): the land office's screening
# before its change applications, which it records but which are mostly waiting on others.
_QUEUES = {
    # queue name: (permission, states it lists)
    "mine": ("record_claims", None),
    "screening": ("screen_claims", [ClaimState.SUBMITTED, ClaimState.SCREENING]),
    "notice": ("screen_claims", [ClaimState.PUBLIC_NOTICE]),
    "site": ("vote_committee", [ClaimState.SITE_VERIFICATION]),
    "committee": ("vote_committee", [ClaimState.COMMITTEE_VALIDATION]),
    "approval": ("approve_claims", [ClaimState.AUTHORITY_APPROVAL]),
    "changes": ("record_transactions", None),
}
QUEUE_NAMES = list(_QUEUES)


def claims_visible_to(user) -> QuerySet[Claim]:
    return Claim.objects.filter(village__in=villages_covered(user, "view_records")).select_related(
        "village", "profile", "right_type"
    )


def claim_queue(user, queue: str) -> QuerySet[Claim]:
    """The claims waiting for this user's part (an unknown queue name gives an empty list)."""
    if queue not in _QUEUES:
        return Claim.objects.none()
    codename, states = _QUEUES[queue]
    claims = Claim.objects.filter(village__in=villages_covered(user, codename)).select_related(
        "village", "profile", "right_type"
    )
    if queue == "mine":
        claims = claims.filter(created_by=user, purpose=ClaimPurpose.FIRST_REGISTRATION)
    if queue == "changes":  # the land office's applications for later changes, in every state
        claims = claims.exclude(purpose=ClaimPurpose.FIRST_REGISTRATION)
    if states is not None:
        claims = claims.filter(state__in=states)
    return claims.order_by("created_at")


def claims_to_act_on(user, queue: str, claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """The claims of the queue ``queue`` (``claims``, from claim_queue) that wait for the user's own act, as
    the home page's work list counts them: the agent's drafts and returned claims (the rest of « mine » wait
    for others), the change applications still open, the committee's claims the member has not voted on;
    every claim of the other queues (to screen, a notice to close, a site visit, an approval)."""
    if queue == "mine":
        return claims.filter(state__in=[ClaimState.DRAFT, ClaimState.RETURNED])
    if queue == "changes":
        return claims.exclude(state__in=FINAL_STATES)
    if queue == "committee":
        return claims.exclude(votes__member=user)
    return claims


SIDES = {"N": "limit_north", "E": "limit_east", "S": "limit_south", "W": "limit_west"}


def recorded_limits(parcel) -> dict[str, str]:
    """The parcel's limits as the agent wrote them on its claim (« piste de Kɔmbissiri », « marigot »), by
    side N/E/S/W: the latest approved claim of the parcel that wrote any. A transfer's application writes
    none, so the new holder's certificate keeps the limits recorded at first registration."""
    written = Q()
    for field in SIDES.values():
        written |= ~Q(**{field: ""})
    claim = (
        Claim.objects.filter(parcel=parcel, state=ClaimState.READY_FOR_CERTIFICATE)
        .filter(written)
        .order_by("-created_at")
        .first()
    )
    if claim is None:
        return {}
    return {side: getattr(claim, field) for side, field in SIDES.items() if getattr(claim, field)}


def claims_on_notice(village, today: dt.date) -> QuerySet[Claim]:
    """Public: claims of the village whose notice window is running today (names only are shown)."""
    return (
        Claim.objects.filter(
            village=village, state=ClaimState.PUBLIC_NOTICE, notice_start__lte=today, notice_end__gte=today
        )
        .prefetch_related(
            "claimants__party",
            # A change without new holders is posted with the holders in force of its parcels
            # (notice.boards.notice_rows): read for every claim at once, not per parcel, right and holder.
            Prefetch(
                "subject_parcels__rights",
                queryset=Right.objects.in_force(today).prefetch_related(
                    Prefetch("holders", queryset=RightHolder.objects.select_related("party"))
                ),
                to_attr="rights_in_force",
            ),
        )
        .order_by("notice_end", "receipt_number")
    )


# States where a claim waits for someone's act; past its profile's ``overdue_after_days`` there, it is late.
WAITING_STATES = [
    ClaimState.SUBMITTED,
    ClaimState.SCREENING,
    ClaimState.RETURNED,
    ClaimState.SITE_VERIFICATION,
    ClaimState.COMMITTEE_VALIDATION,
    ClaimState.AUTHORITY_APPROVAL,
]


def with_last_move(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Claims with ``last_move``: when they entered their present state (their creation if never moved)."""
    latest = (
        ClaimEvent.objects.filter(claim=OuterRef("pk")).order_by("-occurred_at").values("occurred_at")[:1]
    )
    return claims.annotate(last_move=Coalesce(Subquery(latest), F("created_at")))


def overdue_claims(claims: QuerySet[Claim], now: dt.datetime | None = None) -> QuerySet[Claim]:
    """The claims past a deadline of their procedure profile: a notice that has ended while the claim is
    still under notice (the registrar must close it), or a wait longer than the profile allows at a step.

    One condition per profile (a handful of rows), so the database compares each claim with its own
    profile's delay in the same query."""
    now = now or clock.now()
    late = Q(state=ClaimState.PUBLIC_NOTICE, notice_end__lt=clock.today())
    for code, days in ProcedureProfile.objects.values_list("code", "overdue_after_days"):
        late |= Q(profile_id=code, state__in=WAITING_STATES, last_move__lt=now - dt.timedelta(days=days))
    return with_last_move(claims).filter(late)


def changes_in_progress(parcels) -> QuerySet[Claim]:
    """Applications for a change lodged on any of these parcels (a receipt given) and not yet finished: while
    one is, no other application on them is submitted (changes.applications.check_subject_still_open), and the
    change page says so before anyone types a new one. Drafts and returned applications hold nothing."""
    return (
        Claim.objects.filter(subject_parcels__in=parcels)
        .exclude(state__in=[*FINAL_STATES, ClaimState.DRAFT, ClaimState.RETURNED])
        .exclude(receipt_number__isnull=True)
        .order_by("created_at")
    )
