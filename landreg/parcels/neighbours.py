"""Neighbours of a parcel with their direction (N/E/S/W), for its limits in the procedure and certificate.

A neighbour touches the parcel or lies within the gap tolerance. Its direction is the bearing from the
parcel's centroid to the centroid of the shared stretch of boundary (or of the neighbour when they only
come near), in the parcel's metric CRS: 315°-45° north, 45°-135° east, 135°-225° south, 225°-315° west.
Using the shared stretch rather than the neighbour's centroid keeps a long neighbour that wraps around a
corner on the side where the boundary actually runs.
"""

import dataclasses
import math

import numpy as np
import shapely

from landreg.core.geometry import projected_area_m2
from landreg.parcels.topology import Tolerance, surroundings

DIRECTIONS = ("N", "E", "S", "W")


@dataclasses.dataclass
class Neighbour:
    parcel: object
    direction: str
    bearing_deg: float
    distance_m: float


def direction_of(bearing_deg: float) -> str:
    return DIRECTIONS[int(((bearing_deg + 45) % 360) // 90)]


def bearing(from_xy, to_xy) -> float:
    dx, dy = to_xy[0] - from_xy[0], to_xy[1] - from_xy[1]
    return math.degrees(math.atan2(dx, dy)) % 360


def neighbours_of(parcel, *, tolerance: Tolerance | None = None, near=None) -> list[Neighbour]:
    """``near``: the parcel's surroundings when the caller already read them (parcel_record does)."""
    return neighbours_around(
        parcel.geometry,
        area_m2=parcel.area_m2,
        metric_srid=parcel.area_srid,
        exclude_pk=parcel.pk,
        tolerance=tolerance,
        near=near,
    )


def neighbours_around(
    geometry,
    *,
    area_m2=None,
    metric_srid=None,
    exclude_pk=None,
    tolerance: Tolerance | None = None,
    near=None,
) -> list[Neighbour]:
    """Neighbours of any boundary, recorded or not yet (a claim's): current parcels within the gap."""
    tolerance = tolerance or Tolerance.default()
    if near is None:
        if area_m2 is None or metric_srid is None:
            area_m2, metric_srid = projected_area_m2(geometry)
        near = surroundings(
            geometry,
            area_m2,
            margin_m=tolerance.gap_m + 1,
            exclude_pk=exclude_pk,
            metric_srid=metric_srid,
        )
    if not near.others:
        return []
    me, others = near.geoms[0], near.geoms[1:]
    distances = shapely.distance(me, others)
    close = np.flatnonzero(distances <= tolerance.gap_m)
    centre = shapely.centroid(me)
    result = []
    for k in close:
        other = others[k]
        shared = shapely.intersection(shapely.boundary(me), shapely.buffer(other, max(tolerance.gap_m, 0.01)))
        target = shapely.centroid(shared) if not shapely.is_empty(shared) else shapely.centroid(other)
        deg = bearing((centre.x, centre.y), (target.x, target.y))
        result.append(
            Neighbour(
                parcel=near.others[k],
                direction=direction_of(deg),
                bearing_deg=round(deg, 1),
                distance_m=round(float(distances[k]), 3),
            )
        )
    return sorted(result, key=lambda n: (DIRECTIONS.index(n.direction), n.parcel.number))
