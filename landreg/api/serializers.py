from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from landreg.parcels.models import Parcel


class ParcelFeatureSerializer(GeoFeatureModelSerializer):
    village_code = serializers.CharField(source="village.code", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)

    class Meta:
        model = Parcel
        geo_field = "geometry"
        id_field = "id"
        fields = [
            "id",
            "number",
            "village_code",
            "village_name",
            "land_use",
            "area_m2",
            "area_srid",
            "official_area_m2",
            "survey_method",
            "accuracy_m",
            "local_name",
            "version",
            "begin_lifespan",
            "end_lifespan",
        ]
        read_only_fields = fields
