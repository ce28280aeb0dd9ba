"""Writes of parcels. Geometry arrives in EPSG:4326 (or with its SRID, then transformed)."""

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from landreg.core.geometry import WGS84, projected_area_m2, to_srid
from landreg.core.versioning import version_retire, version_supersede
from landreg.parcels.exceptions import GeometryError, ParcelError
from landreg.parcels.models import Parcel
from landreg.territory.models import AdministrativeUnit, UnitLevel


def normalise_boundary(geometry: GEOSGeometry) -> Polygon:
    """A valid EPSG:4326 polygon, or a GeometryError saying what is wrong. Nothing is repaired silently."""
    if geometry.srid is None:
        raise GeometryError(_("The boundary has no coordinate reference system."))
    if isinstance(geometry, MultiPolygon) and len(geometry) == 1:
        geometry = geometry[0]
    if not isinstance(geometry, Polygon):
        raise GeometryError(
            _("A parcel boundary must be one polygon, not a %(type)s.") % {"type": geometry.geom_type}
        )
    if geometry.srid != WGS84:
        geometry = to_srid(geometry, WGS84)
    if not geometry.valid:
        raise GeometryError(_("The boundary is not valid: %(reason)s") % {"reason": geometry.valid_reason})
    if geometry.empty or geometry.area == 0:
        raise GeometryError(_("The boundary has no area."))
    return geometry


def next_parcel_number(village: AdministrativeUnit) -> str:
    # The caller holds the village row lock, so two agents never get the same number.
    prefix = f"{village.code}-"
    used = Parcel.objects.filter(village=village, number__startswith=prefix).values_list("number", flat=True)
    highest = max((int(n[len(prefix) :]) for n in used if n[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{highest + 1:05d}"


@transaction.atomic
def parcel_record(
    *,
    village: AdministrativeUnit,
    geometry: GEOSGeometry,
    survey_method: str,
    number: str | None = None,
    land_use: str = "cropland",
    official_area_m2: float | None = None,
    accuracy_m=None,
    local_name: str = "",
    source_id: str = "",
    created_by=None,
) -> Parcel:
    if village.level != UnitLevel.VILLAGE:
        raise ParcelError(
            _("A parcel is recorded in a village, not in a %(level)s.")
            % {"level": village.get_level_display()}
        )
    village = AdministrativeUnit.objects.select_for_update().get(pk=village.pk)
    boundary = normalise_boundary(geometry)
    area, srid = projected_area_m2(boundary, village.effective_projected_srid())
    number = number or next_parcel_number(village)
    if Parcel.objects.filter(number=number).exists():
        raise ParcelError(_("The parcel number %(number)s is already used.") % {"number": number})
    parcel = Parcel(
        number=number,
        village=village,
        geometry=boundary,
        land_use=land_use,
        area_m2=area,
        area_srid=srid,
        official_area_m2=official_area_m2,
        survey_method=survey_method,
        accuracy_m=accuracy_m,
        local_name=local_name,
        source_id=source_id,
        created_by=created_by,
    )
    try:
        parcel.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise ParcelError("; ".join(exc.messages)) from exc
    parcel.save()
    return parcel


def parcel_update(
    *, parcel: Parcel, actor=None, reason: str, geometry: GEOSGeometry | None = None, **changes
) -> Parcel:
    """A new version of the parcel; its earlier version is kept with its lifespan."""
    if {"number", "village", "area_m2", "area_srid"} & set(changes):
        raise ParcelError(_("The number, village and computed area of a parcel cannot be edited."))
    if geometry is not None:
        boundary = normalise_boundary(geometry)
        area, srid = projected_area_m2(boundary, parcel.village.effective_projected_srid())
        changes.update(geometry=boundary, area_m2=area, area_srid=srid)
    return version_supersede(parcel, changes=changes, actor=actor, reason=reason)


def parcel_retire(*, parcel: Parcel, actor=None, reason: str) -> Parcel:
    return version_retire(parcel, actor=actor, reason=reason)
