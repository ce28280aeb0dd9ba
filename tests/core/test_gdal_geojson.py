"""The Python writer of GDAL's GeoJSON (core.formats.gdal_geojson) gives GDAL's own bytes: on the shared real
parcels (as read, and reprojected, so with full-precision coordinates), on random coordinates and on values
made to take each of GDAL's rounding branches (runs of 0s and 9s near the end, beyond 1e50)."""

import json
import math
import random
import struct
from pathlib import Path

import pytest
from django.contrib.gis.gdal import DataSource, OGRGeometry

from landreg.core.formats.gdal_geojson import AGREES_WITH_GDAL, polygon_coordinates, polygon_geojson
from tests.geometries import holed_with_long_decimals

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def polygon_wkb(values: list[float]) -> bytes:
    points = [(values[k], values[k + 1]) for k in range(0, len(values) - 1, 2)]
    ring = [*points, points[0]]
    flat = [c for point in ring for c in point]
    return struct.pack("<BII", 1, 3, 1) + struct.pack(f"<I{len(flat)}d", len(ring), *flat)


def assert_as_gdal(wkb: bytes) -> None:
    gdal = OGRGeometry(memoryview(wkb)).json
    assert polygon_geojson(wkb) == gdal
    assert polygon_coordinates(wkb) == json.loads(gdal)["coordinates"]


def test_the_installed_gdal_writes_as_the_python_writer():
    assert AGREES_WITH_GDAL


@pytest.mark.skipif(not SHARED_DATA.exists(), reason="shared data not present")
def test_real_parcels_are_written_as_gdal_writes_them():
    source = DataSource(str(SHARED_DATA / "etalab-91216-epinay-sur-orge-parcels.geojson"))
    polygons = [feature.geom.geos for feature in source[0]]
    assert len(polygons) == 4241
    for polygon in polygons:
        for geometry in (polygon, polygon.transform(2154, clone=True), polygon.transform(32631, clone=True)):
            assert_as_gdal(bytes(geometry.wkb))


def test_a_polygon_with_a_hole_is_written_as_gdal_writes_it():
    holed = holed_with_long_decimals()
    assert_as_gdal(bytes(holed.wkb))


def test_random_and_rounding_error_coordinates_are_written_as_gdal_writes_them():
    rng = random.Random(12)
    for _ in range(3000):
        assert_as_gdal(polygon_wkb([rng.uniform(-180, 180) for _ in range(8)]))
    for _ in range(3000):  # a few ulps from a value with few decimals: a reprojection's coordinates
        values = []
        for _ in range(8):
            value = round(rng.uniform(-1e6, 1e6), rng.randint(0, 9))
            steps = rng.randint(-4, 4)
            for _ in range(abs(steps)):
                value = math.nextafter(value, math.inf if steps > 0 else -math.inf)
            values.append(value)
        assert_as_gdal(polygon_wkb(values))
    for _ in range(3000):  # runs of 0s and 9s at every place
        values = []
        for _ in range(8):
            digits = "".join(rng.choice("09" if rng.random() < 0.7 else "0123456789") for _ in range(20))
            whole = rng.randint(0, 10 ** rng.randint(0, 8))
            values.append(float(f"{rng.choice(['', '-'])}{whole}.{digits[: rng.randint(5, 20)]}"))
        assert_as_gdal(polygon_wkb(values))
    for values in (
        [0.0, -0.0, 5e-324, 1e-7],
        [1e15, 1e16, 1e21, 1.5e300],
        [12345.000000011, 12345.999999989, 2, 3],
    ):
        assert_as_gdal(polygon_wkb(values))


def test_anything_but_a_2d_polygon_is_left_to_gdal():
    point = bytes(OGRGeometry("POINT (1 2)").wkb)
    polygon_z = bytes(OGRGeometry("POLYGON Z ((0 0 1, 1 0 1, 1 1 1, 0 0 1))").wkb)
    for wkb in (
        point,
        polygon_z,
        polygon_wkb([0, 0, 1, 0, 1, 1])[:-8],
        bytes(OGRGeometry("POLYGON EMPTY").wkb),
    ):
        assert polygon_geojson(wkb) is None and polygon_coordinates(wkb) is None
