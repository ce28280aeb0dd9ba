"""Who claims, as a list of claims names them (the claim list page, the header search's claims): the claimants
(the future holders: people, or the group claiming), and for a group its mandatary and its other members, as
the claim stores them (``Claimant.role``); witnesses are not claimants. A person asking after their file at
the counter is found by their name (web.search): the row found must show it, even as a member of a family.

The names of every claim of a page are read in one statement (``claimant_names_of``), or in the one statement
of the header search on PostgreSQL (web.search.sql), each made into the same ``ClaimantNames``.
"""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from landreg.adjudication.models import Claimant, ClaimantRole
from landreg.parties.models import display_name_of

# A claimant's columns, then their registered party's (None when not registered): the party's names win, as
# on the claim's page (Claimant.public_name).
NAME_COLUMNS = (
    "role",
    "kind",
    "last_name",
    "first_names",
    "name",
    "party__kind",
    "party__last_name",
    "party__first_names",
    "party__name",
)


@dataclass(frozen=True)
class ClaimantNames:
    holders: tuple[str, ...] = ()  # the claimants: each person, or the group claiming
    mandatary: str = ""  # the group's mandatary, if a group claims
    members: tuple[str, ...] = ()  # the group's other members


NO_NAMES = ClaimantNames()


def claimant_names(people: Iterable[Sequence]) -> ClaimantNames:
    """The names of a claim's claimants, each given as its ``NAME_COLUMNS``, in the order given (the
    claimants' ids); witnesses left out."""
    holders, mandataries, members = [], [], []
    for role, kind, last_name, first_names, name, *party in people:
        if party[0] is not None:  # a registered person: their names as registered
            kind, last_name, first_names, name = party
        shown = display_name_of(kind, last_name or "", first_names or "", name or "")
        if role == ClaimantRole.HOLDER:
            holders.append(shown)
        elif role == ClaimantRole.MANDATARY:
            mandataries.append(shown)
        elif role == ClaimantRole.MEMBER:
            members.append(shown)
    return ClaimantNames(holders=tuple(holders), mandatary=", ".join(mandataries), members=tuple(members))


def claimant_names_of(claim_ids: Sequence) -> dict:
    """{claim id: ClaimantNames} of these claims, read in one statement (none for no claim)."""
    if not claim_ids:
        return {}
    rows = (
        Claimant.objects.filter(claim_id__in=claim_ids)
        .exclude(role=ClaimantRole.WITNESS)
        .order_by("claim_id", "pk")
        .values_list("claim_id", *NAME_COLUMNS)
    )
    people: dict = {}
    for claim_id, *columns in rows:
        people.setdefault(claim_id, []).append(columns)
    return {claim_id: claimant_names(columns) for claim_id, columns in people.items()}


def claimant_names_read(value) -> ClaimantNames:
    """The names from PostgreSQL's json_agg of each claimant's ``NAME_COLUMNS`` (web.search.sql)."""
    if value is None:
        return NO_NAMES
    return claimant_names(json.loads(value) if isinstance(value, str) else value)
