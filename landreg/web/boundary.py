"""The boundary of a parcel as a form field: one field for every page that takes a boundary.

The widget is a text area holding GeoJSON or WKT (longitude/latitude, EPSG:4326), so the form works without
JavaScript; above it the map editor (static/web/maps/editor.js, leaflet-geoman from npm) draws and edits the
boundary, snapping to the parcels around, or loads it from a GPS file or typed coordinates (the API's
``boundaries/from-file/`` and ``from-points/``), writes the GeoJSON into the text area and asks the check
API (``api:parcel-check``) about it while the agent draws.
The field checks the geometry itself (closed rings, self-intersections, CRS…); the form that knows the
village checks containment (``check_boundary(..., village=...)``), as the services do again at save.
"""

import json

from django import forms
from django.contrib.gis.geos import Polygon
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from landreg.core.basemap import basemap_max_zoom, basemap_url
from landreg.parcels.checks import BoundaryErrors, check_boundary
from landreg.parcels.exceptions import GeometryError

GEOMAN = "vendor/@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.min.js"


class BoundaryWidget(forms.Textarea):
    """``village_field``: the name of the form's village choice, sent with each check (containment, the
    procedure's tolerances); ``village``, the village itself where the form has no such choice (an agreement's
    boundary is in its case's village). ``claim``: the claim whose boundary this is, left out of its own
    overlaps; ``parcel``: the recorded parcel whose boundary this revises, left out of its own findings.
    ``villages``: the villages the form offers (set by the form); the map draws the chosen one's boundary
    and opens on it, so that the agent draws inside it rather than learning at the check that it is out.
    ``original``: the recorded parcel a change splits or corrects, drawn dashed (its corners snapped to) and
    left out of the findings; ``parts``: the field takes several polygons, a split's parts, whose summed area
    the map sets against the original's, flagged beyond ``tolerance_m2``. ``scripts``: False for an editor
    after another on the same page, whose scripts (Leaflet, geoman, the editor) must not load twice."""

    template_name = "web/widgets/boundary.html"

    def __init__(self, attrs=None, *, village_field: str = "village", claim=None):
        super().__init__(attrs={"rows": 4, "spellcheck": "false", **(attrs or {})})
        self.village_field = village_field
        self.village = None
        self.claim = claim
        self.parcel = None
        self.villages = ()
        self.original = None
        self.parts = False
        self.tolerance_m2 = 0.0
        self.scripts = True  # False for a second editor on a page: the first one's scripts start it

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # Without the npm packages (set-up not run) the text area alone still takes a boundary.
        if finders.find(GEOMAN):
            context["widget"]["editor"] = {
                "check_url": reverse("api:parcel-check"),
                "from_file_url": reverse("api:boundary-from-file"),
                "from_points_url": reverse("api:boundary-from-points"),
                "parcels_url": reverse("api:parcel-list"),
                "extent_url": reverse("ogcapi:collection"),
                "basemap": basemap_url(),
                "basemap_max_zoom": basemap_max_zoom() or "",
                "village_field": self.village_field,
                "village": str(self.village.pk) if self.village is not None else "",
                "claim": str(self.claim.pk) if self.claim is not None else "",
                "parcel": str(self.parcel.pk) if self.parcel is not None else "",
                "geoman": GEOMAN,
                "outlines": village_outlines(self.villages),
                "outlines_id": f"{attrs.get('id') or name}_villages",
                "scripts": self.scripts,
                **self._original_context(attrs.get("id") or name),
            }
        return context

    def _original_context(self, key: str) -> dict:
        if self.original is None:
            return {}
        return {
            "parcel": str(self.original.pk),
            "original": json.loads(self.original.geometry.geojson),
            "original_id": f"{key}_original",
            "original_area": round(self.original.area_m2, 2),
            "parts": self.parts,
            "tolerance": round(self.tolerance_m2, 2),
        }


# About a metre in degrees: a village's outline drawn for orientation, not for measuring, stays light.
OUTLINE_TOLERANCE = 0.00001


def village_outlines(villages) -> dict[str, dict]:
    """Each village's boundary as GeoJSON, keyed by the value of its option in the village choice (its pk)."""
    outlines = {}
    for village in villages:
        if village.boundary is not None:
            outline = village.boundary.simplify(OUTLINE_TOLERANCE, preserve_topology=True)
            outlines[str(village.pk)] = json.loads(outline.geojson)
    return outlines


class BoundaryField(forms.CharField):
    """Cleans GeoJSON or WKT text to a checked EPSG:4326 polygon; every problem is listed in French."""

    widget = BoundaryWidget
    default_error_messages = {"required": _("Draw the boundary on the map or give its coordinates.")}

    def to_python(self, value) -> Polygon | None:
        text = super().to_python(value)
        if not text:
            return None
        try:
            return check_boundary(text, srid=4326).polygon  # the page asks for longitude/latitude
        except BoundaryErrors as exc:
            raise forms.ValidationError([issue.message for issue in exc.issues]) from exc
        except (GeometryError, ValueError, TypeError) as exc:
            raise forms.ValidationError(_("The boundary is not valid GeoJSON or WKT.")) from exc

    def prepare_value(self, value):
        return value.geojson if isinstance(value, Polygon) else value
