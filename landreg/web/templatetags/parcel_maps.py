"""``{% parcel_map shape %}``: a small map of one parcel (or claimed boundary) with its neighbours.

Every page about a claim, a parcel, a certificate or a change shows where the land lies. The map is drawn
by ``static/web/parcel-map.js`` from data- attributes (no inline script: a ``script-src 'self'`` policy
holds): the shape itself as GeoJSON, and the address of the parcel API asked for the current parcels around
it, which applies the viewer's scope like every other read. Leaflet is django-leaflet's copy (a Python
dependency), the one the map page uses too.
"""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from landreg.core.basemap import basemap_max_zoom, basemap_url

register = template.Library()

# Neighbours are looked for in the shape's box widened by about 150 m (0.0015 degree at these latitudes).
MARGIN_DEGREES = 0.0015


@register.inclusion_tag("web/parcel_map.html")
def parcel_map(shape, *exclude, label=""):
    """``shape``: a GEOS geometry in EPSG:4326 (or None: nothing is shown). ``exclude``: parcels not drawn as
    neighbours (the parcel the page is about, already drawn as the shape): ids, parcels or lists of them."""
    if shape is None or shape.empty:
        return {"shape": None}
    if shape.srid not in (None, 4326):
        shape = shape.transform(4326, clone=True)
    xmin, ymin, xmax, ymax = shape.extent
    bbox = ",".join(
        f"{v:.6f}"
        for v in (xmin - MARGIN_DEGREES, ymin - MARGIN_DEGREES, xmax + MARGIN_DEGREES, ymax + MARGIN_DEGREES)
    )
    query = urlencode({"bbox": bbox, "current": "true", "page_size": 200})
    return {
        "shape": shape,
        "geojson": shape.geojson,
        "label": label,
        "neighbours_url": f"{reverse('api:parcel-list')}?{query}",
        "exclude": ",".join(_ids(exclude)),
        "detail_url": reverse("web:parcel-detail", args=["00000000-0000-0000-0000-000000000000"]),
        "basemap": basemap_url(),
        "basemap_max_zoom": basemap_max_zoom() or "",
    }


def _ids(items) -> list[str]:
    found = []
    for item in items:
        if item is None or item == "":
            continue
        if hasattr(item, "pk"):
            found.append(str(item.pk))
        elif hasattr(item, "__iter__") and not isinstance(item, str):
            found += _ids(item)
        else:
            found.append(str(item))
    return found
