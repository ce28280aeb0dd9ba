from collections.abc import Iterable

from django.db.models import F, QuerySet

from landreg.accounts.selectors import sees_village_records, villages_covered
from landreg.parties.models import LegalRepresentation, Party


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


def representations_of(people: Iterable) -> dict:
    """{party id: its current legal representation} for the parties ``people`` (ids or parties), in one
    statement whatever their number."""
    ids = {getattr(p, "pk", p) for p in people}
    if not ids:
        return {}
    rows = LegalRepresentation.objects.current().filter(person__in=ids)
    return {row.person_id: row for row in rows}
