"""The CQL2 spatial functions on SpatiaLite find their candidates in the R*Tree spatial index, as ``bbox``
does, and answer what GEOS answers parcel by parcel, on both databases."""

import unittest

from django.contrib.gis.geos import LineString, Point
from django.db import connection
from django.test.utils import CaptureQueriesContext

from landreg.core.geometry import to_srid
from landreg.parcels.models import Parcel
from tests.geometries import ORIGIN_E, ORIGIN_N, square
from tests.ogcapi.test_ogcapi_filter import ITEMS, FilterData

FUNCTIONS = {
    "S_INTERSECTS": "intersects",
    "S_WITHIN": "within",
    "S_CONTAINS": "contains",
    "S_DISJOINT": "disjoint",
    "S_TOUCHES": "touches",
    "S_CROSSES": "crosses",
    "S_OVERLAPS": "overlaps",
    "S_EQUALS": "equals",
}


def utm_line(*points):
    return to_srid(LineString([(ORIGIN_E + e, ORIGIN_N + n) for e, n in points], srid=32630), 4326)


class SpatialIndexTests(FilterData):
    def literals(self):
        return {
            "around village A's parcels": square(-10, -10, side=400),
            "half over parcel_a": square(50, 50),
            "beside parcel_a": square(100, 0),
            "a line across parcel_a and the field": utm_line((50, 50), (350, 40)),
            "the centre of TC-B-00002": Point(self.pasture_b.geometry.centroid.coords, srid=4326),
            "the lowland itself": Parcel.objects.get(pk=self.lowland.pk).geometry,
        }

    def test_each_spatial_function_answers_what_geos_answers_parcel_by_parcel(self):
        current = list(Parcel.objects.filter(end_lifespan__isnull=True).order_by("number"))
        for name, method in FUNCTIONS.items():
            for label, literal in self.literals().items():
                expected = [p.number for p in current if getattr(p.geometry, method)(literal)]
                assert self.numbers(f"{name}(geometry, {literal.wkt})") == expected, (name, label)
                others = [p.number for p in current if p.number not in expected]
                assert self.numbers(f"NOT {name}(geometry, {literal.wkt})") == others, (name, label)

    @unittest.skipUnless(connection.vendor == "sqlite", "the R*Tree is SpatiaLite's")
    def test_on_spatialite_each_function_but_disjoint_reads_the_rtree(self):
        literal = square(-10, -10, side=400).wkt
        for name in FUNCTIONS:
            for params in ({}, {"datetime": "2000-01-01T00:00:00Z/.."}):
                with CaptureQueriesContext(connection) as captured:
                    self.numbers(f"{name}(geometry, {literal})", **params)
                table = "parcels_parcelversion" if params else "parcels_parcel"
                read = any(f'"idx_{table}_geometry"' in q["sql"] for q in captured)
                assert read == (name != "S_DISJOINT"), (name, params)
        with CaptureQueriesContext(connection) as captured:
            assert self.client.get(ITEMS, {"filter": "land_use = 'pasture'"}).status_code == 200
        assert not any("idx_parcels_parcel_geometry" in q["sql"] for q in captured)
