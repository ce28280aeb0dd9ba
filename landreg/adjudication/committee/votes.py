"""Committee votes: each member once, counted under the claim's row lock; the tally the profile asks for."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from landreg.accounts.selectors import has_unit_perm
from landreg.adjudication.exceptions import VoteError
from landreg.adjudication.models import Claim, CommitteeVote, VoteDecision
from landreg.adjudication.states import ClaimState, QuorumRule
from landreg.audit.services import audit_record
from landreg.core import clock
from landreg.core.exceptions import PermissionDeniedError


@dataclass(frozen=True)
class Tally:
    cast: int
    approve: int
    reject: int
    quorum_reached: bool
    approved: bool

    @property
    def summary(self) -> str:
        return _("%(approve)s for, %(reject)s against") % {"approve": self.approve, "reject": self.reject}


def tally(claim: Claim) -> Tally:
    decisions = list(claim.votes.values_list("decision", flat=True))
    cast, approve = len(decisions), decisions.count(VoteDecision.APPROVE)
    rule = claim.profile.quorum_rule
    if rule == QuorumRule.UNANIMITY:
        approved = cast > 0 and approve == cast
    elif rule == QuorumRule.TWO_THIRDS:
        approved = cast > 0 and 3 * approve >= 2 * cast
    else:
        approved = 2 * approve > cast
    quorum = cast >= claim.profile.quorum_min_votes
    return Tally(cast, approve, cast - approve, quorum, quorum and approved)


def vote_cast(*, claim: Claim, member, decision: str, reason: str) -> CommitteeVote:
    try:
        return _vote_cast(claim=claim, member=member, decision=decision, reason=reason)
    except IntegrityError as exc:  # the unique constraint is the last guard if two votes race
        raise VoteError(_("You have already voted on this claim.")) from exc


@transaction.atomic
def _vote_cast(*, claim: Claim, member, decision: str, reason: str) -> CommitteeVote:
    # The claim row lock serialises votes on one claim, so "already voted?" and the insert cannot interleave.
    locked = Claim.objects.select_for_update(of=("self",)).select_related("village").get(pk=claim.pk)
    if locked.state != ClaimState.COMMITTEE_VALIDATION:
        raise VoteError(_("The committee votes only while the claim awaits its validation."))
    if not has_unit_perm(member, "vote_committee", locked.village):
        raise PermissionDeniedError(_("You are not a member of this village's land committee."))
    if decision not in VoteDecision.values:
        raise VoteError(_("Vote “approve” or “reject”."))
    if not reason.strip():
        raise VoteError(_("Give the reason for your vote."))
    if CommitteeVote.objects.filter(claim=locked, member=member).exists():
        raise VoteError(_("You have already voted on this claim."))
    vote = CommitteeVote.objects.create(
        claim=locked, member=member, decision=decision, reason=reason, cast_at=clock.now()
    )
    audit_record(
        action="claim.vote", obj=locked, actor=member, payload={"decision": decision, "reason": reason}
    )
    return vote
