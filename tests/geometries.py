"""Tiny geometry fixtures with their reference values.

Squares are built in metres in UTM zone 30N (EPSG:32630) and stored in EPSG:4326, so their area in
the UTM zone is known exactly: SQUARE_100M is 100 m x 100 m = 10,000 m².
"""

from django.contrib.gis.geos import Polygon

from landreg.core.geometry import to_srid

# Near Koudougou, Burkina Faso: easting 500,000 m is the central meridian of zone 30 (3° W).
ORIGIN_E, ORIGIN_N = 500_000.0, 1_350_000.0


def square(east: float, north: float, side: float = 100.0) -> Polygon:
    """A square in EPSG:4326 whose south-west corner is (east, north) metres from the test origin."""
    x, y = ORIGIN_E + east, ORIGIN_N + north
    utm = Polygon(((x, y), (x + side, y), (x + side, y + side), (x, y + side), (x, y)), srid=32630)
    return to_srid(utm, 4326)


SQUARE_100M_AREA = 10_000.0  # m², exact in EPSG:32630


def bowtie() -> Polygon:
    """Self-intersecting ring (a GPS walk that crossed itself), invalid by design."""
    return Polygon(((-3.0, 12.2), (-2.999, 12.201), (-2.999, 12.2), (-3.0, 12.201), (-3.0, 12.2)), srid=4326)


def holed_with_long_decimals() -> Polygon:
    """A polygon with a hole and coordinates of fifteen significant digits: every rounding case a writer of
    numbers meets (GeoJSON written as GDAL writes it)."""
    return Polygon(
        (
            (-1.123456789012345, 12.3456789012345),
            (-1.1, 12.35),
            (-1.12, 12.36),
            (-1.123456789012345, 12.3456789012345),
        ),
        ((-1.121, 12.349), (-1.1205, 12.3495), (-1.1209, 12.3496), (-1.121, 12.349)),
        srid=4326,
    )
