"""Reads of claims, scoped to the villages where the user holds the permission the list is for."""

import datetime as dt

from django.db.models import QuerySet

from landreg.accounts.selectors import villages_covered
from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimPurpose, ClaimState

_QUEUES = {
    # queue name: (permission, states it lists)
    "mine": ("record_claims", None),
    "changes": ("record_transactions", None),
    "screening": ("screen_claims", [ClaimState.SUBMITTED, ClaimState.SCREENING]),
    "notice": ("screen_claims", [ClaimState.PUBLIC_NOTICE]),
    "site": ("vote_committee", [ClaimState.SITE_VERIFICATION]),
    "committee": ("vote_committee", [ClaimState.COMMITTEE_VALIDATION]),
    "approval": ("approve_claims", [ClaimState.AUTHORITY_APPROVAL]),
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


def claims_on_notice(village, today: dt.date) -> QuerySet[Claim]:
    """Public: claims of the village whose notice window is running today (names only are shown)."""
    return (
        Claim.objects.filter(
            village=village, state=ClaimState.PUBLIC_NOTICE, notice_start__lte=today, notice_end__gte=today
        )
        .prefetch_related("claimants__party", "subject_parcels")
        .order_by("notice_end", "receipt_number")
    )
