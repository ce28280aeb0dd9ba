from django.db.models import QuerySet

from landreg.accounts.selectors import villages_covered
from landreg.parties.models import Party


def parties_visible_to(user) -> QuerySet[Party]:
    return Party.objects.filter(village__in=villages_covered(user, "view_records"))


def may_see_personal_data(user, party: Party) -> bool:
    return villages_covered(user, "view_personal_data").filter(pk=party.village_id).exists()
