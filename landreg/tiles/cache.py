"""The tile cache: a public parcel tile is drawn once and kept until a parcel in it changes.

Tiles up to CACHED_MAX_ZOOM are kept in the ``tiles`` cache (settings ``CACHES``: a folder under var/ by
default, shared by the server's processes on one machine; Redis when several machines serve). Above it a
tile holds few parcels and is drawn faster than a cache round trip is worth.

A parcel recorded, edited, retired or imported removes every cached tile that shows its old or new
boundary, at every cached zoom, inside its transaction and again once it commits (so a tile drawn from the
old rows in between is dropped too). A change too wide to list its tiles (an import across a region) starts
a new generation of the cache instead: every tile is drawn again.
"""

import math

from django.core.cache import caches
from django.db import transaction

CACHED_MAX_ZOOM = 16
MAX_KEYS = 5000  # more tiles than this to drop: start a new generation instead
MARGIN = (
    64 / 4096
)  # the tile's buffer (mvt.BUFFER / mvt.EXTENT): a parcel near an edge is in its neighbour too
_GENERATION = "tiles:generation"


def _cache():
    return caches["tiles"]


def _generation(cache) -> int:
    generation = cache.get(_GENERATION)
    if generation is None:
        cache.add(_GENERATION, 1, timeout=None)
        generation = cache.get(_GENERATION, 1)
    return generation


def _key(generation: int, z: int, x: int, y: int) -> str:
    return f"tiles:{generation}:{z}:{x}:{y}"


def cached_tile(z: int, x: int, y: int, draw) -> bytes:
    """The public tile z/x/y from the cache, else ``draw()``-n and kept."""
    if z > CACHED_MAX_ZOOM:
        return draw()
    cache = _cache()
    key = _key(_generation(cache), z, x, y)
    data = cache.get(key)
    if data is None:
        data = draw()
        cache.set(key, data)
    return data


def _tile_range(z: int, extent: tuple[float, float, float, float]):
    """The x and y ranges of the tiles of zoom z showing a lon/lat box (with the tiles' buffer)."""
    n = 2**z
    minx, miny, maxx, maxy = extent

    def fx(lon):
        return (lon + 180.0) / 360.0 * n

    def fy(lat):
        lat = max(min(lat, 85.0511287798066), -85.0511287798066)
        return (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n

    x0, x1 = math.floor(fx(minx) - MARGIN), math.floor(fx(maxx) + MARGIN)
    y0, y1 = math.floor(fy(maxy) - MARGIN), math.floor(fy(miny) + MARGIN)
    clamp = lambda v: max(0, min(n - 1, v))  # noqa: E731
    return range(clamp(x0), clamp(x1) + 1), range(clamp(y0), clamp(y1) + 1)


def tiles_forget(extents: list[tuple[float, float, float, float]]) -> None:
    """Drop the cached tiles showing these lon/lat boxes, now and once the transaction commits."""
    extents = [e for e in extents if e]
    if not extents:
        return
    _forget(extents)
    transaction.on_commit(lambda: _forget(extents))


def _forget(extents) -> None:
    cache = _cache()
    generation = _generation(cache)
    keys: set[str] = set()
    for z in range(CACHED_MAX_ZOOM + 1):
        for extent in extents:
            xs, ys = _tile_range(z, extent)
            if len(keys) + len(xs) * len(ys) > MAX_KEYS:
                try:
                    cache.incr(_GENERATION)
                except ValueError:  # the generation was evicted meanwhile: any new one will do
                    cache.set(_GENERATION, generation + 1, timeout=None)
                return
            keys.update(_key(generation, z, x, y) for x in xs for y in ys)
    cache.delete_many(list(keys))
