"""Drawing a boundary with the mouse on the claim form's map editor (leaflet-geoman), as an agent does.

The pixel of each corner comes from the page's own Leaflet map (``.boundary-editor``'s ``editor.map``), so
the clicks land where the corners are on screen whatever the zoom and the size of the window."""

from django.contrib.gis.geos import Point

from landreg.core.geometry import to_srid
from tests.geometries import ORIGIN_E, ORIGIN_N

EDITOR = ".boundary-editor"


def lonlat(east: float, north: float) -> tuple[float, float]:
    """Longitude and latitude of a point ``east``/``north`` metres from the test origin (tests.geometries)."""
    point = to_srid(Point(ORIGIN_E + east, ORIGIN_N + north, srid=32630), 4326)
    return point.x, point.y


def centre_editor(page, east: float, north: float, zoom: int = 18) -> None:
    """Wait for the map editor, centre it on a point, and wait for the parcels around to be drawn."""
    page.wait_for_selector(f"{EDITOR}[data-ready] .leaflet-pm-toolbar", state="attached")
    page.evaluate(
        "([lon, lat, zoom]) =>"
        " document.querySelector('.boundary-editor').editor.map.setView([lat, lon], zoom)",
        [*lonlat(east, north), zoom],
    )
    page.wait_for_selector(f"{EDITOR}[data-parcels-loaded]", state="attached")


def draw_polygon(page, corners: list[tuple[float, float]]) -> None:
    """Click the polygon button, then each corner (metres from the test origin), then the first to close."""
    page.click(".leaflet-pm-icon-polygon")
    box = page.locator(".boundary-map").bounding_box()
    for east, north in [*corners, corners[0]]:
        x, y = page.evaluate(
            "([lon, lat]) => { const map = document.querySelector('.boundary-editor').editor.map;"
            " const p = map.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }",
            list(lonlat(east, north)),
        )
        page.mouse.click(box["x"] + x, box["y"] + y)
        page.wait_for_timeout(150)
