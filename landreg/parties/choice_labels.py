"""How a list of choices names a person (the select of a registered person on a claim, a change's new holders,
the record corrected, a party joining a dispute), and the header search's list of people: with what tells
namesakes apart and the user may see. Three « BATIONO Téné (SAB-C) » in one list told the clerk nothing of
whom to choose.

Each label is the name and the village's code; for a natural person, where the user may see the personal data
of the person's village (``view_personal_data``, as the parcel page shows ID documents; never to a user of
another village): the year of birth (not the date) and the ID document's number, which the clerk has in hand
on the person's card (the demo's three namesakes were born the same day: only their ID numbers differ); and
the domicile (the quartier) when it says more than the village. The model holds no father's or mother's name.
"""

import datetime as dt
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

    @property
    def personal_key(self) -> str:
        """What the labels' personal data depend on, for a key of lists kept as printed (web.search.kept)."""
        paths = self._personal_paths
        return "*" if paths is None else "\n".join(sorted(paths))

    def personal_at(self, path: str) -> bool:
        """The user may see the personal data of the village at ``path``."""
        paths = self._personal_paths
        return paths is None or any(path.startswith(granted) for granted in paths)

    def __call__(self, party: Party) -> str:
        village = party.village
        traits = self.traits(
            kind=party.kind,
            sex=party.sex,
            birth_date=party.birth_date,
            birth_date_is_approximate=party.birth_date_is_approximate,
            id_document_number=party.id_document_number,
            domicile=party.domicile,
            village_name=village.name,
            village_path=village.path,
        )
        return " — ".join([f"{party.display_name} ({village.code})", *traits])

    def traits(
        self,
        *,
        kind: str,
        sex: str,
        birth_date: dt.date | None,
        birth_date_is_approximate: bool,
        id_document_number: str,
        domicile: str,
        village_name: str,
        village_path: str,
    ) -> list[str]:
        """What tells a party apart from its namesakes of the same village, as the user may see it: the year
        of birth and the ID number where the user sees the village's personal data, the domicile when it is
        not the village. (Of the columns read as values: the header search's rows have no instance.)"""
        if kind != PartyKind.NATURAL:
            return []
        parts = []
        if self.personal_at(village_path):
            if birth_date:
                parts.append(born(sex=sex, birth_date=birth_date, approximate=birth_date_is_approximate))
            if id_document_number:
                parts.append(gettext("ID no. %(number)s") % {"number": id_document_number})
        if domicile.strip() and fold(domicile) != fold(village_name):
            parts.append(domicile.strip())
        return parts


def born(*, sex: str, birth_date: dt.date, approximate: bool) -> str:
    year = {"year": birth_date.year}
    if sex == Sex.FEMALE:
        if approximate:
            return pgettext("female", "born about %(year)s") % year
        return pgettext("female", "born in %(year)s") % year
    if approximate:
        return pgettext("male", "born about %(year)s") % year
    return pgettext("male", "born in %(year)s") % year
