"""Drawing a boundary with the mouse on the claim form's map editor (leaflet-geoman), as an agent does.

The pixel of each corner comes from the page's own Leaflet map (``.boundary-editor``'s ``editor.map``), so
the clicks land where the corners are on screen whatever the zoom and the size of the window. Every step waits
for the map's own state (the view settled, the draw mode on, one more corner taken, the shape made), never
for a length of time, so a slow machine only makes it slower."""

from django.contrib.gis.geos import Point

from landreg.core.geometry import to_srid
from tests.geometries import ORIGIN_E, ORIGIN_N

EDITOR = ".boundary-editor"
EDITOR_JS = "document.querySelector('.boundary-editor').editor"
MAP = f"{EDITOR_JS}.map"
# How many corners the polygon being drawn has (-1 when geoman's polygon drawing is off).
CORNERS_TAKEN = f"""() => {{ const draw = {MAP}.pm.Draw.Polygon;
  return draw.enabled() ? draw._layer.getLatLngs().length : -1; }}"""


def lonlat(east: float, north: float) -> tuple[float, float]:
    """Longitude and latitude of a point ``east``/``north`` metres from the test origin (tests.geometries)."""
    point = to_srid(Point(ORIGIN_E + east, ORIGIN_N + north, srid=32630), 4326)
    return point.x, point.y


def centre_editor(page, east: float, north: float, zoom: int = 18) -> None:
    """Wait for the map editor and its first view (the register's extent, fetched), centre it on a point
    without animation, and wait for the parcels around to be drawn."""
    page.wait_for_selector(f"{EDITOR}[data-ready][data-view-fitted] .leaflet-pm-toolbar", state="attached")
    lon, lat = lonlat(east, north)
    page.evaluate(
        f"([lon, lat, zoom]) => {MAP}.setView([lat, lon], zoom, {{animate: false}})", [lon, lat, zoom]
    )
    page.wait_for_function(
        f"""([lon, lat, zoom]) => {{ const map = {MAP}, c = map.getCenter();
          return map.getZoom() === zoom && Math.abs(c.lng - lon) + Math.abs(c.lat - lat) < 1e-6; }}""",
        arg=[lon, lat, zoom],
    )
    page.wait_for_selector(f"{EDITOR}[data-parcels-loaded]", state="attached")


def draw_polygon(page, corners: list[tuple[float, float]]) -> None:
    """Click the polygon button, then each corner (metres from the test origin), then the first to close."""
    parts_before = page.evaluate(f"() => {EDITOR_JS}.parts.length")
    page.locator(".leaflet-pm-icon-polygon").first.click()  # the first editor's (EDITOR_JS), on any page
    page.wait_for_function(f"() => ({CORNERS_TAKEN})() === 0")
    # The map in view (a page with sections above it, as the change page's split): a click off screen is lost.
    page.locator(".boundary-map").first.scroll_into_view_if_needed()
    box = page.locator(".boundary-map").first.bounding_box()
    for taken, (east, north) in enumerate([*corners, corners[0]], start=1):
        x, y = page.evaluate(
            f"([lon, lat]) => {{ const p = {MAP}.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }}",
            list(lonlat(east, north)),
        )
        page.mouse.click(box["x"] + x, box["y"] + y)
        if taken <= len(corners):
            page.wait_for_function(f"n => ({CORNERS_TAKEN})() === n", arg=taken)
    # The click on the first corner closes the shape: drawing ends and the editor holds the boundary (or, on
    # a split's map, one more part).
    page.wait_for_function(
        f"n => !{MAP}.pm.globalDrawModeEnabled() && (!!{EDITOR_JS}.boundary || {EDITOR_JS}.parts.length > n)",
        arg=parts_before,
    )
