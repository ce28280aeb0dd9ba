"""Which type of right the party taking a right holds: the registry's rule for transfers (sale, inheritance,
donation).

A right's type says two things at once: its nature (statutory ownership, customary possession, occupation,
usufruct, a lease…) and, for ownership, who holds it (« Propriété collective » is ownership by a group: a
family, lineage, community or association, through its mandatary). A transfer keeps the nature, since the land
and its legal basis are the same, but the holding follows whoever takes the right: a family's « Propriété
collective » sold to one farmer is his own land, and a certificate that still read « collective » would tell a
bank or a buyer that a family must consent to its sale. So:

- a group party alone (or only groups) takes it: collective ownership (``commonOwnership``);
- one person, several people (co-ownership in shares) or a legal person (an association registered as a
  non-natural person, the State) take it: individual ownership of the same nature, that is ``ownership`` for a
  statutory right and ``customaryType`` (« Possession coutumière ») for a customary one;
- any other type (customary possession, occupation, usufruct, secondary rights) stays of its own nature
  whoever takes it: customary possession held by a family is still customary possession, the group on the
  certificate shows that it is collective.

The rule is computed from the takers, not chosen by the clerk: the same buyers always give the same type, and
the application's page and the API need no extra field a clerk could set against the buyers.
"""

from collections.abc import Iterable

COLLECTIVE = "commonOwnership"
INDIVIDUAL_BY_TENURE = {"formal": "ownership", "customary": "customaryType"}
# The types whose holding, not only their nature, is in the code: they change with who takes the right.
OWNERSHIP_TYPES = {"ownership", COLLECTIVE}


def right_type_taken(*, right_type: str, tenure_system: str, holder_kinds: Iterable[str]) -> str:
    """The code of the right type the takers of a transferred right hold (see the module's rule).

    ``holder_kinds``: the party kind (``natural``, ``non_natural``, ``group``) of each taker."""
    kinds = list(holder_kinds)
    if right_type not in OWNERSHIP_TYPES or not kinds:
        return right_type
    if all(kind == "group" for kind in kinds):
        return COLLECTIVE
    if right_type == COLLECTIVE:
        return INDIVIDUAL_BY_TENURE.get(tenure_system, "ownership")
    return right_type
