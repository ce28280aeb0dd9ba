"""The file's own WKB staged where it is the boundary's as GEOS would write it (importing.checking,
staging._ewkb_hex): byte for byte the same EWKB as writing it again, and never taken otherwise."""

import numpy as np
import shapely

from landreg.parcels.importing.checking import _as_written, wkb_of
from landreg.parcels.importing.staging import _ewkb_hex

SQUARE = shapely.Polygon([(2.3, 48.8), (2.3001, 48.8), (2.3001, 48.8001), (2.3, 48.8001)])
HOLED = shapely.Polygon(
    [(0, 0), (1, 0), (1, 1), (0, 1)], holes=[[(0.25, 0.25), (0.5, 0.25), (0.5, 0.5), (0.25, 0.5)]]
)


def test_a_two_dimensional_little_endian_polygon_is_taken_as_the_file_wrote_it():
    geoms = np.array([SQUARE, HOLED])
    wkbs = [shapely.to_wkb(g, byte_order=1) for g in geoms]
    assert _as_written(geoms, wkbs, np.zeros(2, dtype=bool)).tolist() == [True, True]
    assert wkbs == wkb_of(geoms).tolist()
    assert _ewkb_hex(geoms, 4326, wkbs) == _ewkb_hex(geoms, 4326)


def test_z_values_big_endian_order_an_srid_and_a_multipolygons_one_part_are_written_again():
    with_z = shapely.force_3d(SQUARE, 5.0)
    srid_tagged = shapely.to_wkb(shapely.set_srid(SQUARE, 4326), byte_order=1, include_srid=True)
    as_read = [
        shapely.to_wkb(with_z, byte_order=1),  # Z: staged without it
        shapely.to_wkb(SQUARE, byte_order=0),  # big-endian
        shapely.to_wkb(shapely.MultiPolygon([SQUARE]), byte_order=1),  # its one part taken
        srid_tagged,  # extended WKB, its SRID in the type code
        shapely.to_wkb(SQUARE, byte_order=1),  # as written
    ]
    geoms = np.array([with_z, SQUARE, SQUARE, SQUARE, SQUARE])
    unwrapped = np.array([False, False, True, False, False])
    assert _as_written(geoms, as_read, unwrapped).tolist() == [False, False, False, False, True]


def test_only_the_boundaries_without_the_files_bytes_are_written_again():
    geoms = np.array([SQUARE, HOLED, SQUARE])
    known = [shapely.to_wkb(SQUARE, byte_order=1), None, None]
    assert _ewkb_hex(geoms, 4326, known) == _ewkb_hex(geoms, 4326)
    staged = shapely.from_wkb(bytes.fromhex(_ewkb_hex(geoms, 4326, known)[1]))
    assert shapely.get_srid(staged) == 4326 and shapely.equals_exact(staged, HOLED, 0)
