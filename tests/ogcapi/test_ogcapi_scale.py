"""The OGC API at a commune's scale (issue 14, item 3): counts that are exact or absent, the CRS a client
asks for (or a 400), large pages declared for GIS clients, and no query per row for anyone."""

import json
import tempfile
from pathlib import Path

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from landreg.accounts.roles import Role
from landreg.parcels.importing import import_parcels
from landreg.parcels.models import Parcel
from tests.base import make_territory, make_user

FRENCH = Path(__file__).parents[2].parent / "shared" / "data" / "etalab-91216-epinay-sur-orge-parcels.geojson"
ITEMS = "/ogcapi/collections/parcels/items"
EPSG = "http://www.opengis.net/def/crs/EPSG/0/"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"

pytestmark = pytest.mark.skipif(not FRENCH.exists(), reason="shared data folder not present")


def import_french_parcels(village, count: int) -> None:
    """The first ``count`` parcels of the Épinay-sur-Orge cadastre, imported into ``village``."""
    data = json.loads(FRENCH.read_text())
    data["features"] = data["features"][:count]
    path = Path(tempfile.mkdtemp()) / "epinay.geojson"
    path.write_text(json.dumps(data))
    assert import_parcels(path=path, village=village).imported == count


class CountsAndCrsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.country, cls.region, cls.commune, cls.village, _b = make_territory()
        cls.country.projected_srid = 2154  # Lambert-93, the French cadastre's own CRS
        cls.country.save(update_fields=["projected_srid"])
        import_french_parcels(cls.village, 30)

    def test_number_matched_past_the_last_page_is_the_real_count(self):
        past = self.client.get(ITEMS, {"limit": 10, "offset": 1000}).json()
        assert past["numberReturned"] == 0 and past["numberMatched"] == 30
        last = self.client.get(ITEMS, {"limit": 10, "offset": 25}).json()
        assert (last["numberReturned"], last["numberMatched"]) == (5, 30)

    def test_the_collection_and_the_conformance_declare_the_crs_offered(self):
        collection = self.client.get("/ogcapi/collections/parcels").json()
        assert collection["crs"] == [CRS84, f"{EPSG}4326", f"{EPSG}2154"]
        conforms = self.client.get("/ogcapi/conformance").json()["conformsTo"]
        assert "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs" in conforms

    def test_the_offered_crs_are_read_once_and_a_units_new_crs_is_offered_at_once(self):
        self.client.get(ITEMS, {"limit": 1})
        with CaptureQueriesContext(connection) as captured:
            assert self.client.get(ITEMS, {"limit": 1}).status_code == 200
        assert not [q for q in captured if "projected_srid" in q["sql"]], captured.captured_queries
        self.commune.projected_srid = 32630  # UTM 30N, set by an administrator
        self.commune.save(update_fields=["projected_srid"])
        collection = self.client.get("/ogcapi/collections/parcels").json()
        assert f"{EPSG}32630" in collection["crs"]
        assert self.client.get(ITEMS, {"limit": 1, "crs": f"{EPSG}32630"}).status_code == 200

    def test_epsg_4326_puts_latitude_first_and_says_so(self):
        plain = self.client.get(ITEMS, {"limit": 1})
        flipped = self.client.get(ITEMS, {"limit": 1, "crs": f"{EPSG}4326"})
        assert plain["Content-Crs"] == f"<{CRS84}>" and flipped["Content-Crs"] == f"<{EPSG}4326>"
        lon, lat = plain.json()["features"][0]["geometry"]["coordinates"][0][0]
        assert 2.2 < lon < 2.4 and 48.6 < lat < 48.8  # Épinay-sur-Orge
        assert flipped.json()["features"][0]["geometry"]["coordinates"][0][0] == [lat, lon]

    def test_the_registry_projected_crs_gives_metres(self):
        parcel = Parcel.objects.get(source_id="91216000AB0037")
        one = self.client.get(f"{ITEMS}/{parcel.pk}", {"crs": f"{EPSG}2154"})
        assert one.status_code == 200 and one["Content-Crs"] == f"<{EPSG}2154>"
        x, y = one.json()["geometry"]["coordinates"][0][0]
        assert 640_000 < x < 660_000 and 6_830_000 < y < 6_850_000  # Lambert-93 around Épinay

    def test_a_bbox_in_each_crs_finds_the_same_parcels(self):
        parcel = Parcel.objects.get(source_id="91216000AB0037")
        minx, miny, maxx, maxy = parcel.geometry.extent
        lonlat = self.client.get(ITEMS, {"bbox": f"{minx},{miny},{maxx},{maxy}"}).json()
        latlon = self.client.get(
            ITEMS, {"bbox": f"{miny},{minx},{maxy},{maxx}", "bbox-crs": f"{EPSG}4326"}
        ).json()
        box = parcel.geometry.envelope.transform(2154, clone=True).extent
        metres = self.client.get(ITEMS, {"bbox": ",".join(map(str, box)), "bbox-crs": f"{EPSG}2154"}).json()
        ids = {f["id"] for f in lonlat["features"]}
        assert str(parcel.pk) in ids
        assert {f["id"] for f in latlon["features"]} == ids == {f["id"] for f in metres["features"]}

    def test_a_crs_not_offered_is_refused_with_the_list(self):
        for params in ({"crs": f"{EPSG}3857"}, {"bbox-crs": f"{EPSG}3857", "bbox": "0,0,1,1"}):
            response = self.client.get(ITEMS, params)
            assert response.status_code == 400
            assert f"{EPSG}2154" in response.json()["description"]
        far = self.client.get(ITEMS, {"bbox": "0,0,1e300,1", "bbox-crs": f"{EPSG}2154"})
        assert far.status_code == 400

    def test_the_openapi_document_declares_the_limit_default_and_maximum(self):
        doc = self.client.get("/ogcapi/api").json()
        [limit] = [
            p for p in doc["paths"]["/collections/parcels/items"]["get"]["parameters"] if p["name"] == "limit"
        ]
        assert limit["schema"]["default"] == 1000 and limit["schema"]["maximum"] == 10_000
        assert self.client.get(ITEMS).json()["numberReturned"] == 30  # the default page holds them all


