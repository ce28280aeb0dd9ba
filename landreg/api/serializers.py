from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.fields import GeometryField
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from landreg.core.geojson_crs import LegacyCrsError, geometry_in_wgs84
from landreg.parcels.geojson import ALL_FIELDS, rounded_area
from landreg.parcels.models import Parcel


class AreaField(serializers.FloatField):
    """An area in m², to the square centimetre, as every parcel GeoJSON writes it (geojson.rounded_area)."""

    def to_representation(self, value):
        return rounded_area(super().to_representation(value))


class ParcelFeatureSerializer(GeoFeatureModelSerializer):
    area_m2 = AreaField(read_only=True)
    official_area_m2 = AreaField(read_only=True, allow_null=True)
    village_code = serializers.CharField(source="village.code", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)

    class Meta:
        model = Parcel
        geo_field = "geometry"
        id_field = "id"
        # The same properties, in the same order, as the GeoJSON the database writes (parcels.geojson).
        fields = ["id", *ALL_FIELDS]
        read_only_fields = fields


# What parcels.checks reads as a boundary: a GeoJSON polygon (a MultiPolygon of one polygon, or the line
# walked around the parcel, is taken too). drf-spectacular types rest_framework_gis' GeometryField only from a
# model field, so a plain serializer's boundary is described here rather than as "any value".
@extend_schema_field(
    {
        "type": "object",
        "properties": {
            "type": {"type": "string", "enum": ["Polygon", "MultiPolygon", "LineString", "MultiLineString"]},
            "coordinates": {"type": "array", "items": {"type": "array", "items": {}}},
        },
        "required": ["type", "coordinates"],
        "example": {
            "type": "Polygon",
            "coordinates": [[[-1.5, 12.3], [-1.499, 12.3], [-1.499, 12.301], [-1.5, 12.301], [-1.5, 12.3]]],
        },
    },
    component_name="GeoJSONBoundary",
)
class BoundaryField(GeometryField):
    """rest_framework_gis' GeometryField (GeoJSON in, GEOS out), documented as a GeoJSON boundary, refusing
    what it cannot read in the registry's words: its own messages are English only, and one quotes GDAL's
    internals ("Invalid geometry pointer returned from OGR_G_CreateGeometryFromJson")."""

    def to_internal_value(self, value):
        if isinstance(value, GEOSGeometry):
            return value
        try:
            # In EPSG:4326, from the CRS a legacy crs member names (rest_framework_gis' reader ignored one it
            # could not read, and the boundary was then taken for longitude/latitude).
            return geometry_in_wgs84(value)
        except LegacyCrsError as exc:
            raise serializers.ValidationError(str(exc)) from exc
        except (GEOSException, GDALException, ValueError, TypeError) as exc:
            raise serializers.ValidationError(
                _(
                    "The boundary cannot be read: give a GeoJSON polygon in longitude and latitude, "
                    'e.g. {"type": "Polygon", "coordinates": [[[-2.35, 12.25], ...]]}.'
                )
            ) from exc
