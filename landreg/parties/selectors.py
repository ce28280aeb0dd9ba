from django.db.models import QuerySet

from landreg.accounts.selectors import villages_covered
from landreg.parties.models import Party


def parties_visible_to(user) -> QuerySet[Party]:
    return Party.objects.filter(village__in=villages_covered(user, "view_records"))
