"""Spatial checks of a claim: neighbours and overlaps, in metres in the place's projected CRS.

``neighbours_of`` uses the registry's neighbour detection (landreg.parcels.neighbours) with the gap
tolerance of the commune's procedure profile: the one definition of a neighbour and its side (N/E/S/W) in the
procedure, read by the site visit (the neighbours invited to sign) and the certificate (the limits it prints).
"""

import dataclasses
from dataclasses import dataclass

import numpy as np
import shapely
from django.contrib.gis.db.models.functions import AsWKB
from django.contrib.gis.geos import GEOSGeometry, Polygon
from django.utils.translation import gettext as _

from landreg.adjudication.models import Claim, ProcedureProfile
from landreg.adjudication.profiles import NoProcedureError, profile_for
from landreg.adjudication.states import FINAL_STATES, ClaimPurpose, ClaimState
from landreg.core.formats.pdf import number_in_language
from landreg.core.geometry import projected_srid_for, to_srid
from landreg.parcels.models import Parcel
from landreg.parcels.neighbours import Neighbour, neighbours_around
from landreg.parcels.topology import (
    Tolerance,
    box_around,
    is_conflict,
    metric_srid_for_extent,
    parcels_in_box,
    project_wkbs,
)


@dataclass(frozen=True)
class Overlap:
    parcel_number: str
    area_m2: float
    share_pct: float


def neighbours_of(geometry: GEOSGeometry, *, gap_m: float = 5.0, exclude_pk=None) -> list[Neighbour]:
    """Current parcels touching the claimed boundary or within the profile's gap, nearest first.

    The registry's neighbour detection (landreg.parcels.neighbours) with the profile's gap tolerance
    (``neighbour_gap_m``, ``neighbour_gap_of``), whoever asks: the site visit's neighbours and the
    certificate's limits were two computations (5 m here, the topology's 0.5 m there), so a neighbour across a
    track who signed the record was missing from the certificate, and a side could differ between the papers.
    """
    tolerance = dataclasses.replace(Tolerance.default(), gap_m=gap_m)
    found = neighbours_around(geometry, exclude_pk=exclude_pk, tolerance=tolerance)
    return sorted(found, key=lambda n: (n.distance_m, n.parcel.number))


def neighbour_gap_of(village) -> float:
    """The procedure's neighbour gap (m) in the village: its profile's, else the profile field's default."""
    try:
        return profile_for(village).neighbour_gap_m
    except NoProcedureError:
        return ProcedureProfile._meta.get_field("neighbour_gap_m").default


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


def batch_overlaps(
    boundaries: list[GEOSGeometry],
    tolerances: list[Tolerance],
    *,
    labels: list[str],
    settled: list[tuple[str, GEOSGeometry]] = (),
    wkbs: list[bytes] | None = None,
    among_themselves: bool = True,
) -> dict[int, list[Overlap]]:
    """The overlaps beyond tolerance of each boundary of a batch (by index), set-wise: one query each for
    the current parcels and the claims in progress over the batch's extent, then shapely on all of them at
    once in a metric CRS. A boundary is also screened against ``settled`` ones (records of the batch the
    server already holds) and against the boundaries before it in the batch: of two records of a batch
    that overlap, the later is the one held back, so a batch cut off and sent again ends the same way.
    ``labels`` name the batch's boundaries in the messages; ``tolerances`` are each one's profile's; ``wkbs``
    are the boundaries' WKB when the caller has them already. ``among_themselves=False``: the boundaries are
    not screened against one another (records refused already, see ``batch.boundaries_screen``)."""
    if not boundaries:
        return {}
    if wkbs is None:
        wkbs = [bytes(b.wkb) for b in boundaries]
    extent = tuple(shapely.total_bounds(shapely.from_wkb(wkbs)))
    box = box_around(Polygon.from_bbox(extent), 1.0)
    parcels = parcels_in_box(Parcel.objects.current(), box).annotate(wkb=AsWKB("geometry"))
    # The claims' R*Tree on SpatiaLite is kept up to date since adjudication migration 0020 (it was left
    # disabled when Django remade the table; see core.db.spatial_indexes).
    claims = parcels_in_box(claims_in_progress(), box).annotate(wkb=AsWKB("geometry"))
    others = [(label, bytes(g.wkb)) for label, g in settled]
    others += [(number, bytes(wkb)) for number, wkb in parcels.values_list("number", "wkb")]
    others += [
        (receipt or str(pk), bytes(wkb))
        for receipt, pk, wkb in claims.values_list("receipt_number", "pk", "wkb")
    ]
    names = [*labels, *(label for label, _wkb in others)]
    geoms = project_wkbs(wkbs + [wkb for _label, wkb in others], 4326, metric_srid_for_extent(extent))
    areas = shapely.area(geoms)
    n = len(boundaries)
    mine, theirs = shapely.STRtree(geoms).query(geoms[:n], predicate="intersects")
    keep = (theirs >= n) | ((theirs < mine) & among_themselves)  # not itself; of the batch, those before it
    mine, theirs = mine[keep], theirs[keep]
    shared = shapely.area(shapely.intersection(geoms[mine], geoms[theirs]))
    smaller = np.minimum(areas[mine], areas[theirs])
    found: dict[int, list[Overlap]] = {}
    for i, j, area, small in zip(
        mine.tolist(), theirs.tolist(), shared.tolist(), smaller.tolist(), strict=True
    ):
        pct = 100.0 * area / small if small else 0.0
        if is_conflict(area, pct, tolerances[i]):
            found.setdefault(i, []).append(Overlap(names[j], area, pct))
    return found


def overlaps_listed(overlaps: list[Overlap]) -> str:
    """Each parcel overlapped and by how much ("SAB-C-00012 (3,5 m²)"), written as the language does."""
    return ", ".join(f"{o.parcel_number} ({number_in_language(o.area_m2, 1)} m²)" for o in overlaps)


def overlap_message(overlaps: list[Overlap]) -> str:
    return _("The boundary overlaps %(list)s beyond the tolerance.") % {"list": overlaps_listed(overlaps)}
