from collections.abc import Iterable

from django.db.models import F, QuerySet

from landreg.accounts.selectors import sees_village_records, villages_covered
from landreg.parties.models import Party


def parties_visible_to(user) -> QuerySet[Party]:
    return Party.objects.filter(village__in=villages_covered(user, "view_records"))


# The village of a row's registered party (a claimant, a party to a case), read with the row:
# ``annotate(**PARTY_VILLAGE)``, for parties_seen_among.
PARTY_VILLAGE = {
    "party_village_path": F("party__village__path"),
    "party_village_level": F("party__village__level"),
}


def parties_seen_among(user, people: Iterable[tuple]) -> set:
    """Of the registered parties ``people``, each (id, village path, village level) as the page read them
    (PARTY_VILLAGE; an id None for a name typed, not registered), those the user may see as
    parties_visible_to does: the people whose page (web.people) a page naming them may link to. Answered from
    the paths and the user's permissions, read once a request: no statement."""
    return {pk for pk, path, level in people if pk is not None and sees_village_records(user, path, level)}
