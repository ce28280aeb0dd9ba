"""The vectorised tile encoder (SpatiaLite path) writes what the specification asks and what
mapbox-vector-tile reads back: the same polygons as mapbox-vector-tile's own encoder."""

import mapbox_vector_tile
import shapely
from mapbox_vector_tile.Mapbox import vector_tile_pb2
from shapely.geometry import MultiPolygon, Polygon, shape

from landreg.tiles.encoding import encode_polygons

BOUNDS = (0.0, 0.0, 4096.0, 4096.0)  # one unit a tile unit, y up


def decoded(data: bytes) -> list[dict]:
    return mapbox_vector_tile.decode(data)["parcels"]["features"]


def test_the_polygons_read_back_as_mapbox_vector_tile_encodes_them():
    square_with_hole = Polygon(
        [(100, 100), (1100, 100), (1100, 1100), (100, 1100)],
        [[(400, 400), (600, 400), (600, 600), (400, 600)]],
    )
    clockwise = Polygon([(2000, 2000), (2000, 2500), (2600, 2500), (2600, 2000)])  # wrong winding as given
    two_parts = MultiPolygon(
        [Polygon([(0, 3000), (50, 3000), (50, 3050)]), Polygon([(90, 3000), (150, 3000), (150, 3080)])]
    )
    geoms = [square_with_hole, clockwise, two_parts]
    props = [
        {"id": "a", "number": "N-1", "area_m2": 12},
        {"id": "b", "number": "N-2", "area_m2": 7},
        {"id": "c", "number": "N-3", "area_m2": 12},
    ]
    ours = decoded(encode_polygons("parcels", geoms, props, BOUNDS))
    theirs = decoded(
        mapbox_vector_tile.encode(
            [
                {
                    "name": "parcels",
                    "features": [{"geometry": g, "properties": p} for g, p in zip(geoms, props, strict=True)],
                }
            ],
            default_options={"quantize_bounds": BOUNDS, "extents": 4096},
        )
    )
    assert [f["properties"] for f in ours] == props
    for a, b in zip(ours, theirs, strict=True):
        assert a["geometry"]["type"] == b["geometry"]["type"]
        assert shape(a["geometry"]).equals(shape(b["geometry"]))
    assert shape(ours[0]["geometry"]).area == 1000 * 1000 - 200 * 200


def test_rings_are_oriented_cleaned_and_collapsed_ones_dropped():
    repeated = Polygon(
        [(0, 0), (0, 0.2), (300, 0), (300, 300), (300, 300.1), (0, 300)]
    )  # repeated once rounded
    collapsed = Polygon([(1000, 1000), (1000.2, 1000), (1000.2, 1000.3)])  # one point once rounded
    data = encode_polygons("parcels", [repeated, collapsed], [{"id": "r"}, {"id": "c"}], BOUNDS)
    tile = vector_tile_pb2.tile()
    tile.ParseFromString(data)
    (feature,) = tile.layers[0].features
    commands = list(feature.geometry)
    # MoveTo(1), 2 params, LineTo(3), 6 params, ClosePath: four distinct points, none repeated.
    assert commands[0] == 9 and commands[3] == (2 | (3 << 3)) and commands[-1] == 15 and len(commands) == 11
    xs, ys, cx, cy = [], [], 0, 0
    for k in [1, 4, 6, 8]:
        dx, dy = commands[k], commands[k + 1]
        cx += (dx >> 1) ^ -(dx & 1)
        cy += (dy >> 1) ^ -(dy & 1)
        xs.append(cx)
        ys.append(cy)
    ring = shapely.LinearRing(list(zip(xs, ys, strict=True)))
    # Exterior rings turn clockwise on screen (y down): a positive area by the surveyor's formula.
    assert shapely.Polygon(ring).area > 0 and ring.is_ccw  # shapely counts with y up: positive is "ccw"
    assert encode_polygons("parcels", [collapsed], [{"id": "c"}], BOUNDS) == b""
