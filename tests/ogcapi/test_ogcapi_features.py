"""The OGC API's features as PostgreSQL writes them whole (landreg/ogcapi/features.py) say what the Python
writer said: the same bytes on PostGIS, and on both databases the same parcels with the properties and
boundaries the register holds, public fields only for whoever may not view the village."""

import datetime
import json
import unittest
import uuid
from decimal import Decimal
from unittest import mock

import psycopg
from django.core.exceptions import EmptyResultSet
from django.db import connection, router
from django.test.utils import CaptureQueriesContext
from django.utils.connection import ConnectionDoesNotExist

from landreg.core.db.paging import count_up_to
from landreg.disputes.cases.services import dispute_open
from landreg.ogcapi import features
from landreg.ogcapi.selectors import offered_crs, parcels_at, parse_bbox
from landreg.parcels.geojson import rounded_area
from landreg.parcels.models import Parcel
from landreg.parcels.services import parcel_record, parcel_retire
from landreg.parcels.topology import parcels_in_box
from tests.base import RegistryTestCase
from tests.compiled import statements_compiled
from tests.geometries import square

ITEMS = "/ogcapi/collections/parcels/items"
EPSG = "http://www.opengis.net/def/crs/EPSG/0/"
PUBLIC = [
    "number",
    "village_code",
    "village_name",
    "land_use",
    "area_m2",
    "area_srid",
    "official_area_m2",
    "survey_method",
    "version",
    "begin_lifespan",
    "end_lifespan",
]
# Everything JSON escapes, and what it leaves as it is (accents, an emoji, the line separator U+2028).
AWKWARD = 'Bas-fond "Tanghin" \\ Réo\n\t\r\x01\x1f\x7f 🌾 \u2028 </script>'


def deallocate_all() -> None:
    """The connection's prepared statements dropped, as on a new connection. psycopg forgets its own when it
    sees DEALLOCATE ALL, but only the first time a connection runs that text (then it only counts it): the
    text made new each time, through its server-side binding (as with DB_PREPARE_THRESHOLD)."""
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(f"DEALLOCATE ALL /* {uuid.uuid4()} */")


def features_in_database(queryset, crs, scope: set, size: int) -> tuple[str, int]:
    """PostgreSQL's writer of features (the statement and run feature_by_id uses) for any rows and size."""
    try:
        sql, params = features._statement(queryset, crs)
    except EmptyResultSet:  # nothing can match (e.g. an empty filter): no statement
        return "", 0
    return features._run(sql, params, scope, size, queryset.db)


def utc(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=datetime.UTC)


