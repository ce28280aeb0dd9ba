"""The tile cache forgets the tiles of a parcel when it is saved (recorded, edited, retired) or imported."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from landreg.parcels.models import Parcel
from landreg.parcels.signals import parcels_imported
from landreg.tiles.cache import tiles_forget


@receiver(pre_save, sender=Parcel, dispatch_uid="tiles-parcel-before")
def _remember_old_boundary(sender, instance, **kwargs):
    # An edit may move the boundary: the tiles it leaves must go too. Reads the stored extent only.
    instance._tiles_old_extent = None
    if not instance._state.adding:
        stored = Parcel.objects.filter(pk=instance.pk).values_list("geometry", flat=True).first()
        instance._tiles_old_extent = stored.extent if stored else None


@receiver(post_save, sender=Parcel, dispatch_uid="tiles-parcel-after")
def _forget_parcel_tiles(sender, instance, **kwargs):
    extents = [getattr(instance, "_tiles_old_extent", None)]
    if instance.geometry:
        extents.append(instance.geometry.extent)
    tiles_forget(extents)


@receiver(parcels_imported, dispatch_uid="tiles-parcels-imported")
def _forget_imported_tiles(sender, extent, **kwargs):
    tiles_forget([extent])
