"""The boundary of a parcel as a form field: one field for every page that takes a boundary.

The widget is a text area holding GeoJSON or WKT (longitude/latitude, EPSG:4326), so the form works without
JavaScript; the map page script draws and edits the boundary on the map and writes the GeoJSON into it.
The field checks the geometry itself (closed rings, self-intersections, CRS…); the form that knows the
village checks containment (``check_boundary(..., village=...)``), as the services do again at save.
"""

from django import forms
from django.contrib.gis.geos import Polygon
from django.utils.translation import gettext_lazy as _

from landreg.parcels.checks import BoundaryErrors, check_boundary
from landreg.parcels.exceptions import GeometryError


class BoundaryWidget(forms.Textarea):
    template_name = "web/widgets/boundary.html"

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 4, "spellcheck": "false", **(attrs or {})})


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
