"""Real parcels with their real neighbours for the tests of splits and boundary corrections.

Parcel AC 52 of Épinay-sur-Orge (Etalab cadastre, /work/shared/data; 1,367 m² officially) and the six parcels
that touch it (AC 163, 375, 53, 257, 268, 162), recorded in a village « Village É » whose boundary is drawn
around them. Touching neighbours are what a split's parts and a corrected boundary meet in real land: they
must be told apart from overlaps.
"""

import json
from pathlib import Path

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon

from landreg.core.geometry import projected_srid_for, to_srid
from landreg.parcels.services import parcel_record
from landreg.rights.services import HolderShare, right_register
from landreg.territory.models import UnitLevel
from landreg.territory.services import unit_create

ETALAB = Path("/work/shared/data/etalab-91216-epinay-sur-orge-parcels.geojson")
PARENT = "91216000AC0052"
NEIGHBOURS = ["91216000AC0163", "91216000AC0375", "91216000AC0053", "91216000AC0257", "91216000AC0268"]


def etalab_geometries(ids: list[str]) -> dict[str, GEOSGeometry]:
    with ETALAB.open() as stream:
        features = json.load(stream)["features"]
    return {
        f["properties"]["id"]: GEOSGeometry(json.dumps(f["geometry"]), srid=4326)
        for f in features
        if f["properties"]["id"] in ids
    }


def record_real_block(*, commune, holder_party_factory):
    """The village, the parent parcel (with its right) and its neighbours: (village, parent, others)."""
    geometries = etalab_geometries([PARENT, *NEIGHBOURS])
    hull = geometries[PARENT]
    for geometry in geometries.values():
        hull = hull.union(geometry)
    village = unit_create(
        level=UnitLevel.VILLAGE,
        code="TC-E",
        name="Village É",
        parent=commune,
        boundary=MultiPolygon(hull.convex_hull.buffer(0.0005), srid=4326),
    )
    parent = parcel_record(
        village=village, geometry=geometries[PARENT], survey_method="gps", source_id=PARENT
    )
    others = {
        code: parcel_record(village=village, geometry=geometries[code], survey_method="gps", source_id=code)
        for code in NEIGHBOURS
    }
    right_register(
        parcel=parent,
        right_type="customaryType",
        holders=[HolderShare(party=holder_party_factory(village))],
        tenure_system="customary",
        legal_basis="Loi 034-2009/AN, art. 36",
    )
    return village, parent, others


def halves(geometry: GEOSGeometry, *, shift_m: float = 0.0) -> list[Polygon]:
    """The parcel cut in two by a north-south line (two fifths across, where both sides of AC 52 are one
    polygon each; moved ``shift_m`` metres east for the eastern part only, so that a positive shift leaves a
    strip of the parcel in no part)."""
    srid = projected_srid_for(geometry)
    projected = to_srid(geometry, srid)
    xmin, ymin, xmax, ymax = projected.extent
    middle = xmin + (xmax - xmin) * 0.4
    west = Polygon.from_bbox((xmin - 1, ymin - 1, middle, ymax + 1))
    east = Polygon.from_bbox((middle + shift_m, ymin - 1, xmax + 1, ymax + 1))
    parts = []
    for box in (west, east):
        box.srid = srid
        parts.append(to_srid(projected.intersection(box), 4326))
    return parts


def grown(geometry: GEOSGeometry, metres: float) -> Polygon:
    """The boundary moved ``metres`` outwards all round (negative: inwards), as a corrected survey gives."""
    srid = projected_srid_for(geometry)
    moved = to_srid(geometry, srid).buffer(metres)
    moved.srid = srid
    return to_srid(moved, 4326)
