"""Committee votes: each member once, counted under the claim's row lock; the tally the profile asks for."""

import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
    needed: int = 0  # the profile's quorum

    @property
    def summary(self) -> str:
        return counted_summary(approve=self.approve, reject=self.reject)

    @property
    def quorum_said(self) -> str:
        """« quorum atteint », or how many votes are cast and needed: said on the claim's page as the
        validation refuses it (« Quorum non atteint : 1 vote exprimé, 3 requis. »)."""
        if self.quorum_reached:
            return _("quorum reached")
        return quorum_not_reached(cast=self.cast, needed=self.needed)

    @property
    def decides(self) -> str:
        """What the committee's vote allows its president (or the member who signs): ``validate`` where the
        quorum is reached and the votes approve, ``reject`` where it is reached and they do not, else nothing
        yet (the transitions refuse the same)."""
        if not self.quorum_reached:
            return ""
        return "validate" if self.approved else "reject"


def quorum_not_reached(*, cast: int, needed: int) -> str:
    return ngettext(
        "Quorum not reached: %(cast)s vote cast, %(needed)s needed.",
        "Quorum not reached: %(cast)s votes cast, %(needed)s needed.",
        cast,
    ) % {"cast": cast, "needed": needed}


def counted_summary(*, approve: int, reject: int) -> str:
    """« 2 pour, 1 contre » in the reader's language: said when read, never stored as a sentence."""
    return _("%(approve)s for, %(reject)s against") % {"approve": approve, "reject": reject}


# Validations recorded before the count was kept as numbers carry it as the sentence of the language of
# the request that validated (a chained event cannot be rewritten): read back as the numbers it says.
_STORED_COUNT = re.compile(r"^(\d+) (?:pour|for), (\d+) (?:contre|against)$")


def validation_note(*, reason: str, payload: dict) -> str:
    """What a committee validation's event says in the reader's language: the reason the president typed,
    else the count of the votes (kept as numbers in the chained payload, or an older stored sentence)."""
    count = payload.get("votes") if isinstance(payload, dict) else None
    if not reason and isinstance(count, dict):
        return counted_summary(approve=count.get("approve", 0), reject=count.get("reject", 0))
    stored = _STORED_COUNT.match(reason)
    if stored:
        return counted_summary(approve=int(stored.group(1)), reject=int(stored.group(2)))
    return reason


def round_votes(claim: Claim):
    """The votes of the claim's current committee round (Claim.committee_round): those cast before it came
    back to the committee were on another boundary."""
    return claim.votes.filter(round=claim.committee_round)


def round_reset_by(claim: Claim):
    """Why the votes cast before count no more, where the claim is in a later committee round: the revision of
    its boundary that opened it (the last; made while before the committee, or before it came back after a new
    notice). None in the first round."""
    if claim.committee_round <= 1:
        return None
    return claim.events.filter(move="boundary_revise").order_by("-occurred_at", "-id").first()


def tally(claim: Claim) -> Tally:
    decisions = list(round_votes(claim).values_list("decision", flat=True))
    cast, approve = len(decisions), decisions.count(VoteDecision.APPROVE)
    rule = claim.profile.quorum_rule
    if rule == QuorumRule.UNANIMITY:
        approved = cast > 0 and approve == cast
    elif rule == QuorumRule.TWO_THIRDS:
        approved = cast > 0 and 3 * approve >= 2 * cast
    else:
        approved = 2 * approve > cast
    needed = claim.profile.quorum_min_votes
    quorum = cast >= needed
    return Tally(cast, approve, cast - approve, quorum, quorum and approved, needed)


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
    if round_votes(locked).filter(member=member).exists():
        raise VoteError(_("You have already voted on this claim."))
    vote = CommitteeVote.objects.create(
        claim=locked,
        member=member,
        decision=decision,
        reason=reason,
        cast_at=clock.now(),
        round=locked.committee_round,
    )
    audit_record(
        action="claim.vote",
        obj=locked,
        actor=member,
        payload={"decision": decision, "reason": reason, "round": locked.committee_round},
    )
    return vote
