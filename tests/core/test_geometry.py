import json
from pathlib import Path

import numpy as np
import pytest
from django.contrib.gis.geos import GEOSGeometry

from landreg.core.geometry import (
    coord_transform,
    hectares_ares_centiares,
    projected_area_m2,
    utm_srid_for,
    utm_srids_for,
)
from tests.geometries import SQUARE_100M_AREA, square

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


@pytest.mark.parametrize(
    ("lon", "lat", "srid"),
    [(-1.5, 12.3, 32630), (2.3, 48.7, 32631), (47.5, -18.9, 32738), (-5.3, 7.7, 32630), (-180, 0, 32601)],
)
def test_the_utm_zone_follows_longitude_and_hemisphere(lon, lat, srid):
    assert utm_srid_for(lon, lat) == srid


def test_the_utm_zones_of_many_points_at_once_are_each_points_own():
    # Every zone edge, both hemispheres, the equator, the antimeridian (zone 60 on both sides).
    lons = [-180, -179.9, -6, -0.0001, 0, 2.35, 5.9999, 6, 177, 179.9, 180] * 3
    lats = [-89.9] * 11 + [0] * 11 + [48.85] * 11
    expected = [utm_srid_for(lon, lat) for lon, lat in zip(lons, lats, strict=True)]
    assert utm_srids_for(np.array(lons), np.array(lats)).tolist() == expected


def test_the_area_of_a_100_m_square_is_10000_square_metres():
    area, srid = projected_area_m2(square(0, 0))
    assert srid == 32630
    assert area == pytest.approx(SQUARE_100M_AREA, abs=0.01)


def test_a_country_crs_overrides_the_utm_zone():
    area, srid = projected_area_m2(square(0, 0), country_srid=32631)
    assert srid == 32631
    # 6° from zone 31's central meridian the UTM scale factor is ~1.0053, so the area grows by ~1.06 %.
    assert area == pytest.approx(SQUARE_100M_AREA * 1.0106, rel=0.001)


def test_transformations_are_built_once_and_reused():
    assert coord_transform(4326, 32630) is coord_transform(4326, 32630)


def test_areas_split_into_hectares_ares_and_centiares():
    assert hectares_ares_centiares(25_488.4) == (2, 54, 88)


@pytest.mark.skipif(not SHARED_DATA.exists(), reason="shared data not present")
def test_computed_areas_of_real_parcels_match_their_official_areas():
    features = json.loads((SHARED_DATA / "etalab-91216-epinay-sur-orge-parcels.geojson").read_text())[
        "features"
    ]
    large = [f for f in features if (f["properties"].get("contenance") or 0) > 5_000]
    ratios = sorted(
        projected_area_m2(GEOSGeometry(json.dumps(f["geometry"])))[0] / f["properties"]["contenance"]
        for f in large
    )
    # The official "contenance" is surveyed and rounded independently (measured here: median ratio 0.9995,
    # 80 % of parcels within ±1.3 %), so the median must be within 0.5 % and nine in ten within 2.5 %.
    assert len(ratios) > 90
    assert ratios[len(ratios) // 2] == pytest.approx(1, abs=0.005)
    within = [r for r in ratios if abs(r - 1) <= 0.025]
    assert len(within) >= 0.9 * len(ratios)


@pytest.mark.skipif(not SHARED_DATA.exists(), reason="shared data not present")
def test_the_hex_ewkb_of_a_wkb_is_the_one_geos_writes():
    from django.contrib.gis.gdal import DataSource
    from django.contrib.gis.geos import WKBWriter

    from landreg.core.geometry import ewkb_hex

    etalab = DataSource(str(SHARED_DATA / "etalab-91216-epinay-sur-orge-parcels.geojson"))
    geometries = [feature.geom.geos for feature in etalab[0]]
    geometries += [g.transform(2154, clone=True) for g in geometries]  # full-precision coordinates too
    assert len(geometries) == 2 * 4241
    big_endian = WKBWriter()
    big_endian.byteorder = 0
    big_endian_srid = WKBWriter()
    big_endian_srid.byteorder, big_endian_srid.srid = 0, True
    for geometry in geometries:
        for srid in (4326, 2154):
            geometry.srid = srid
            assert ewkb_hex(bytes(geometry.wkb), srid) == bytes(geometry.ewkb).hex()
            # A WKB in the other byte order keeps its order.
            expected = bytes(big_endian_srid.write(geometry)).hex()
            assert ewkb_hex(bytes(big_endian.write(geometry)), srid) == expected
