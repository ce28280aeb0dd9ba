from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from landreg.accounts.selectors import villages_covered
from landreg.tiles.cache import cached_tile
from landreg.tiles.mvt import parcels_tile

MAX_ZOOM = 22
# The maps' scopes: the villages whose records the caller reads (the map of parcels), or those whose
# statistics they follow (a programme officer's map: the same public attributes, of their villages).
SCOPES = {"mine": "view_records", "followed": "view_statistics"}


@require_GET
def parcels(request, z: int, x: int, y: int):
    """Public attributes only (no personal data). ``?scope=mine`` or ``followed``: only the caller's villages
    (SCOPES)."""
    if z > MAX_ZOOM or x >= 2**z or y >= 2**z:
        raise Http404
    village_ids = None
    codename = SCOPES.get(request.GET.get("scope", ""))
    if codename is not None:
        village_ids = [
            str(pk) for pk in villages_covered(request.user, codename).values_list("pk", flat=True)
        ]
    if village_ids is None:  # the public tile: the same for everyone, kept until a parcel in it changes
        data = cached_tile(z, x, y, lambda: parcels_tile(z, x, y))
    else:
        data = parcels_tile(z, x, y, village_ids)
    response = HttpResponse(data, content_type="application/vnd.mapbox-vector-tile")
    response["Cache-Control"] = "private, max-age=60" if village_ids is not None else "public, max-age=60"
    return response
