"""The villages of one commune do not overlap: each parcel is recorded in one village, its claims heard by
that village's committee and written in that village's registers. Two villages claiming the same land would
let the same field be adjudicated twice, by two committees, into two registers.

A village lies in its commune too: every parcel is checked to lie in its village and in its commune
(parcels.checks.containment_issues), so a village drawn beyond its commune's boundary would have every claim
recorded on that land refused at its first check.

Boundaries drawn on different maps rarely follow their common limit to the centimetre: an overlap up to
``TOLERANCE_M2`` is that drawing's noise, not land in two villages (nor land out of the commune). Areas are
measured in the commune's official metric CRS (or the UTM zone), as parcels' are.
"""

from dataclasses import dataclass

from django.contrib.gis.geos import GEOSGeometry
from django.utils.translation import gettext as _

from landreg.core.formats.pdf import number_in_language
from landreg.core.geometry import projected_srid_for, to_srid
from landreg.territory.exceptions import TerritoryError
from landreg.territory.models import AdministrativeUnit, UnitLevel

TOLERANCE_M2 = 1.0


@dataclass(frozen=True)
class VillageOverlap:
    village: AdministrativeUnit
    area_m2: float


class VillageOverlapError(TerritoryError):
    """A village's boundary covers part of another village of the same commune; ``overlaps`` says which."""

    def __init__(self, overlaps: list[VillageOverlap]):
        self.overlaps = overlaps
        named = "; ".join(
            _("the village of %(name)s (%(code)s) over %(area)s m²")
            % {"name": o.village.name, "code": o.village.code, "area": number_in_language(o.area_m2)}
            for o in overlaps
        )
        super().__init__(
            _(
                "The boundary overlaps %(villages)s: a parcel cannot lie in two villages. Correct the common "
                "limit (an overlap of up to %(tolerance)s m² is tolerated)."
            )
            % {"villages": named, "tolerance": number_in_language(TOLERANCE_M2)}
        )


class VillageOutsideCommuneError(TerritoryError):
    """A village's boundary goes beyond the boundary of its commune by more than the tolerance."""

    def __init__(self, commune: AdministrativeUnit, area_m2: float):
        self.commune, self.area_m2 = commune, area_m2
        super().__init__(
            _(
                "The boundary goes outside the commune of %(name)s (%(code)s) over %(area)s m²: every parcel "
                "must lie in its commune, and a claim on that land would be refused. Draw the village "
                "within the commune (up to %(tolerance)s m² outside is tolerated), or correct the commune's "
                "boundary first."
            )
            % {
                "name": commune.name,
                "code": commune.code,
                "area": number_in_language(area_m2),
                "tolerance": number_in_language(TOLERANCE_M2),
            }
        )


def village_outside_commune_m2(*, boundary: GEOSGeometry, commune: AdministrativeUnit) -> float:
    """The area of ``boundary`` (EPSG:4326) outside its commune's boundary, in m²; 0 for a commune whose
    boundary is not known."""
    if not commune.boundary:
        return 0.0
    srid = projected_srid_for(boundary, commune.effective_projected_srid())
    return to_srid(boundary, srid).difference(to_srid(commune.boundary, srid)).area


def village_overlaps(
    *, boundary: GEOSGeometry, commune: AdministrativeUnit, village: AdministrativeUnit | None = None
) -> list[VillageOverlap]:
    """The other villages of ``commune`` whose boundary overlaps ``boundary`` (EPSG:4326) by more than the
    tolerance, with the area in common; ``village`` is the one being edited (not compared with itself)."""
    others = AdministrativeUnit.objects.filter(
        parent=commune, level=UnitLevel.VILLAGE, boundary__intersects=boundary
    ).order_by("code")
    if village is not None and village.pk:
        others = others.exclude(pk=village.pk)
    srid = projected_srid_for(boundary, commune.effective_projected_srid())
    projected = to_srid(boundary, srid)
    overlaps = []
    for other in others:
        area = projected.intersection(to_srid(other.boundary, srid)).area
        if area > TOLERANCE_M2:
            overlaps.append(VillageOverlap(other, area))
    return overlaps


def village_boundary_checked(
    *, boundary: GEOSGeometry | None, level: int, parent: AdministrativeUnit | None, village=None
) -> None:
    """Raises VillageOutsideCommuneError when a village's boundary goes beyond its commune's, and
    VillageOverlapError when it overlaps another village of its commune."""
    if boundary is None or level != UnitLevel.VILLAGE or parent is None:
        return
    outside = village_outside_commune_m2(boundary=boundary, commune=parent)
    if outside > TOLERANCE_M2:
        raise VillageOutsideCommuneError(parent, outside)
    overlaps = village_overlaps(boundary=boundary, commune=parent, village=village)
    if overlaps:
        raise VillageOverlapError(overlaps)
