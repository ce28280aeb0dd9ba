"""Spatial checks of a claim: neighbours and overlaps, in metres in the place's projected CRS.

``neighbours_of`` uses the registry's neighbour detection (landreg.parcels.neighbours) with the gap
tolerance of the commune's procedure profile.
"""

import dataclasses
import math
from dataclasses import dataclass

from django.contrib.gis.geos import GEOSGeometry

from landreg.adjudication.models import Claim
from landreg.adjudication.states import FINAL_STATES, ClaimPurpose, ClaimState
from landreg.core.geometry import projected_srid_for, to_srid
from landreg.parcels.neighbours import Neighbour, bearing, direction_of, neighbours_around
from landreg.parcels.topology import Tolerance, is_conflict


@dataclass(frozen=True)
class Overlap:
    parcel_number: str
    area_m2: float
    share_pct: float


def direction_between(a: GEOSGeometry, b: GEOSGeometry) -> str:
    """N, E, S or W from a's centroid to b's (EPSG:4326 shapes; the bearing is taken on the local plane)."""
    dx = (b.centroid.x - a.centroid.x) * math.cos(math.radians(a.centroid.y))
    return direction_of(bearing((0.0, 0.0), (dx, b.centroid.y - a.centroid.y)))


def neighbours_of(geometry: GEOSGeometry, *, gap_m: float = 5.0, exclude_pk=None) -> list[Neighbour]:
    """Current parcels touching the claimed boundary or within the profile's gap, nearest first.

    The registry's neighbour detection (landreg.parcels.neighbours) with the profile's gap tolerance.
    """
    tolerance = dataclasses.replace(Tolerance.default(), gap_m=gap_m)
    found = neighbours_around(geometry, exclude_pk=exclude_pk, tolerance=tolerance)
    return sorted(found, key=lambda n: (n.distance_m, n.parcel.number))


def overlaps_of(
    geometry: GEOSGeometry, *, tolerance_m2: float, tolerance_pct: float, queryset
) -> list[Overlap]:
    """Rows of ``queryset`` whose overlap with the boundary is a conflict by the registry's rule
    (``parcels.topology.is_conflict``: above the m² tolerance and above the % of the smaller of the two)."""
    srid = projected_srid_for(geometry)
    projected = to_srid(geometry, srid)
    area = projected.area
    tolerance = dataclasses.replace(Tolerance.default(), overlap_m2=tolerance_m2, overlap_pct=tolerance_pct)
    found = []
    for row in queryset.filter(geometry__intersects=geometry):
        other = to_srid(row.geometry, srid)
        shared = projected.intersection(other).area
        smaller = min(area, other.area)
        pct = 100.0 * shared / smaller if smaller else 0.0
        if is_conflict(shared, pct, tolerance):
            label = getattr(row, "number", None) or getattr(row, "receipt_number", None) or str(row.pk)
            found.append(Overlap(label, shared, pct))
    return found


def claims_in_progress(*, exclude_pk=None):
    """First claims submitted and not yet closed: the ones a new boundary must not overlap.

    Applications for later changes are left out: their boundaries are registered parcels' already. Drafts and
    returned claims are left out too: nothing is lodged until submission."""
    return (
        Claim.objects.filter(purpose=ClaimPurpose.FIRST_REGISTRATION)
        .exclude(pk=exclude_pk)
        .exclude(state__in=[*FINAL_STATES, ClaimState.DRAFT, ClaimState.RETURNED])
    )
