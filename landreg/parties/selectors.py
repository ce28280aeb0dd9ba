from django.db.models import QuerySet

from landreg.accounts.selectors import villages_covered
from landreg.parties.models import Party


def parties_visible_to(user) -> QuerySet[Party]:
    return Party.objects.filter(village__in=villages_covered(user, "view_records"))


def parties_seen_among(user, ids) -> set:
    """Of the parties ``ids`` (a list, or a subquery of party ids), those the user may see: the people whose
    page (web.people) a page naming them may link to. One statement, whatever the number of names."""
    return set(parties_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
