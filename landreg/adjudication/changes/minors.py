"""Minors among those who take a right (a first claimant, an heir, a donee, a buyer): each is named with their
legal representative.

A person younger than the profile's age of majority on the day of the act (``ProcedureProfile.majority_age``,
read through ``parties.minority``) does not act alone: a parent or a guardian acts for them. A claim or an
application that names a minor without a representative, when none is recorded for them already, is refused
with the minor's name, so the agent or the land office asks who represents the child before the family leaves.
The representative named is recorded for the person when the claim or application is approved
(``claims.registration.holders_from_claimants``).

One rule for every door: ``representation_faults`` says, for each person taking the right, what is missing
and beside which field (``representative_name``, ``representative_basis``, ``representative_reference``);
the pages put it beside the row, the API in its serializer's errors, an ODK record in its reasons, and the
services (``check_inputs_represented``, ``check_minors_represented``) refuse the first for every caller."""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from landreg.adjudication.exceptions import ClaimError
from landreg.adjudication.models import Claim, ClaimantRole
from landreg.core import clock
from landreg.parties.minority import OLDEST_MAJORITY_AGE, is_minor
from landreg.parties.models import (
    BASES_NEEDING_REFERENCE,
    GUARDIAN_NEEDS_REFERENCE,
    PartyKind,
    RepresentationBasis,
)
from landreg.parties.selectors import representations_of

REPRESENTATIVE_FIELDS = ("representative_name", "representative_basis", "representative_reference")


class MinorNotRepresentedError(ClaimError):
    """A minor takes a right and no legal representative is named or recorded for them."""


@dataclass(frozen=True)
class Taker:
    """A natural person taking a right as a door names them: a registered person (``party_id``, their
    record's birth date) or a new one (the birth date typed), with the representative named for them, if
    any."""

    name: str
    birth_date: dt.date | None
    party_id: object = None
    representative_name: str = ""
    representative_basis: str = ""
    representative_reference: str = ""


def minor_not_represented_message(name: str, birth_date: dt.date) -> str:
    return _(
        "%(name)s is a minor on the day of the act (born on %(date)s): name their legal representative "
        "(father, mother or guardian) and the basis of the representation."
    ) % {"name": name, "date": f"{birth_date:%d/%m/%Y}"}


def representation_faults(
    takers: Sequence[Taker], *, majority_age: int | Callable[[], int], on: dt.date | None = None
) -> dict[int, dict[str, str]]:
    """What is missing for each taker (by position): field name -> message. A representative named has the
    basis of their power, a guardian the reference of their deliberation or judgment (checked now, not at
    approval, when the family has long left); a minor on ``on`` (today) has a representative named or
    recorded in the register. ``majority_age``: the profile's, or a function reading it, called only when a
    taker is young enough to be a minor under some profile (a list of adults reads nothing). The register's
    representations are read in one statement, only for a minor named without one."""
    on = on or clock.today()
    faults: dict[int, dict[str, str]] = {}
    young = []
    for index, taker in enumerate(takers):
        found = {}
        named = taker.representative_name.strip()
        if named and taker.representative_basis not in RepresentationBasis.values:
            found["representative_basis"] = _(
                "Say whether the representative of %(name)s is the father, the mother or a guardian."
            ) % {"name": taker.name}
        if (
            taker.representative_basis in BASES_NEEDING_REFERENCE
            and not taker.representative_reference.strip()
        ):
            found["representative_reference"] = str(GUARDIAN_NEEDS_REFERENCE)
        if found:
            faults[index] = found
        if not named and is_minor(taker.birth_date, on=on, majority_age=OLDEST_MAJORITY_AGE):
            young.append(index)
    if not young:
        return faults
    age = majority_age() if callable(majority_age) else majority_age
    minors = [i for i in young if is_minor(takers[i].birth_date, on=on, majority_age=age)]
    recorded = representations_of(takers[i].party_id for i in minors if takers[i].party_id)
    for index in minors:
        taker = takers[index]
        if taker.party_id is None or taker.party_id not in recorded:
            message = minor_not_represented_message(taker.name, taker.birth_date)
            faults.setdefault(index, {})["representative_name"] = message
    return dict(sorted(faults.items()))


def fault_messages(faults: dict[int, dict[str, str]]) -> list[str]:
    """Every message of ``representation_faults``, in the takers' order (an ODK record's reasons)."""
    return [message for found in faults.values() for message in found.values()]


