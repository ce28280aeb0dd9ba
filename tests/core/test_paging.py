"""The capped count of a list counts its rows' ids, not the columns a page prints."""

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from landreg.accounts.roles import Role
from landreg.core.paging import count_up_to
from landreg.parcels.models import Parcel
from landreg.parties.models import GroupType, Party, PartyKind
from landreg.parties.services import party_create
from landreg.rights.services import HolderShare, right_register
from tests.base import RegistryTestCase, make_person, make_user
from tests.geometries import square


class CountUpToTests(RegistryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.registrar = make_user("registrar-ɓ", Role.REGISTRAR, cls.commune)
        # A joint holding of two people and a collective one: a parcel whose right has three holder rows.
        from landreg.parcels.services import parcel_record

        cls.parcel_c = parcel_record(village=cls.village_a, geometry=square(300, 0), survey_method="gps")
        lineage = party_create(
            kind=PartyKind.GROUP, village=cls.village_a, name="Lignage Ŋgɔɔ", group_type=GroupType.LINEAGE
        )
        bamba = make_person(cls.village_a, last_name="Ɓamba", first_names="Ɛsi")
        kabore = make_person(cls.village_a, last_name="Kaboré", first_names="Awa")
        right_register(
            parcel=cls.parcel_c,
            right_type="customaryType",
            holders=[
                HolderShare(party=bamba, share="1/3"),
                HolderShare(party=kabore, share="1/3"),
                HolderShare(party=lineage, share="1/3"),
            ],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN, art. 36",
        )

    def test_the_parcel_lists_count_does_not_write_the_maps_geojson(self):
        # SQLite computes every column of a subquery: the GeoJSON of 10,001 parcels for a count (229 ms of
        # 232 at 100,000 parcels).
        self.client.force_login(self.registrar)
        self.client.get("/parcels/")
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
