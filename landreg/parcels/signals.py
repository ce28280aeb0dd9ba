"""Signals of the parcels' app for what model signals do not see.

``parcels_imported``: sent once an import has inserted its parcels (in bulk: no post_save per parcel), with
``extent``, the lon/lat box (minx, miny, maxx, maxy) of every parcel it added. The tiles' cache listens.
"""

from django.dispatch import Signal

parcels_imported = Signal()
