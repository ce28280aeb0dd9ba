"""Neighbours N/E/S/W of a parcel: current parcels that touch it or lie within a small gap.

A simple stand-in for the spatial work's neighbour detection (replace ``parcel_neighbours`` there): the
direction is the bearing between centroids in the parcel's metric CRS, in quarters centred on N, E, S, W.
"""

import math

from landreg.core.geometry import to_srid
from landreg.parcels.models import Parcel

GAP_TOLERANCE_M = 3.0
DIRECTIONS = ("N", "E", "S", "W")


def bearing_direction(dx: float, dy: float) -> str:
    """N, E, S or W for a displacement in metres (x east, y north): 0° is north, clockwise."""
    bearing = math.degrees(math.atan2(dx, dy)) % 360
    return DIRECTIONS[int(((bearing + 45) % 360) // 90)]


def parcel_neighbours(parcel: Parcel, tolerance_m: float = GAP_TOLERANCE_M) -> dict[str, list[Parcel]]:
    srid = parcel.area_srid
    own = to_srid(parcel.geometry, srid)
    # About 1e-5 degree per metre near the equator, a generous prefilter; the exact gap is checked in metres.
    near = own.buffer(tolerance_m)
    candidates = (
        Parcel.objects.current()
        .filter(geometry__intersects=to_srid(near, 4326).envelope)
        .exclude(pk=parcel.pk)
        .order_by("number")
    )
    found: dict[str, list[Parcel]] = {d: [] for d in DIRECTIONS}
    centre = own.centroid
    for other in candidates:
        theirs = to_srid(other.geometry, srid)
        if own.distance(theirs) > tolerance_m:
            continue
        c = theirs.centroid
        found[bearing_direction(c.x - centre.x, c.y - centre.y)].append(other)
    return found
