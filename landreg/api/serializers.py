from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from landreg.parcels.geojson import ALL_FIELDS
from landreg.parcels.models import Parcel


class ParcelFeatureSerializer(GeoFeatureModelSerializer):
    village_code = serializers.CharField(source="village.code", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)

    class Meta:
        model = Parcel
        geo_field = "geometry"
        id_field = "id"
        # The same properties, in the same order, as the GeoJSON the database writes (parcels.geojson).
        fields = ["id", *ALL_FIELDS]
        read_only_fields = fields
