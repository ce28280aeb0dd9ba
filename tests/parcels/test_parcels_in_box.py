"""Parcels whose bounding box meets a box, found through the spatial index on both databases, alone or as
the subquery of a page of ids (the OGC API's bbox page)."""

from django.contrib.gis.geos import Polygon
from django.db import connection
from django.test.utils import CaptureQueriesContext

from landreg.parcels.models import Parcel
from landreg.parcels.services import parcel_record
from landreg.parcels.topology import parcels_in_box
from tests.base import RegistryTestCase
from tests.geometries import square


class ParcelsInBoxTests(RegistryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.near = parcel_record(village=cls.village_a, geometry=square(40, 0), survey_method="gps")

    def box(self, parcel, margin=0.0):
        minx, miny, maxx, maxy = parcel.geometry.extent
        box = Polygon.from_bbox((minx - margin, miny - margin, maxx + margin, maxy + margin))
        box.srid = 4326
        return box

    def test_the_parcels_whose_box_meets_it(self):
        found = set(
            parcels_in_box(Parcel.objects.all(), self.box(self.parcel_b)).values_list("pk", flat=True)
        )
        assert found == {self.parcel_b.pk}
        around_a = set(
            parcels_in_box(Parcel.objects.all(), self.box(self.parcel_a, 0.0005)).values_list("pk", flat=True)
        )
        assert around_a == {self.parcel_a.pk, self.near.pk}

    def test_as_a_subquery_it_stays_the_subquerys_own(self):
        # The page of ids the OGC API reads first: its rows, not the outer query's, are looked up in the
        # index (written with the table's name, each outer row ran the subquery again: 0.8 s at 100,000).
        ids = parcels_in_box(Parcel.objects.all(), self.box(self.parcel_a, 0.0005)).order_by("number")
        page = Parcel.objects.filter(pk__in=ids.values("pk")[:1])
        with CaptureQueriesContext(connection) as captured:
            assert [p.pk for p in page] == [self.parcel_a.pk]
        sql = captured[0]["sql"]
        if connection.vendor == "sqlite":
            inner = sql[sql.index("IN (SELECT") :]
            assert '"parcels_parcel".rowid' not in inner and "U0" in inner.split("rowid")[0][-8:]
