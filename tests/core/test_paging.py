"""The capped count of a list counts its rows' ids, not the columns a page prints."""

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from landreg.accounts.roles import Role
from landreg.core.db.paging import count_up_to
from landreg.parcels.models import Parcel
from landreg.parties.models import Party
from tests.base import RegistryTestCase, make_person, make_user, record_shared_holding
from tests.geometries import square


class CountUpToTests(RegistryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.registrar = make_user("registrar-ɓ", Role.REGISTRAR, cls.commune)
        # Two people and a lineage holding in thirds: a parcel whose right has three holder rows.
        people = [make_person(cls.village_a, "Ɓamba", "Ɛsi"), make_person(cls.village_a, "Kaboré", "Awa")]
        cls.parcel_c = record_shared_holding(cls.village_a, square(300, 0), people)

    def test_the_parcel_lists_count_does_not_write_the_maps_geojson(self):
        # SQLite computes every column of a subquery: the GeoJSON of 10,001 parcels for a count (229 ms of
        # 232 at 100,000 parcels).
        self.client.force_login(self.registrar)
        self.client.get("/parcels/")
        cache.clear()  # the page built again, not the one kept until the next write (web.parcels.listing)
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get("/parcels/")
        assert response.status_code == 200
        counts = [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]
        assert len(counts) == 1
        assert "geojson" not in counts[0].lower() and '"number"' not in counts[0]
        # The page itself still draws its map.
        assert "geojson" in " ".join(q["sql"] for q in captured).lower()

    def test_the_count_is_the_rows_count_whatever_the_query(self):
        printed = Parcel.objects.annotate(shape=AsGeoJSON("geometry")).values("pk", "number", "shape")
        holders = Parcel.objects.values("pk", "rights__holders__party__last_name")  # a row per holder
        distinct = (
            Parcel.objects.filter(rights__holders__isnull=False)
            .values("village")
            .order_by("village")
            .distinct()
        )
        grouped = Party.objects.annotate(parcels=Count("holdings")).values("pk", "parcels")
        for queryset in (printed, holders, distinct, grouped, Parcel.objects.none()):
            assert count_up_to(queryset) == len(list(queryset)), queryset.query
        assert len(list(holders)) == 1 + 1 + 3  # parcel_b has no right: its one row has no holder
        assert count_up_to(holders, cap=4) is None
