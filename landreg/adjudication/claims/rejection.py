"""The reasons for rejecting a claim that can apply to it at its step (adjudication.states.RejectionReason).

Screening (the land office's first review) may find a duplicate, an overlap, a right not established or public
land; it cannot find an objection upheld (the public notice, when objections are lodged, comes after it), a
vote of the committee (which votes later) or the signing authority's refusal (which signs last). Each of those
three applies at its own step only: an objection upheld where one was lodged against the claim, the
committee's vote at the committee's validation, the authority's refusal at its approval. The claim's page
offers only the reasons that apply (``rejection_reasons_for``) and ``claim_reject`` refuses the others,
whatever sent them, with ``rejection_refusal``'s reason.
"""

from django.utils.translation import gettext as _

from landreg.adjudication.models import Claim, Objection
from landreg.adjudication.states import ClaimState, RejectionReason


def rejection_refusal(claim: Claim, code: str) -> str | None:
    """Why ``code`` cannot be the reason for rejecting ``claim`` now, or None when it can."""
    if code not in RejectionReason.values:
        return _("Choose a reason for rejection from the list.")
    if code == RejectionReason.OBJECTION_UPHELD and not Objection.objects.filter(claim=claim).exists():
        return _("No objection was lodged against this claim: choose another reason.")
    if code == RejectionReason.COMMITTEE_VOTE and claim.state != ClaimState.COMMITTEE_VALIDATION:
        return _(
            "The committee votes on the claim at its validation, not at this step: choose another reason."
        )
    if code == RejectionReason.AUTHORITY_REFUSAL and claim.state != ClaimState.AUTHORITY_APPROVAL:
        return _(
            "The signing authority refuses a claim at its approval, not at this step: choose another reason."
        )
    return None


def rejection_reasons_for(claim: Claim) -> list[RejectionReason]:
    """The reasons that can apply to ``claim`` now, in the list's order."""
    return [reason for reason in RejectionReason if rejection_refusal(claim, reason) is None]
