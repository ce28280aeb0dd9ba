"""Free places in a village for demo and benchmark claims: squares on land no recorded parcel covers.

The demo's claims lie beside recorded parcels (``beside_parcels``): a claim is walked with its neighbours, who
sign the site visit's record and are printed on the certificate; a claim in an empty field had none to show.
"""

import shapely
from django.contrib.gis.geos import GEOSGeometry
from shapely import affinity, ops

from landreg.core.geometry import projected_srid_for, to_srid
from landreg.parcels.models import Parcel

# The square a demo claim is drawn as, and how far it keeps from recorded parcels and the village limit.
CLAIM_SIDE_M = 60
CLEARANCE_M = 8
# Beside parcels: the gap left to the nearest parcel, well inside the procedure's neighbour gap (5 m by
# default), so it is a neighbour without any overlap; and how many recorded parcels it must border.
BESIDE_GAP_M = 1.0
BESIDE_MIN_NEIGHBOURS = 2


class NotEnoughFreeLand(ValueError):
    """The village has fewer free places than asked for."""


def free_squares(
    village, *, count: int, side: float = CLAIM_SIDE_M, beside_parcels: bool = False
) -> list[GEOSGeometry]:
    """`count` squares inside the village's boundary that touch no recorded parcel nor each other.

    Scans the village's free land (its boundary shrunk by a clearance, less the recorded parcels grown by
    it) on a grid, west to east and south to north, so the same data always gives the same places.
    ``beside_parcels``: each square found is slid towards the nearest recorded parcel until it lies
    BESIDE_GAP_M from it, and kept only where it then borders at least BESIDE_MIN_NEIGHBOURS parcels.
    Raises NotEnoughFreeLand when fewer than `count` fit.
    """
    boundary = village.boundary
    srid = projected_srid_for(boundary)
    parcels = [
        shapely.from_wkb(bytes(to_srid(geometry, srid).wkb))
        for geometry in Parcel.objects.filter(village=village).values_list("geometry", flat=True)
    ]
    keep_off = BESIDE_GAP_M * 0.9 if beside_parcels else CLEARANCE_M
    free = shapely.from_wkb(bytes(to_srid(boundary, srid).wkb)).buffer(-CLEARANCE_M)
    free = free.difference(shapely.union_all([p.buffer(keep_off) for p in parcels]))
    recorded = shapely.union_all(parcels)
    tree = shapely.STRtree(parcels)
    xmin, ymin, xmax, ymax = free.bounds
    step = side / 6 if beside_parcels else side / 3  # beside parcels: more places tried along their edge
    squares = []
    y = ymin
    while y + side <= ymax and len(squares) < count:
        x = xmin
        while x + side <= xmax and len(squares) < count:
            square = shapely.box(x, y, x + side, y + side)
            placed = free.contains(square) and (
                _beside(square, recorded, tree, free) if beside_parcels else square
            )
            if placed:
                squares.append(placed)
                free = free.difference(placed.buffer(CLEARANCE_M))
                x += side + CLEARANCE_M
            else:
                x += step
        y += step
    if len(squares) < count:
        raise NotEnoughFreeLand(
            f"Only {len(squares)} free places for the {count} demo claims in {village.name}."
        )
    return [to_srid(GEOSGeometry(memoryview(shapely.to_wkb(square)), srid=srid), 4326) for square in squares]


def _beside(square, recorded, tree, free):
    """The square slid to BESIDE_GAP_M from the nearest recorded parcel, if it stays on free land and then
    borders enough parcels; else None."""
    on_square, on_parcel = ops.nearest_points(square, recorded)
    distance = on_square.distance(on_parcel)
    if distance <= BESIDE_GAP_M:
        moved = square
    else:
        ratio = (distance - BESIDE_GAP_M) / distance
        moved = affinity.translate(
            square, (on_parcel.x - on_square.x) * ratio, (on_parcel.y - on_square.y) * ratio
        )
    if not free.contains(moved):
        return None
    neighbours = tree.query(moved, predicate="dwithin", distance=BESIDE_GAP_M * 2)
    return moved if len(neighbours) >= BESIDE_MIN_NEIGHBOURS else None
