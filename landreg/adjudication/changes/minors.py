"""Minors among those who take a right (an heir, a donee, a buyer): each is named with their legal
representative.

A person younger than the profile's age of majority on the day of the act (``ProcedureProfile.majority_age``,
read through ``parties.minority``) does not act alone: a parent or a guardian acts for them. An application
that names a minor without a representative, when none is recorded for them already, is refused with the
minor's name, so the land office asks who represents the child before the family leaves the desk. The
representative named on the application is recorded for the person when it is approved
(``claims.registration.holders_from_claimants``)."""

import datetime as dt

from django.utils.translation import gettext as _

from landreg.adjudication.exceptions import ClaimError
from landreg.adjudication.models import Claim, ClaimantRole
from landreg.core import clock
from landreg.parties.minority import is_minor
from landreg.parties.models import (
    BASES_NEEDING_REFERENCE,
    GUARDIAN_NEEDS_REFERENCE,
    PartyKind,
    RepresentationBasis,
)
from landreg.parties.selectors import representations_of


class MinorNotRepresentedError(ClaimError):
    """A minor takes a right and no legal representative is named or recorded for them."""


def minor_not_represented_message(name: str, birth_date: dt.date) -> str:
    return _(
        "%(name)s is a minor on the day of the act (born on %(date)s): name their legal representative "
        "(father, mother or guardian) and the basis of the representation."
    ) % {"name": name, "date": f"{birth_date:%d/%m/%Y}"}


def check_minors_represented(claim: Claim, *, on: dt.date | None = None) -> None:
    """Raise unless each natural person taking the right who is a minor on ``on`` (today) has a legal
    representative named on the application or recorded in the register."""
    on = on or clock.today()
    takers = [
        c
        for c in claim.claimants.select_related("party").order_by("id")
        if c.role == ClaimantRole.HOLDER and c.kind == PartyKind.NATURAL
    ]
    recorded = representations_of(c.party_id for c in takers if c.party_id)
    for claimant in takers:
        if claimant.representative_name.strip():
            _check_representation_named(claimant)
        birth_date = claimant.party.birth_date if claimant.party_id else claimant.birth_date
        if not is_minor(birth_date, on=on, majority_age=claim.profile.majority_age):
            continue
        if claimant.representative_name.strip() or claimant.party_id in recorded:
            continue
        raise MinorNotRepresentedError(minor_not_represented_message(claimant.public_name, birth_date))


def check_parties_represented(parties, *, majority_age: int, on: dt.date | None = None) -> None:
    """Raise unless each natural person among ``parties`` (the register's persons taking a right directly,
    ``transfers.right_transfer``) who is a minor on ``on`` (today) has a legal representation recorded: the
    direct path names no representative, so the land office records one first (parties admin) or lodges a
    change application that names it."""
    on = on or clock.today()
    people = [p for p in parties if p.kind == PartyKind.NATURAL]
    recorded = representations_of(people)
    for person in people:
        if is_minor(person.birth_date, on=on, majority_age=majority_age) and person.pk not in recorded:
            message = minor_not_represented_message(person.display_name, person.birth_date)
            raise MinorNotRepresentedError(message)


def _check_representation_named(claimant) -> None:
    """A representative named has the basis of their power (and a guardian its deliberation or judgment):
    checked now, not at approval, when the family has long left the desk."""
    if claimant.representative_basis not in RepresentationBasis.values:
        raise ClaimError(
            _("Say whether the representative of %(name)s is the father, the mother or a guardian.")
            % {"name": claimant.public_name}
        )
    if claimant.representative_basis in BASES_NEEDING_REFERENCE and not claimant.representative_reference:
        raise ClaimError(str(GUARDIAN_NEEDS_REFERENCE))
