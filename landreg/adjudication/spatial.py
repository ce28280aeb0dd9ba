"""Spatial checks of a claim: neighbours and overlaps, in metres in the place's projected CRS.

``neighbours_of`` is a simple query (touching or within the profile's gap); the automatic neighbour
detection of the parcels app can replace it later without changing its callers.
"""

import math
from dataclasses import dataclass

from django.contrib.gis.geos import GEOSGeometry

from landreg.core.geometry import projected_srid_for, to_srid
from landreg.parcels.models import Parcel

_METRES_PER_DEGREE = 111_320.0


@dataclass(frozen=True)
class Neighbour:
    parcel: Parcel
    distance_m: float
    direction: str  # N, E, S or W: the bearing from the claim's centroid to the neighbour's


@dataclass(frozen=True)
class Overlap:
    parcel_number: str
    area_m2: float
    share_pct: float


def _bbox_candidates(geometry: GEOSGeometry, gap_m: float, queryset):
    # A coarse buffer in degrees finds candidates with the spatial index; exact distances follow in metres.
    latitude_factor = max(math.cos(math.radians(geometry.centroid.y)), 0.1)
    margin = (gap_m + 1.0) / (_METRES_PER_DEGREE * latitude_factor)
    return queryset.filter(geometry__intersects=geometry.envelope.buffer(margin).envelope)


def direction_between(a: GEOSGeometry, b: GEOSGeometry) -> str:
    dx, dy = b.centroid.x - a.centroid.x, b.centroid.y - a.centroid.y
    bearing = math.degrees(math.atan2(dx * math.cos(math.radians(a.centroid.y)), dy)) % 360
    return "NESW"[int(((bearing + 45) % 360) // 90)]


def neighbours_of(geometry: GEOSGeometry, *, gap_m: float = 5.0, exclude_pk=None) -> list[Neighbour]:
    """Current parcels that touch the boundary or lie within ``gap_m`` metres of it, nearest first."""
    srid = projected_srid_for(geometry)
    projected = to_srid(geometry, srid)
    found = []
    candidates = _bbox_candidates(geometry, gap_m, Parcel.objects.current())
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    for parcel in candidates:
        other = to_srid(parcel.geometry, srid)
        distance = projected.distance(other)
        if distance <= gap_m and projected.intersection(other).area < 1.0:
            found.append(Neighbour(parcel, distance, direction_between(geometry, parcel.geometry)))
    return sorted(found, key=lambda n: (n.distance_m, n.parcel.number))


def overlaps_of(
    geometry: GEOSGeometry, *, tolerance_m2: float, tolerance_pct: float, queryset
) -> list[Overlap]:
    """Rows of ``queryset`` whose overlap with the boundary exceeds a tolerance (m² or % of the claim)."""
    srid = projected_srid_for(geometry)
    projected = to_srid(geometry, srid)
    area = projected.area
    found = []
    for row in queryset.filter(geometry__intersects=geometry):
        shared = projected.intersection(to_srid(row.geometry, srid)).area
        pct = 100.0 * shared / area if area else 0.0
        if shared > tolerance_m2 or pct > tolerance_pct:
            label = getattr(row, "number", None) or getattr(row, "receipt_number", None) or str(row.pk)
            found.append(Overlap(label, shared, pct))
    return found
