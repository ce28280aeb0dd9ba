"""Tags of the list pages (see ``landreg/web/lists/page.py``): sortable column headers and the page's map."""

import json

from django import template

from landreg.core.basemap import basemap_max_zoom, basemap_url
from landreg.web.lists.page import detail_url

register = template.Library()


@register.inclusion_tag("web/lists/sort_header.html")
def sort_header(page, key: str, label: str):
    """A column header that sorts the list by ``key`` and says how the list is sorted now."""
    state = "ascending" if page.sort == key else "descending" if page.sort == f"-{key}" else ""
    return {"label": label, "href": page.sort_query(key), "state": state}


@register.inclusion_tag("web/lists/list_map.html")
def list_map(
    rows, detail: str, label: str = "", geometry: str = "geometry", title: str = "number", link: str = "pk"
):
    """A map of the rows of the page (their ``geometry``: a geometry, or GeoJSON text the database wrote),
    each linking to its page (URL name ``detail`` with the row's ``link``, a UUID, as argument). Paths may be
    dotted (``parcel.geometry`` for a right).

    Only the page's own rows: the map costs what the page costs, whatever the size of the list, and shows
    exactly what the table below lists (filters included)."""
    url = detail_url(detail)
    features = [
        {
            "type": "Feature",
            "geometry": json.loads(shape if isinstance(shape, str) else shape.geojson),
            "properties": {"title": str(_path(row, title) or row), "url": url(_path(row, link))},
        }
        for row in rows
        if (shape := _path(row, geometry)) is not None
    ]
    return {
        "geojson": json.dumps({"type": "FeatureCollection", "features": features}) if features else "",
        "label": label,
        "basemap": basemap_url(),
        "basemap_max_zoom": basemap_max_zoom() or "",
    }


def _path(row, dotted: str):
    for name in dotted.split("."):
        row = getattr(row, name, None)
    return row
