from django.db.models import QuerySet

from landreg.accounts.selectors import villages_covered
from landreg.parcels.models import Parcel


def parcels_visible_to(user) -> QuerySet[Parcel]:
    """Parcels of the villages where the user may see records (their own, or under their commune)."""
    return Parcel.objects.filter(village__in=villages_covered(user, "view_records"))
