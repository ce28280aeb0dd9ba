"""Mapbox vector tiles of the current parcels (public attributes only: id, number, land use, area).

PostGIS: one ST_AsMVT query. SpatiaLite: the parcels in the tile (R*Tree), projected to Web Mercator
in one OGR call, clipped to the tile with its buffer, encoded by mapbox-vector-tile.
"""

import math

import mapbox_vector_tile
import shapely
from django.contrib.gis.geos import Polygon
from django.db import connection

from landreg.parcels.models import Parcel
from landreg.parcels.topology import parcels_in_box, project_wkbs

EXTENT, BUFFER = 4096, 64
LAYER = "parcels"
HALF = 20037508.342789244  # half the Web Mercator world, metres


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
         ST_AsMVTGeom(ST_Transform(p.geometry, 3857), bounds.tile, 4096, 64, true) AS geom
  FROM parcels_parcel p, bounds
  WHERE p.geometry && bounds.search AND p.end_lifespan IS NULL {scope}
  OFFSET 0  -- a fence: flattened, the outer test would be pushed down and ST_AsMVTGeom run twice per row
) t WHERE t.geom IS NOT NULL
"""


def parcels_tile(z: int, x: int, y: int, village_ids: list | None = None) -> bytes:
    """The tile; ``village_ids`` narrows it to those villages (the map of a user's own scope)."""
    if connection.vendor == "postgresql":
        params = {"z": z, "x": x, "y": y, "margin": BUFFER / EXTENT, "villages": village_ids}
        scope = "AND p.village_id = ANY(%(villages)s::uuid[])" if village_ids is not None else ""
        with connection.cursor() as cursor:
            cursor.execute(POSTGIS_SQL.format(scope=scope), params)
            data = cursor.fetchone()[0]
        return bytes(data) if data else b""
    return _tile_in_python(z, x, y, village_ids)


def _tile_in_python(z, x, y, village_ids=None) -> bytes:
    box = Polygon.from_bbox(tile_bounds_4326(z, x, y, margin=BUFFER / EXTENT))
    box.srid = 4326
    parcels = Parcel.objects.current()
    if village_ids is not None:
        parcels = parcels.filter(village_id__in=village_ids)
    rows = list(
        parcels_in_box(parcels, box)
        .filter(geometry__intersects=box)
        .values_list("id", "number", "land_use", "area_m2", "geometry")
    )
    if not rows:
        return b""
    geoms = project_wkbs([bytes(r[4].wkb) for r in rows], 4326, 3857)
    bounds = tile_bounds_3857(z, x, y)
    pad = (bounds[2] - bounds[0]) * BUFFER / EXTENT
    clipped = shapely.clip_by_rect(geoms, bounds[0] - pad, bounds[1] - pad, bounds[2] + pad, bounds[3] + pad)
    features = [
        {
            "geometry": geom,
            "properties": {"id": str(r[0]), "number": r[1], "land_use": r[2], "area_m2": round(r[3])},
        }
        for r, geom in zip(rows, clipped, strict=True)
        if not shapely.is_empty(geom)
    ]
    return mapbox_vector_tile.encode(
        [{"name": LAYER, "features": features}],
        default_options={"quantize_bounds": bounds, "extents": EXTENT},
    )
