from django.db.models import QuerySet

from landreg.accounts.selectors import villages_covered
from landreg.parcels.models import Parcel


def parcels_visible_to(user) -> QuerySet[Parcel]:
    """Parcels of the villages where the user may see records (their own, or under their commune)."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        # Every parcel lies in a village: no need to make the database join them all to the units.
        return Parcel.objects.all()
    return Parcel.objects.filter(village__in=villages_covered(user, "view_records"))
