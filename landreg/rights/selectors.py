from django.db.models import QuerySet

from landreg.accounts.selectors import villages_covered
from landreg.rights.models import Right


def rights_visible_to(user) -> QuerySet[Right]:
    return Right.objects.filter(parcel__village__in=villages_covered(user, "view_records"))
