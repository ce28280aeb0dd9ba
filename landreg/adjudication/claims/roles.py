"""What a claim's pages call the people it names, by where the claim stands and what it asks for.

A claimant who will hold the right is « demandeur (futur titulaire) » while the claim runs, « héritier »,
« acheteur », « donataire » on an application for an inheritance, a sale or a donation; once the claim is
approved (ready for certificate, the right registered) they are the holder, and a claim rejected or withdrawn
leaves them a claimant who will hold nothing. The sellers and donors of an application are the holders of the
right transferred; a mortgage names its creditor. Each word in the feminine for a woman (parties.role_words).
"""

from landreg.adjudication.models import ClaimantRole
from landreg.adjudication.states import ClaimPurpose, ClaimState
from landreg.parties.role_words import role_said

_WHILE_RUNNING = {
    ClaimPurpose.INHERITANCE: "heir_future_holder",
    ClaimPurpose.SALE: "buyer_future_holder",
    ClaimPurpose.DONATION: "donee_future_holder",
}
_GIVERS = {ClaimPurpose.SALE: "seller", ClaimPurpose.DONATION: "donor"}


def holder_role(*, purpose: str, state: str) -> str:
    """The role word (parties.role_words.WORDS) of a claimant who is to hold the right. A mortgage's one
    claimant is its creditor, whatever the application's state: it holds no land (« demandeur (futur
    titulaire) » said a bank was to hold the parcel)."""
    if purpose == ClaimPurpose.MORTGAGE:
        return "creditor"
    if state == ClaimState.READY_FOR_CERTIFICATE:
        return "holder"
    if state in (ClaimState.REJECTED, ClaimState.WITHDRAWN):
        return "claimant"
    return _WHILE_RUNNING.get(purpose, "claimant_future_holder")


def claimant_role_said(*, role: str, purpose: str, state: str, kind: str, sex: str, label: str) -> str:
    """A claimant's role as the pages say it; ``label`` is the role's choice label (a group's member, its
    mandatary, a witness: words without a feminine of their own)."""
    if role != ClaimantRole.HOLDER:
        return label
    return role_said(holder_role(purpose=purpose, state=state), kind=kind, sex=sex)


def claimant_role(claimant, claim) -> str:
    """``claimant_role_said`` of a claimant of ``claim``, by its registered party's kind and sex if any."""
    party = claimant.party if claimant.party_id else None
    return claimant_role_said(
        role=claimant.role,
        purpose=claim.purpose,
        state=claim.state,
        kind=party.kind if party else claimant.kind,
        sex=party.sex if party else claimant.sex,
        label=claimant.get_role_display(),
    )


def giver_role(party, claim) -> str:
    """What a sale or a donation calls a holder of the right it transfers (« vendeuse », « donateur »); empty
    for the other kinds of change."""
    role = _GIVERS.get(claim.purpose)
    return role_said(role, kind=party.kind, sex=party.sex) if role else ""