class SameFeaturesTests(RegistryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.country.projected_srid = 32630  # UTM 30N
        cls.country.save(update_fields=["projected_srid"])
        cls.awkward = parcel_record(
            village=cls.village_a,
            geometry=square(0, 500),
            survey_method="gps",
            official_area_m2=1200.0,  # a whole number: Python writes 1200.0
            accuracy_m=Decimal("1.50"),
            local_name=AWKWARD,
        )
        kept = parcel_record(
            village=cls.village_b, geometry=square(1000, 500, side=37.5), survey_method="gps", local_name="B"
        )
        cls.retired = parcel_retire(parcel=kept, reason="merged")
        # Timestamps with and without microseconds; an area given to the last digit a float holds.
        Parcel.objects.filter(pk=cls.awkward.pk).update(
            begin_lifespan=utc("2024-01-31T08:00:00"), area_m2=10000.000000000002
        )
        Parcel.objects.filter(pk=cls.parcel_b.pk).update(begin_lifespan=utc("2024-02-29T23:59:59.000001"))
        dispute_open(village=cls.village_b, subject="Limite", parcels=[cls.parcel_b])

    def expected(self, parcel, scoped: bool) -> dict:
        """A parcel's properties as the register holds them, in the order the API writes them."""
        parcel = Parcel.objects.select_related("village").get(pk=parcel.pk)

        def stamp(value):
            return None if value is None else value.isoformat().replace("+00:00", "Z")

        props = {
            "number": parcel.number,
            "village_code": parcel.village.code,
            "village_name": parcel.village.name,
            "land_use": parcel.land_use,
            "area_m2": rounded_area(parcel.area_m2),
            "area_srid": parcel.area_srid,
            "official_area_m2": rounded_area(parcel.official_area_m2),
            "survey_method": parcel.survey_method,
            "version": parcel.version,
            "begin_lifespan": stamp(parcel.begin_lifespan),
            "end_lifespan": stamp(parcel.end_lifespan),
        }
        if scoped:
            accuracy = parcel.accuracy_m
            props |= {
                "accuracy_m": None if accuracy is None else str(accuracy),
                "local_name": parcel.local_name,
            }
        return props | {"dispute_pending": parcel.pk == self.parcel_b.pk}

    def assert_same_boundary(self, feature, parcel, places=9):
        """The coordinates of the parcel's boundary, to the precision written (1e-9 degree)."""
        ring = Parcel.objects.get(pk=parcel.pk).geometry.coords[0]
        written = feature["geometry"]["coordinates"][0]
        assert feature["geometry"]["type"] == "Polygon" and len(written) == len(ring)
        for (x, y), (wx, wy) in zip(ring, written, strict=True):
            assert abs(x - wx) <= 10**-places and abs(y - wy) <= 10**-places

    def page(self, **params) -> dict:
        response = self.client.get(ITEMS, {"f": "json", **params})
        assert response.status_code == 200, response.content[:300]
        return json.loads(response.content)

    def test_anonymous_callers_get_every_current_parcel_with_its_public_properties_and_boundary(self):
        body = self.page()
        current = Parcel.objects.filter(end_lifespan__isnull=True).order_by("number", "id")
        assert [f["id"] for f in body["features"]] == [str(p.pk) for p in current]
        assert body["numberReturned"] == body["numberMatched"] == 3
        for feature, parcel in zip(body["features"], current, strict=True):
            assert feature["type"] == "Feature"
            assert list(feature["properties"]) == [*PUBLIC, "dispute_pending"]
            assert feature["properties"] == self.expected(parcel, scoped=False)
            self.assert_same_boundary(feature, parcel)
        assert "B12345678" not in str(body)

    def test_a_user_of_village_a_sees_the_scoped_fields_of_village_a_only(self):
        for user, village in ((self.agent_a, self.village_a), (self.agent_b, self.village_b)):
            self.client.force_login(user)
            for feature in self.page()["features"]:
                parcel = Parcel.objects.get(pk=feature["id"])
                scoped = parcel.village_id == village.pk
                assert feature["properties"] == self.expected(parcel, scoped=scoped)
                if scoped:
                    keys = list(feature["properties"])
                    assert keys == [*PUBLIC, "accuracy_m", "local_name", "dispute_pending"]
        self.client.force_login(self.stranger)
        assert all("local_name" not in f["properties"] for f in self.page()["features"])

    def test_one_feature_is_the_same_feature_as_in_the_page_with_its_links(self):
        self.client.force_login(self.agent_a)
        in_page = next(f for f in self.page()["features"] if f["id"] == str(self.awkward.pk))
        response = self.client.get(f"{ITEMS}/{self.awkward.pk}", {"f": "json"})
        one = json.loads(response.content)
        assert response["Content-Type"] == "application/geo+json" and response["Content-Crs"]
        assert {k: v for k, v in one.items() if k != "links"} == in_page
        assert list(one) == ["id", "type", "geometry", "properties", "links"]
        assert [link["rel"] for link in one["links"]] == ["self", "collection"]
        assert one["properties"]["local_name"] == AWKWARD
        retired = json.loads(self.client.get(f"{ITEMS}/{self.retired.pk}", {"f": "json"}).content)
        assert retired["properties"]["end_lifespan"] and "local_name" not in retired["properties"]

    def test_areas_are_written_to_the_square_centimetre_alike_on_both_databases(self):
        sixty = parcel_record(
            village=self.village_a,
            geometry=square(2000, 500, side=60),
            survey_method="gps",
            official_area_m2=1002.675,  # Python's round() gives 1002.67, PostgreSQL's 1002.68
        )
        computed = Parcel.objects.get(pk=sixty.pk).area_m2
        assert computed != 3600.0 and abs(computed - 3600.0) < 1e-6  # the projection's noise
        response = self.client.get(f"{ITEMS}/{sixty.pk}", {"f": "json"})
        text = response.content.decode()
        assert '"area_m2": 3600.0,' in text and '"official_area_m2": 1002.68,' in text
        in_page = next(f for f in self.page()["features"] if f["id"] == str(sixty.pk))
        assert in_page["properties"] == json.loads(text)["properties"]
        assert rounded_area(2.675) == 2.68 and rounded_area(None) is None

    def test_a_page_in_another_crs_and_at_a_past_moment(self):
        flipped = self.page(crs=f"{EPSG}4326")["features"]
        plain = self.page()["features"]
        for a, b in zip(plain, flipped, strict=True):
            assert [[y, x] for x, y in a["geometry"]["coordinates"][0]] == b["geometry"]["coordinates"][0]
        metres = self.page(crs=f"{EPSG}32630")["features"]
        x, y = metres[0]["geometry"]["coordinates"][0][0]
        assert 400_000 < x < 600_000 and 1_300_000 < y < 1_400_000
        past = self.page(datetime=f"../{self.retired.end_lifespan.isoformat().replace('+00:00', 'Z')}")
        ids = {f["id"] for f in past["features"]}
        assert str(self.retired.pk) in ids and past["numberMatched"] == 4

    @unittest.skipUnless(
        connection.vendor == "postgresql", "PostgreSQL writes features whole on PostGIS only"
    )
    def test_postgresql_writes_the_bytes_python_wrote(self):
        offered = offered_crs()
        scopes = (set(), {self.village_a.pk}, {self.village_a.pk, self.village_b.pk})
        moments = (None, "2000-01-01T00:00:00Z/..", f"../{self.retired.end_lifespan.isoformat()}")
        for crs in offered.values():
            for scope in scopes:
                for moment in moments:
                    queryset = parcels_at(moment).order_by("number", "id")
                    for size in (1, 2, 10):
                        python = features.features_in_python(queryset, crs, scope, size)
                        database = features_in_database(queryset, crs, scope, size)
                        assert database == python, (crs, scope, moment, size)
                        assert python[0] and python[1] >= 1
        one = Parcel.objects.filter(pk=self.awkward.pk)
        crs84 = offered["http://www.opengis.net/def/crs/OGC/1.3/CRS84"]
        text, _read = features_in_database(one, crs84, {self.village_a.pk}, 1)
        assert '"official_area_m2": 1200.0' in text and '"begin_lifespan": "2024-01-31T08:00:00Z"' in text
        assert '"area_m2": 10000.0,' in text and '"accuracy_m": "1.50"' in text

    @unittest.skipUnless(connection.vendor == "postgresql", "one statement a page on PostGIS only")
    def test_a_page_on_postgresql_is_what_python_wrote_with_the_same_count(self):
        """The page's statement (built once, its count inside) against the Python writer and count_up_to."""
        scopes = (set(), {self.village_a.pk}, {self.village_a.pk, self.village_b.pk})
        moments = (None, "2000-01-01T00:00:00Z/..", f"../{self.retired.end_lifespan.isoformat()}")
        for crs in offered_crs().values():
            for scope in scopes:
                for moment in moments:
                    queryset = parcels_at(moment).order_by("number", "id")
                    for offset, size in ((0, 1), (1, 1), (0, 10), (2, 10), (50, 10)):
                        for cap in (1, 10_000):
                            page = features.page(queryset, offset, size, crs, scope, cap)
                            rows = features.page_of(queryset, offset, size + 1)
                            text, read = features.features_in_python(rows, crs, scope, size)
                            matched = features.number_matched(
                                offset, read, size, lambda q=queryset, c=cap: count_up_to(q, c)
                            )
                            assert page == (text, read, matched), (crs, scope, moment, offset, size, cap)
        current = parcels_at(None).order_by("number", "id")
        crs84 = offered_crs()["http://www.opengis.net/def/crs/OGC/1.3/CRS84"]
        assert features.page(current, 0, 1, crs84, set(), 10_000)[1:] == (2, 3)  # a next page: counted
        assert features.page(current, 0, 1, crs84, set(), 2)[1:] == (2, None)  # more than the cap
        assert features.page(current, 50, 1, crs84, set(), 10_000) == ("", 0, 3)  # past the end: counted
        assert features.page(current, 1, 10, crs84, set(), 1)[1:] == (2, 3)  # the last page tells it

    def test_a_page_with_a_next_one_ending_past_the_cap_is_not_counted(self):
        """More rows than the cap follow from the page itself: numberMatched is omitted without counting
        (on SpatiaLite no count statement; on PostgreSQL the count inside the page's statement never runs)."""
        current = parcels_at(None).order_by("number", "id")
        crs84 = offered_crs()["http://www.opengis.net/def/crs/OGC/1.3/CRS84"]
        counts_run = []

        def explain(execute, sql, params, many, context):
            if connection.vendor == "postgresql" and "counted" in sql:
                cursor = context["cursor"].cursor  # the driver's: not through this wrapper again
                cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql, params)
                plan = [row[0] for row in cursor.fetchall()]
                counts_run.extend(
                    line for line in plan if "Aggregate" in line and "never executed" not in line
                )
            elif connection.vendor != "postgresql" and "COUNT(" in sql.upper():
                counts_run.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(explain):
            assert features.page(current, 1, 1, crs84, set(), 2)[1:] == (2, None)  # rows 2 and 3 of 3: > 2
            assert not counts_run, counts_run
            assert features.page(current, 0, 1, crs84, set(), 2)[1:] == (2, None)  # ends within it: counted
            assert counts_run
        assert features.number_matched(5, 11, 10, lambda: 1 / 0, cap=15) is None
        assert features.number_matched(4, 11, 10, lambda: 15, cap=15) == 15

    def test_the_keys_and_the_count_of_a_page_are_the_orms_sql_compiled_once(self):
        box = parse_bbox("-1.6,12.2,-1.3,12.5")
        filtered = (
            parcels_at(None),
            parcels_at("2000-01-01T00:00:00Z/.."),
            parcels_at(f"../{self.retired.end_lifespan.isoformat()}"),
            parcels_in_box(parcels_at(None), box).filter(geometry__intersects=box),
            parcels_at(None).filter(village__code=self.village_a.code, land_use="residential"),
            parcels_at(None).filter(number__in=[]),  # nothing can match
        )
        for queryset in filtered:
            for ordering in (("number", "id"), ("-number", "pk"), ("village__code", "id")):
                ordered = queryset.order_by(*ordering)
                for offset, count, cap in ((0, 101, 10_001), (7, 2, 3)):
                    values = ordered.values("pk")
                    try:
                        keys = values[offset : offset + count].query.sql_with_params()
                        counted = values.order_by()[:cap].query.sql_with_params()
                    except EmptyResultSet:
                        with self.assertRaises(EmptyResultSet):
                            features.keys_and_count(ordered, offset, count, cap)
                        continue
                    expected = (keys[0], tuple(keys[1]), counted[0], tuple(counted[1]))
                    got, got_params, *rest = features.keys_and_count(ordered, offset, count, cap)
                    if got.endswith(" LIMIT %s OFFSET %s"):  # the bounds as parameters, the last two
                        assert got_params[-2:] == (count, offset)
                        bounds = f"LIMIT {count}" + (f" OFFSET {offset}" if offset else "")
                        got, got_params = got.replace("LIMIT %s OFFSET %s", bounds), got_params[:-2]
                    assert (got, got_params, *rest) == expected
        current = parcels_at(None).order_by("number", "id")
        with statements_compiled() as built:
            keys, params, *_count = features.keys_and_count(current, 5, 101, 10_001)
        assert len(built) == 1, built
        assert keys.endswith(" LIMIT %s OFFSET %s") and params == (101, 5)

    @unittest.skipUnless(connection.vendor == "postgresql", "prepared statements on PostgreSQL only")
    def test_the_whole_collections_pages_and_one_feature_are_planned_once_per_connection(self):
        """Every page of the whole collection is one prepared statement, whatever its offset, and so is one
        feature by its id; a filtered page is planned with its values; off where Django's setting for
        transaction pooling is on."""

        def prepared():
            with connection.cursor() as cursor:
                cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
                return [row[0] for row in cursor.fetchall()]

        forget = deallocate_all

        forget()
        with CaptureQueriesContext(connection) as captured:
            pages = [self.page(limit=1, offset=k) for k in (0, 1, 2)]
        # The pages' statements with their values, as Django logs the others.
        logged = [q["sql"] for q in captured if "unnest(page.keys)" in q["sql"]]
        assert len(logged) == 3 and all("LIMIT 2 OFFSET" in sql and "%s" not in sql for sql in logged), logged
        assert len(prepared()) == 1 and all(page["numberReturned"] == 1 for page in pages)
        self.page(limit=1, bbox="-180,-90,180,90")
        self.client.get(f"{ITEMS}/{self.awkward.pk}", {"f": "json"})
        self.client.get(f"{ITEMS}/{self.awkward.pk}", {"f": "json"})
        statements = prepared()
        assert len(statements) == 2 and not any("&&" in s for s in statements), statements
        forget()
        with mock.patch.dict(connection.settings_dict, {"DISABLE_SERVER_SIDE_CURSORS": True}):
            for _ in range(3):
                self.page(limit=1, offset=2)
            assert prepared() == []

    @unittest.skipUnless(connection.vendor == "postgresql", "prepared statements on PostgreSQL only")
    def test_a_maps_view_is_planned_once_per_connection_a_larger_box_or_another_filter_each_time(self):
        """The current parcels in a box of at most SMALL_BOX square degrees, no other filter: one prepared
        statement for every such box, the same pages as planned with their values; a larger box (whose plan
        could differ) and a box with another filter are planned each time."""

        def in_box() -> list[str]:
            with connection.cursor() as cursor:
                cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
                return [row[0] for row in cursor.fetchall() if "&&" in row[0]]

        def around(parcel, margin: float) -> str:
            minx, miny, maxx, maxy = parcel.geometry.extent
            return f"{minx - margin},{miny - margin},{maxx + margin},{maxy + margin}"

        def body(**params) -> dict:
            page = self.page(**params)
            page.pop("timeStamp")
            return page

        deallocate_all()
        boxes = [around(p, m) for p in (self.awkward, self.parcel_b) for m in (0.0, 0.001, 0.003)]
        for bbox in boxes:
            for limit in (1, 5):
                got = body(bbox=bbox, limit=limit)
                with mock.patch.object(features, "SMALL_BOX", -1.0):
                    planned = body(bbox=bbox, limit=limit)
                assert got == planned and got["numberReturned"] >= 1, (bbox, limit)
        assert len(in_box()) == 1, in_box()
        self.page(bbox=around(self.awkward, 0.011))  # 0.022 degrees a side: larger than SMALL_BOX
        self.page(bbox=boxes[0], village=self.village_a.code)
        self.page(bbox=boxes[0], datetime="2000-01-01T00:00:00Z/..")
        assert len(in_box()) == 1, in_box()

    @unittest.skipUnless(connection.vendor == "postgresql", "prepared statements on PostgreSQL only")
    def test_a_large_box_is_planned_with_its_values_where_the_connection_prepares_on_its_own(self):
        """With DB_PREPARE_THRESHOLD (psycopg's server-side binding, every statement run that often on a
        connection prepared), a box larger than SMALL_BOX is still planned with its values each time."""

        def in_box() -> list[str]:
            with connection.cursor() as cursor:
                cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
                return [row[0] for row in cursor.fetchall() if "&&" in row[0]]

        self.page(limit=1)
        raw = connection.connection
        kept = raw.prepare_threshold
        self.addCleanup(setattr, raw, "prepare_threshold", kept)
        raw.prepare_threshold = 0  # prepare a statement at its first run
        deallocate_all()
        with mock.patch.dict(connection.settings_dict["OPTIONS"], {"prepare_threshold": 0}):
            with mock.patch.object(features, "planned_each_time", wraps=features.planned_each_time) as each:
                for _ in range(3):
                    assert self.page(bbox="-180,-90,180,90", limit=1)["numberReturned"] == 1
            assert each.call_count == 3 and in_box() == []
            # The same statement through a cursor of the connection's own binding is prepared.
            with psycopg.Cursor(raw) as cursor, features.planned_each_time(connection.alias) as each_time:
                cursor.execute(
                    "SELECT count(*) FROM parcels_parcel WHERE geometry && %s::geometry", ["POINT(0 0)"]
                )
                each_time.execute("SELECT count(*) FROM parcels_parcel WHERE geometry && %s", ["POINT(1 1)"])
            assert len(in_box()) == 1, in_box()

    @unittest.skipUnless(connection.vendor == "postgresql", "one statement a page on PostGIS only")
    def test_a_page_and_its_count_are_one_statement_on_postgresql(self):
        self.page(limit=1)  # the process's caches (the CRS offered)
        for params, matched in (({"limit": 1}, 3), ({"limit": 1, "offset": 50}, 3), ({}, 3)):
            with CaptureQueriesContext(connection) as captured:
                assert self.page(**params)["numberMatched"] == matched
            assert len(captured) == 1, captured.captured_queries

    @unittest.skipUnless(connection.vendor == "postgresql", "one statement a page on PostGIS only")
    def test_a_page_reads_from_the_database_its_queryset_reads_from(self):
        """A public page may be routed to a read replica: its statement, count included, goes there."""
        crs84 = offered_crs()["http://www.opengis.net/def/crs/OGC/1.3/CRS84"]
        with self.assertRaises(ConnectionDoesNotExist):
            features.page(parcels_at(None).using("replica"), 0, 1, crs84, set(), 10_000)

    @unittest.skipUnless(connection.vendor == "postgresql", "one statement a feature on PostGIS only")
    def test_one_feature_reads_from_the_database_the_router_chooses_for_parcels(self):
        crs84 = offered_crs()["http://www.opengis.net/def/crs/OGC/1.3/CRS84"]
        with (
            mock.patch.object(router, "db_for_read", return_value="replica"),
            self.assertRaises(ConnectionDoesNotExist),
        ):
            features.feature_by_id(uuid.uuid4(), crs84, set())

    def test_an_empty_page_and_a_missing_feature(self):
        past_the_end = self.page(offset=50)
        assert past_the_end["features"] == [] and past_the_end["numberReturned"] == 0
        assert past_the_end["numberMatched"] == 3
        assert self.page(village="NOWHERE")["features"] == []
        missing = self.client.get(f"{ITEMS}/00000000-0000-0000-0000-000000000000", {"f": "json"})
        assert missing.status_code == 404
