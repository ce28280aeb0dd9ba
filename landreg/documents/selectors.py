from django.db.models import QuerySet

from landreg.accounts.selectors import villages_covered
from landreg.documents.models import Source


def sources_visible_to(user) -> QuerySet[Source]:
    return Source.objects.filter(village__in=villages_covered(user, "view_records"))
