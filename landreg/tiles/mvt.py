"""Mapbox vector tiles of the current parcels (public attributes only: id, number, land use, area).

PostGIS: one ST_AsMVT query. SpatiaLite: the parcels in the tile (R*Tree), simplified, projected to Web
Mercator in one OGR call, clipped to the tile with its buffer, encoded with numpy (encoding.py).

Generalised by zoom, the same on both databases (a z8 tile was 570-712 KB and took 0.9-1.5 s on
SpatiaLite): boundaries are simplified to one tile unit (detail finer than that is lost when the tile is
quantised anyway), in degrees before they are projected (fewer vertices to project and clip); a parcel
smaller than a quarter of a screen pixel is left out (it cannot be seen: under 10 m² at z14, 0.25 ha at
z10); and a tile holds at most FEATURE_BUDGET parcels, the largest first.
"""

import math

import shapely
from django.contrib.gis.geos import Polygon
from django.db import connection

from landreg.parcels.models import Parcel
from landreg.parcels.topology import parcels_in_box, project_wkbs
from landreg.tiles.encoding import encode_polygons

EXTENT, BUFFER = 4096, 64
LAYER = "parcels"
HALF = 20037508.342789244  # half the Web Mercator world, metres
FEATURE_BUDGET = 2500  # parcels in one tile at most (on a 256-pixel tile, 26 pixels each)
SIMPLIFY_BELOW_ZOOM = 17  # from there one tile unit is under 2.4 cm: nothing to simplify
PIXELS = 256  # a tile drawn on screen


def _latitude(z: int, j: float) -> float:
    """The latitude (radians) of the row boundary j of zoom z's tile grid (j may be fractional)."""
    return math.atan(math.sinh(math.pi * (1 - 2 * j / 2**z)))


def generalisation(z: int, y: int) -> tuple[float, float]:
    """(simplification tolerance in Web Mercator metres, smallest parcel area shown in m²) at zoom z."""
    size = 2 * HALF / 2**z
    tolerance = size / EXTENT if z < SIMPLIFY_BELOW_ZOOM else 0.0
    # A screen pixel on the ground: Mercator metres shrink by cos(latitude) (taken at the tile's centre).
    pixel = size / PIXELS * math.cos(_latitude(z, y + 0.5))
    return tolerance, pixel * pixel / 4


def tolerance_degrees(tolerance: float, z: int, y: int) -> float:
    """The Mercator tolerance as degrees of longitude and latitude, never coarser than it in either.

    A degree of longitude is HALF / 180 Mercator metres everywhere; a degree of latitude is 1 / cos(lat)
    times that, so the tile's edge nearest the pole (smallest cosine) bounds the error on the whole tile.
    """
    cos = min(math.cos(_latitude(z, y)), math.cos(_latitude(z, y + 1)))
    return tolerance * 180 / HALF * cos


def tile_bounds_3857(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    size = 2 * HALF / 2**z
    minx = -HALF + x * size
    maxy = HALF - y * size
    return minx, maxy - size, minx + size, maxy


def tile_bounds_4326(z, x, y, margin=0.0):
    n = 2**z

    def lon(i):
        return i / n * 360.0 - 180.0

    def lat(j):
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * j / n))))

    return lon(x - margin), lat(y + 1 + margin), lon(x + 1 + margin), lat(y - margin)


POSTGIS_SQL = """
WITH bounds AS (
  SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS tile,
         ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => %(margin)s), 4326) AS search
)
SELECT ST_AsMVT(t, 'parcels', 4096, 'geom') FROM (
  SELECT p.id::text AS id, p.number, p.land_use, round(p.area_m2)::int AS area_m2,
         ST_AsMVTGeom(
           {geometry}, bounds.tile, 4096, 64, true
         ) AS geom
  FROM parcels_parcel p, bounds
  WHERE p.geometry && bounds.search AND p.end_lifespan IS NULL AND p.area_m2 >= %(min_area)s {scope}
  ORDER BY p.area_m2 DESC LIMIT %(budget)s
  OFFSET 0  -- a fence: flattened, the outer test would be pushed down and ST_AsMVTGeom run twice per row
) t WHERE t.geom IS NOT NULL
"""
# Simplified in degrees, then projected: half the time of ST_SimplifyPreserveTopology after ST_Transform
# (a z14 tile of 1,300 parcels: 120 ms instead of 216, the same 121 KB). Douglas-Peucker may cross a
# ring over itself; ST_AsMVTGeom's clipping (wagyu) makes every polygon valid again, and a ring that
# would collapse is kept as it was (preserveCollapsed: the parcel is over the area threshold anyway).
SIMPLIFIED = "ST_Transform(ST_Simplify(p.geometry, %(tolerance)s, true), 3857)"
UNSIMPLIFIED = "ST_Transform(p.geometry, 3857)"


def parcels_tile(z: int, x: int, y: int, village_ids: list | None = None) -> bytes:
    """The tile; ``village_ids`` narrows it to those villages (the map of a user's own scope)."""
    tolerance, min_area = generalisation(z, y)
    if connection.vendor == "postgresql":
        params = {
            "z": z,
            "x": x,
            "y": y,
            "margin": BUFFER / EXTENT,
            "villages": village_ids,
            "tolerance": tolerance_degrees(tolerance, z, y),
            "min_area": min_area,
            "budget": FEATURE_BUDGET,
        }
        scope = "AND p.village_id = ANY(%(villages)s::uuid[])" if village_ids is not None else ""
        with connection.cursor() as cursor:
            geometry = SIMPLIFIED if tolerance else UNSIMPLIFIED
            cursor.execute(POSTGIS_SQL.format(scope=scope, geometry=geometry), params)
            data = cursor.fetchone()[0]
        return bytes(data) if data else b""
    return _tile_in_python(z, x, y, village_ids, tolerance, min_area)


def _tile_in_python(z, x, y, village_ids, tolerance, min_area) -> bytes:
    box = Polygon.from_bbox(tile_bounds_4326(z, x, y, margin=BUFFER / EXTENT))
    box.srid = 4326
    parcels = Parcel.objects.current().filter(area_m2__gte=min_area)
    if village_ids is not None:
        parcels = parcels.filter(village_id__in=village_ids)
    rows = list(
        parcels_in_box(parcels, box)
        .filter(geometry__intersects=box)
        .order_by("-area_m2")
        .values_list("id", "number", "land_use", "area_m2", "geometry")[:FEATURE_BUDGET]
    )
    if not rows:
        return b""
    geoms = shapely.from_wkb([bytes(r[4].wkb) for r in rows])
    if tolerance:
        geoms = shapely.simplify(geoms, tolerance_degrees(tolerance, z, y), preserve_topology=True)
    geoms = project_wkbs(shapely.to_wkb(geoms).tolist(), 4326, 3857)
    bounds = tile_bounds_3857(z, x, y)
    pad = (bounds[2] - bounds[0]) * BUFFER / EXTENT
    clipped = shapely.clip_by_rect(geoms, bounds[0] - pad, bounds[1] - pad, bounds[2] + pad, bounds[3] + pad)
    properties = [{"id": str(r[0]), "number": r[1], "land_use": r[2], "area_m2": round(r[3])} for r in rows]
    return encode_polygons(LAYER, clipped, properties, bounds, EXTENT)