class NoQueryPerRowTests(TestCase):
    """The queries of a page do not grow with its rows: 10 rows and 1,000 rows cost the same statements
    (1,010 parcels, so both pages have a next one and count alike)."""

    @classmethod
    def setUpTestData(cls):
        cls.country, cls.region, cls.commune, cls.village, _b = make_territory()
        cls.agent = make_user("agent", Role.FIELD_AGENT, cls.village)
        import_french_parcels(cls.village, 1010)

    def queries(self, url, params) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url, params)
        assert response.status_code == 200, response.content[:300]
        return len(captured)

    def assert_flat(self, url, size_param, extra=None):
        self.queries(url, {size_param: 1, **(extra or {})})  # process-wide caches (content types) filled
        small = self.queries(url, {size_param: 10, **(extra or {})})
        large = self.queries(url, {size_param: 1000, **(extra or {})})
        assert small == large, f"{url}: {small} queries at 10 rows, {large} at 1,000"
        return large

    def test_the_ogc_items_anonymous_and_logged_in_as_json_and_html(self):
        for html in (False, True):
            extra = {"f": "html"} if html else {}
            self.assert_flat(ITEMS, "limit", extra)
        self.client.force_login(self.agent)
        for html in (False, True):
            extra = {"f": "html"} if html else {}
            self.assert_flat(ITEMS, "limit", extra)

    def test_a_filtered_page_anonymous_and_logged_in(self):
        """CQL2 (?filter=) adds conditions to the page's statements, never a statement per row; numberMatched
        stays exact."""
        everywhere = "number LIKE '%' AND area_m2 > 0 AND S_INTERSECTS(geometry, BBOX(2.2, 48.6, 2.4, 48.8))"
        for extra in ({}, {"f": "html"}):
            assert self.assert_flat(ITEMS, "limit", {"filter": everywhere, **extra}) <= 6
        body = self.client.get(ITEMS, {"filter": everywhere, "limit": 10}).json()
        assert body["numberMatched"] == 1010 and body["numberReturned"] == 10
        self.client.force_login(self.agent)
        scoped = (
            "(local_name IS NULL OR local_name LIKE '%') AND dispute_pending = false AND accuracy_m IS NULL"
        )
        for extra in ({}, {"f": "html"}):
            self.assert_flat(ITEMS, "limit", {"filter": scoped, **extra})
        assert self.client.get(ITEMS, {"filter": scoped, "limit": 10}).json()["numberMatched"] == 1010

    def test_the_parcel_list_page_and_the_api_list(self):
        self.client.force_login(self.agent)
        self.assert_flat("/api/v1/parcels/", "page_size")
        self.assert_flat("/parcels/", "page_size")


class DeepPageTests(TestCase):
    """A page far down the collection: its ids are chosen first, and only its own rows are written as GeoJSON
    (in one query with OFFSET, PostgreSQL wrote the GeoJSON of every skipped row: 0.5 s at offset 77,777)."""

    @classmethod
    def setUpTestData(cls):
        cls.country, cls.region, cls.commune, cls.village, _b = make_territory()
        import_french_parcels(cls.village, 40)

    def test_a_page_at_an_offset_is_the_rows_in_number_order_there(self):
        numbers = list(Parcel.objects.filter(end_lifespan__isnull=True).values_list("number", flat=True))
        page = self.client.get(ITEMS, {"limit": 7, "offset": 30}).json()
        assert [f["properties"]["number"] for f in page["features"]] == sorted(numbers)[30:37]
        assert page["numberMatched"] == 40 and page["numberReturned"] == 7

    def test_the_geojson_is_written_only_for_the_page_rows(self):
        with CaptureQueriesContext(connection) as captured:
            assert self.client.get(ITEMS, {"limit": 5, "offset": 20}).status_code == 200
        [geojson] = [q["sql"].upper() for q in captured if "ASGEOJSON" in q["sql"].upper()]
        # The offset is inside the subquery that picks the page's ids (IN on SQLite, the array of the page's
        # keys on PostgreSQL), not on the query writing GeoJSON.
        inner = max(geojson.find(" IN (SELECT"), geojson.find(" ARRAY(SELECT"))
        assert inner > 0 and geojson.index("OFFSET") > inner
        assert geojson.count("OFFSET") == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's JIT")
def test_the_registry_connections_run_without_postgresql_jit(db):
    """JIT compiled a web request's query for 1.5 s of its 2.0 s (a deep OGC page): off on our connections."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's parallel workers")
def test_web_queries_start_no_parallel_workers_and_the_statistics_may(db):
    """A parallel worker's start-up took half a z14 tile's time; the statistics' long counts keep them, for
    their transaction only (SET LOCAL)."""
    from landreg.statistics.figures import ANALYTIC_PARALLEL_WORKERS, analytic_queries

    def workers():
        with connection.cursor() as cursor:
            cursor.execute("SHOW max_parallel_workers_per_gather")
            return int(cursor.fetchone()[0])

    assert workers() == 0
    with analytic_queries():
        assert workers() == ANALYTIC_PARALLEL_WORKERS > 0
