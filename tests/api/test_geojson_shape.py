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


class AreaRoundingTests(RegistryTestCase):
    """Every writer of a parcel's GeoJSON gives its areas to the square centimetre, as the OGC API and the
    boundary check do: the list (written by PostgreSQL, or joined by Python on SpatiaLite), the detail (the
    serializer) and the GeoJSON export, so an integrator reads one value for one parcel."""

    def test_the_list_the_detail_and_the_export_write_the_same_rounded_areas(self):
        import json

        from landreg.parcels.exporting import export_parcels
        from landreg.parcels.models import Parcel
        from landreg.parcels.services import parcel_record
        from tests.geometries import square

        sixty = parcel_record(
            village=self.village_a,
            geometry=square(2000, 500, side=60),
            survey_method="gps",
            official_area_m2=1002.675,  # Python's round() gives 1002.67, PostgreSQL's 1002.68
        )
        computed = Parcel.objects.get(pk=sixty.pk).area_m2
        assert computed != 3600.0 and abs(computed - 3600.0) < 1e-6  # the projection's noise
        self.client.force_login(self.mayor)
        listed = self.client.get("/api/v1/parcels/").json()
        in_list = next(f for f in listed["features"] if f["id"] == str(sixty.pk))["properties"]
        detail = self.client.get(f"/api/v1/parcels/{sixty.pk}/").json()["properties"]
        for properties in (in_list, detail):
            assert (properties["area_m2"], properties["official_area_m2"]) == (3600.0, 1002.68)
        assert in_list == detail
        path, _name = export_parcels(user=self.mayor, fmt="geojson")
        exported = json.loads(path.read_text())
        in_export = next(f for f in exported["features"] if f["id"] == str(sixty.pk))["properties"]
        assert (in_export["area_m2"], in_export["official_area_m2"]) == (3600.0, 1002.68)
