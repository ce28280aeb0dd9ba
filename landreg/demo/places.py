"""Free places in a village for demo and benchmark claims: squares on land no recorded parcel covers."""

from django.contrib.gis.geos import GEOSGeometry, Polygon

from landreg.core.geometry import projected_srid_for, to_srid
from landreg.parcels.models import Parcel

# The square a demo claim is drawn as, and how far it keeps from recorded parcels and the village limit.
CLAIM_SIDE_M = 60
CLEARANCE_M = 8


class NotEnoughFreeLand(ValueError):
    """The village has fewer free places than asked for."""


def free_squares(village, *, count: int, side: float = CLAIM_SIDE_M) -> list[GEOSGeometry]:
    """`count` squares inside the village's boundary that touch no recorded parcel nor each other.

    Scans the village's free land (its boundary shrunk by a clearance, less the recorded parcels grown by
    it) on a grid, west to east and south to north, so the same data always gives the same places.
    Raises NotEnoughFreeLand when fewer than `count` fit.
    """
    boundary = village.boundary
    srid = projected_srid_for(boundary)
    free = to_srid(boundary, srid).buffer(-CLEARANCE_M)
    for geometry in Parcel.objects.filter(village=village).values_list("geometry", flat=True):
        free = free.difference(to_srid(geometry, srid).buffer(CLEARANCE_M))
    xmin, ymin, xmax, ymax = free.extent
    step = side / 3
    squares = []
    y = ymin
    while y + side <= ymax and len(squares) < count:
        x = xmin
        while x + side <= xmax and len(squares) < count:
            square = Polygon(((x, y), (x + side, y), (x + side, y + side), (x, y + side), (x, y)), srid=srid)
            if free.contains(square):
                squares.append(square)
                free = free.difference(square.buffer(CLEARANCE_M))
                x += side + CLEARANCE_M
            else:
                x += step
        y += step
    if len(squares) < count:
        raise NotEnoughFreeLand(
            f"Only {len(squares)} free places for the {count} demo claims in {village.name}."
        )
    return [to_srid(square, 4326) for square in squares]