def raise_first(faults: dict[int, dict[str, str]]) -> None:
    """The first fault as the services raise it: a minor without a representative is a
    MinorNotRepresentedError, a representation said wrong a ClaimError."""
    for found in faults.values():
        if "representative_name" in found:
            raise MinorNotRepresentedError(found["representative_name"])
        raise ClaimError(next(iter(found.values())))


def input_takers(claimants) -> tuple[list[int], list[Taker]]:
    """The natural persons taking the right among ``ClaimantInput``s (holders, not a group's members: the
    group takes it) as takers, with their positions in ``claimants``. A registered person's birth date is
    their record's; a new person's the one given (a date, or ISO text as an ODK record sends it)."""
    positions, takers = [], []
    for index, data in enumerate(claimants):
        party = data.party
        if data.role != ClaimantRole.HOLDER or data.holding_kind != PartyKind.NATURAL:
            continue
        if party is not None and not hasattr(party, "birth_date"):
            continue  # a party the caller may not name (api.drafting.UnknownParty): refused for that
        extra = data.extra
        if party is not None:
            name, birth_date = party.display_name, party.birth_date
        else:
            name = f"{data.last_name.strip().upper()} {data.first_names.strip()}".strip()
            birth_date = _date(extra.get("birth_date"))
        positions.append(index)
        takers.append(
            Taker(
                name=name,
                birth_date=birth_date,
                party_id=party.pk if party is not None else None,
                **{field: (extra.get(field) or "").strip() for field in REPRESENTATIVE_FIELDS},
            )
        )
    return positions, takers


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date) or value is None:
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None  # not a date: the claimant's own checks say so (claims.services.claimant_values)


def input_faults(claimants, *, majority_age: int | Callable[[], int]) -> dict[int, dict[str, str]]:
    """``representation_faults`` of ``ClaimantInput``s, by position in ``claimants``."""
    positions, takers = input_takers(claimants)
    faults = representation_faults(takers, majority_age=majority_age)
    return {positions[i]: found for i, found in faults.items()}


def check_inputs_represented(claimants, *, majority_age: int) -> None:
    """Raise unless each natural person claiming (``ClaimantInput``s of a first claim) who is a minor today
    has a legal representative named or recorded: ``claim_draft``, ``claim_update`` and a device's batch
    refuse so whoever calls them."""
    raise_first(input_faults(claimants, majority_age=majority_age))


def check_minors_represented(claim: Claim, *, on: dt.date | None = None) -> None:
    """Raise unless each natural person taking the right who is a minor on ``on`` (today) has a legal
    representative named on the application or recorded in the register."""
    takers = [
        Taker(
            name=c.public_name,
            birth_date=c.party.birth_date if c.party_id else c.birth_date,
            party_id=c.party_id,
            representative_name=c.representative_name,
            representative_basis=c.representative_basis,
            representative_reference=c.representative_reference,
        )
        for c in claim.claimants.select_related("party").order_by("id")
        if c.role == ClaimantRole.HOLDER and c.kind == PartyKind.NATURAL
    ]
    raise_first(representation_faults(takers, majority_age=lambda: claim.profile.majority_age, on=on))


@dataclass(frozen=True)
class RepresentativeInput:
    """A legal representative named for a registered person taking a right directly: a name (a registered
    person's as the register says it), the basis of the representation, a guardian's reference."""

    name: str
    basis: str
    reference: str = ""


def party_takers(parties, named=None) -> list[Taker]:
    """The natural persons among ``parties`` as takers, with the representative ``named`` for each
    ({party id: RepresentativeInput}), if any."""
    named = named or {}
    takers = []
    for party in parties:
        if party.kind != PartyKind.NATURAL:
            continue
        representative = named.get(party.pk)
        takers.append(
            Taker(
                name=party.display_name,
                birth_date=party.birth_date,
                party_id=party.pk,
                representative_name=representative.name if representative else "",
                representative_basis=representative.basis if representative else "",
                representative_reference=representative.reference if representative else "",
            )
        )
    return takers


def check_parties_represented(parties, *, majority_age: int, named=None, on: dt.date | None = None) -> None:
    """Raise unless each natural person among ``parties`` (the register's persons taking a right directly,
    ``transfers.right_transfer``) who is a minor on ``on`` (today) has a legal representative named in the
    request (``named``: {party id: RepresentativeInput}, the basis said) or recorded in the register."""
    takers = party_takers(parties, named)
    raise_first(representation_faults(takers, majority_age=majority_age, on=on))
