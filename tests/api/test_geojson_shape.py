"""The list endpoint writes its GeoJSON in the database; its features match the serializer's exactly."""

import pytest

from landreg.api.serializers import ParcelFeatureSerializer
from landreg.parcels.services import parcel_update
from tests.base import RegistryTestCase


class GeoJsonShapeTests(RegistryTestCase):
    def test_the_list_gives_what_the_serializer_gives(self):
        parcel_update(parcel=self.parcel_a, reason="accuracy known", accuracy_m="1.50", local_name="Kôrô")
        self.client.force_login(self.mayor)
        listed = self.client.get("/api/v1/parcels/").json()
        assert list(listed) == ["type", "count", "next", "previous", "features"]
        for feature in listed["features"]:
            from landreg.parcels.models import Parcel

            expected = ParcelFeatureSerializer(Parcel.objects.get(pk=feature["id"])).data
            assert feature["properties"] == dict(expected["properties"])
            assert feature["id"] == str(expected["id"]) and feature["type"] == "Feature"
            got = feature["geometry"]["coordinates"][0]
            want = expected["geometry"]["coordinates"][0]
            flat_got = [c for pt in got for c in pt]
            assert flat_got == pytest.approx([float(c) for pt in want for c in pt], abs=1e-9)
