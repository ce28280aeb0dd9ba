"""A deep page of the whole collection starts at a kept boundary (landreg/ogcapi/boundaries.py), never
anywhere else than the walk from the index's start would reach: the same features, numberMatched and links at
every offset, and after a write the boundaries are read again before a page uses them."""

import json
import unittest
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from landreg.ogcapi import boundaries, features
from landreg.ogcapi.selectors import offered_crs, parcels_at
from landreg.parcels.models import Parcel
from landreg.parcels.services import parcel_record, parcel_retire
from tests.base import RegistryTestCase
from tests.geometries import square

ITEMS = "/ogcapi/collections/parcels/items"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EVERY = 3  # a boundary every third parcel: a dozen parcels have four


def sought(captured) -> list[str]:
    """The statements of pages whose walk started at a boundary."""
    return [q["sql"] for q in captured if "unnest(page.keys)" in q["sql"] and '"id") >= (' in q["sql"]]


class BoundaryPagesTests(RegistryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for k in range(10):
            village = cls.village_a if k % 2 else cls.village_b
            parcel_record(village=village, geometry=square(200 * k, 3000), survey_method="gps")

    def setUp(self):
        super().setUp()
        patcher = mock.patch.object(boundaries, "EVERY", EVERY)
        patcher.start()
        self.addCleanup(patcher.stop)
        boundaries.forget(connection.alias)
        self.addCleanup(boundaries.forget, connection.alias)
        self.crs84 = offered_crs()[CRS84]

    def current(self):
        return parcels_at(None).order_by("number", "id")

    def assert_every_page_is_the_plain_walks(self, sizes=(1, 2, 5)) -> int:
        total = Parcel.objects.filter(end_lifespan__isnull=True).count()
        for size in sizes:
            for offset in range(total + 3):
                for cap in (4, 10_000):
                    got = features.page(self.current(), offset, size, self.crs84, set(), cap)
                    plain = features.page_in_database(
                        self.current(), offset, size, self.crs84, set(), cap, seek=False
                    )
                    assert got == plain, (offset, size, cap)
        return total

    def body(self, **params) -> dict:
        response = self.client.get(ITEMS, {"f": "json", **params})
        assert response.status_code == 200, response.content[:300]
        body = json.loads(response.content)
        body.pop("timeStamp")
        return body

    @unittest.skipUnless(connection.vendor == "postgresql", "boundaries on PostgreSQL only")
    def test_a_page_at_any_offset_is_the_plain_walks_page_with_its_count(self):
        with CaptureQueriesContext(connection) as captured:
            total = self.assert_every_page_is_the_plain_walks()
        assert total >= 4 * EVERY
        # Every page from the first boundary but one on started at a boundary.
        assert len(sought(captured)) == 3 * 2 * (total + 3 - EVERY), len(sought(captured))

    def test_the_pages_over_http_have_the_same_features_counts_and_links_as_without_boundaries(self):
        total = Parcel.objects.filter(end_lifespan__isnull=True).count()
        for offset in range(total + 2):
            for limit in (1, 4):
                with CaptureQueriesContext(connection) as captured:
                    got = self.body(limit=limit, offset=offset)
                statements = list(captured)  # read now: the next request empties the log
                with mock.patch.object(boundaries, "start", return_value=None):
                    plain = self.body(limit=limit, offset=offset)
                assert got == plain, (offset, limit)
                if connection.vendor == "postgresql":
                    assert bool(sought(statements)) == (offset >= EVERY), (offset, statements)

    @unittest.skipUnless(connection.vendor == "postgresql", "boundaries on PostgreSQL only")
    def test_after_a_write_the_boundaries_are_read_again_before_a_page_uses_them(self):
        features.page(self.current(), 2 * EVERY, 1, self.crs84, set(), 10_000)
        before = boundaries.boundaries(connection.alias)
        first = self.current().first()
        # The first parcel retired: every later one moves up a place.
        parcel_retire(parcel=first, reason="merged")
        with CaptureQueriesContext(connection) as captured:
            page = features.page(self.current(), 2 * EVERY, 1, self.crs84, set(), 10_000)
        # Read with the old boundaries, the page said another head: thrown away, walked from the start.
        assert len(captured) == 2 and len(sought(captured)) == 1, captured.captured_queries
        assert page == features.page_in_database(
            self.current(), 2 * EVERY, 1, self.crs84, set(), 10_000, seek=False
        )
        after = boundaries.boundaries(connection.alias)
        assert after.head != before.head and after.numbers[0] != first.number
        assert after.numbers == tuple(self.current().values_list("number", flat=True)[::EVERY])
        self.assert_every_page_is_the_plain_walks(sizes=(2,))
        # A parcel recorded: new boundaries again, the same pages as the walk.
        parcel_record(village=self.village_a, geometry=square(0, 6000), survey_method="gps")
        self.assert_every_page_is_the_plain_walks(sizes=(2,))
        assert boundaries.boundaries(connection.alias).head != after.head

    @unittest.skipUnless(connection.vendor == "postgresql", "boundaries on PostgreSQL only")
    def test_the_boundaries_are_read_once_until_the_registry_changes(self):
        features.page(self.current(), 2 * EVERY, 1, self.crs84, set(), 10_000)
        for offset in (EVERY, 3 * EVERY, 2 * EVERY + 1):
            with CaptureQueriesContext(connection) as captured:
                features.page(self.current(), offset, 1, self.crs84, set(), 10_000)
            assert len(captured) == 1 and len(sought(captured)) == 1, captured.captured_queries

    @unittest.skipUnless(connection.vendor == "postgresql", "boundaries on PostgreSQL only")
    def test_a_filtered_page_or_a_page_of_the_past_walks_as_before(self):
        filtered = (
            parcels_at(None).filter(village__code=self.village_a.code).order_by("number", "id"),
            parcels_at("2000-01-01T00:00:00Z/..").order_by("number", "id"),
            parcels_at(None).order_by("-number", "id"),
        )
        for queryset in filtered:
            with CaptureQueriesContext(connection) as captured:
                features.page(queryset, 2 * EVERY, 1, self.crs84, set(), 10_000)
            assert not sought(captured) and len(captured) == 1, captured.captured_queries
