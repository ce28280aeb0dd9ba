"""The UTM zone an import measures each parcel's area in: its centroid's, found from the polygon's box
where the box lies in one zone (checking._utm_srids), computed only for the boxes straddling a zone."""

from unittest import mock

import numpy as np
import shapely

from landreg.core.geometry import utm_srids_for
from landreg.parcels.importing import checking


def _square(x: float, y: float, size: float) -> shapely.Polygon:
    return shapely.box(x, y, x + size, y + size)


def test_each_polygon_gets_its_centroids_zone_straddling_polygons_included():
    polygons = np.array(
        [
            _square(2.30, 48.60, 0.01),  # inside zone 31 north
            _square(5.999, 10.0, 0.01),  # across the 6th meridian
            _square(-17.0, -0.005, 0.01),  # across the equator
            shapely.Polygon([(5.5, 1.0), (6.9, 1.0), (6.9, 1.01), (5.5, 1.01)]),  # centroid east of 6
            shapely.Polygon([(5.0, 1.0), (6.1, 1.0), (6.1, 1.01), (5.0, 1.01)]),  # centroid west of 6
            _square(179.995, -40.0, 0.004),  # zone 60
        ]
    )
    centroids = shapely.centroid(polygons)
    expected = utm_srids_for(shapely.get_x(centroids), shapely.get_y(centroids))
    found = checking._utm_srids(polygons, shapely.bounds(polygons))
    assert found.tolist() == expected.tolist()
    assert found.tolist() == [32631, 32632, 32628, 32632, 32631, 32760]


def test_only_the_straddling_polygons_have_a_centroid_computed():
    polygons = np.array(
        [_square(2.3 + k * 0.01, 48.6, 0.005) for k in range(100)] + [_square(5.999, 1, 0.01)]
    )
    with mock.patch.object(checking.shapely, "centroid", wraps=shapely.centroid) as centroid:
        checking._utm_srids(polygons, shapely.bounds(polygons))
    [call] = centroid.call_args_list
    assert len(call.args[0]) == 1
