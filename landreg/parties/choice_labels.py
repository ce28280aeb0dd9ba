"""How a list of choices names a person (the select of a registered person on a claim, a change's new holders,
the record corrected, a party joining a dispute): with what tells namesakes apart and the user may see. Three
« BATIONO Téné (SAB-C) » in one list told the clerk nothing of whom to choose.

Each label is the name and the village's code; for a natural person, where the user may see the personal data
of the person's village (``view_personal_data``, as the parcel page shows ID documents; never to a user of
another village): the year of birth (not the date) and the ID document's number, which the clerk has in hand
on the person's card (the demo's three namesakes were born the same day: only their ID numbers differ); and
the domicile (the quartier) when it says more than the village. The model holds no father's or mother's name.
"""

from functools import cached_property

from django.utils.translation import gettext, pgettext

from landreg.accounts.selectors import granted_paths
from landreg.core.search.folding import fold
from landreg.parties.models import Party, PartyKind, Sex


class PartyLabels:
    """Labels of the parties offered to ``user`` (None: no personal data). The user's grants are read once
    for all the labels of a page; each party's village must be loaded with it (``select_related``)."""

    def __init__(self, user=None):
        self.user = user

    @cached_property
    def _personal_paths(self) -> list[str] | None:
        """The paths under which the user may see personal data; None for everywhere (a superuser)."""
        user = self.user
        if user is None or not user.is_authenticated or not user.is_active:
            return []
        if user.is_superuser:
            return None
        return granted_paths(user, "view_personal_data")

    def personal(self, village) -> bool:
        paths = self._personal_paths
        return paths is None or any(village.path.startswith(path) for path in paths)

    def __call__(self, party: Party) -> str:
        village = party.village
        parts = [f"{party.display_name} ({village.code})"]
        if party.kind == PartyKind.NATURAL:
            if self.personal(village):
                if party.birth_date:
                    parts.append(born(party))
                if party.id_document_number:
                    parts.append(gettext("ID no. %(number)s") % {"number": party.id_document_number})
            if party.domicile.strip() and fold(party.domicile) != fold(village.name):
                parts.append(party.domicile.strip())
        return " — ".join(parts)


def born(party: Party) -> str:
    year = {"year": party.birth_date.year}
    if party.sex == Sex.FEMALE:
        if party.birth_date_is_approximate:
            return pgettext("female", "born about %(year)s") % year
        return pgettext("female", "born in %(year)s") % year
    if party.birth_date_is_approximate:
        return pgettext("male", "born about %(year)s") % year
    return pgettext("male", "born in %(year)s") % year
