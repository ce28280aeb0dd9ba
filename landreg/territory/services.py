"""Writes of administrative units; the only place that sets the materialised ``path``."""

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.db import transaction
from django.utils.translation import gettext as _

from landreg.territory.exceptions import TerritoryError
from landreg.territory.models import AdministrativeUnit, UnitLevel
from landreg.territory.overlaps import village_boundary_checked


def boundary_checked(boundary: GEOSGeometry | None) -> MultiPolygon | None:
    """A unit's boundary as stored (a valid multipolygon in EPSG:4326), or a TerritoryError saying why not."""
    if boundary is None:
        return None
    if boundary.srid not in (None, 4326):
        raise TerritoryError(
            _("Boundaries are stored in EPSG:4326; got EPSG:%(srid)s.") % {"srid": boundary.srid}
        )
    if isinstance(boundary, Polygon):
        boundary = MultiPolygon(boundary, srid=4326)
    if not isinstance(boundary, MultiPolygon):
        raise TerritoryError(_("A boundary must be a polygon or a multipolygon."))
    if not boundary.valid:
        raise TerritoryError(
            _("The boundary is not a valid geometry: %(reason)s") % {"reason": boundary.valid_reason}
        )
    boundary.srid = 4326
    return boundary


def unit_path(*, level: int, code: str, parent: AdministrativeUnit | None) -> str:
    """The materialised path a new unit gets, or a TerritoryError if it does not fit the tree."""
    code = code.strip()
    if not code or "/" in code:
        raise TerritoryError(_("A unit code must be non-empty and cannot contain “/”."))
    if level == UnitLevel.COUNTRY:
        if parent is not None:
            raise TerritoryError(_("A country has no parent unit."))
        return f"{code}/"
    if parent is None or parent.level != level - 1:
        raise TerritoryError(
            _("A %(level)s must sit directly under a %(parent)s.")
            % {"level": UnitLevel(level).label, "parent": UnitLevel(level - 1).label}
        )
    return f"{parent.path}{code}/"


@transaction.atomic
def unit_create(
    *,
    level: int,
    code: str,
    name: str,
    parent: AdministrativeUnit | None = None,
    boundary: GEOSGeometry | None = None,
    projected_srid: int | None = None,
) -> AdministrativeUnit:
    path = unit_path(level=level, code=code, parent=parent)
    boundary = boundary_checked(boundary)
    if level == UnitLevel.VILLAGE and boundary is not None:
        _lock_commune(parent.pk)
        village_boundary_checked(boundary=boundary, level=level, parent=parent)
    return AdministrativeUnit.objects.create(
        level=level,
        code=code.strip(),
        name=name,
        parent=parent,
        path=path,
        boundary=boundary,
        projected_srid=projected_srid,
    )


@transaction.atomic
def unit_update(
    *, unit: AdministrativeUnit, name: str, boundary: GEOSGeometry | None, projected_srid: int | None
) -> AdministrativeUnit:
    """A unit's name, boundary and official CRS changed; its level, code and place in the tree never change
    (``path`` scopes every grant under it). A village's new boundary is compared with its neighbours'."""
    boundary = boundary_checked(boundary)
    if unit.level == UnitLevel.VILLAGE and unit.parent_id:
        _lock_commune(unit.parent_id)
    unit = AdministrativeUnit.objects.select_for_update().get(pk=unit.pk)
    village_boundary_checked(boundary=boundary, level=unit.level, parent=unit.parent, village=unit)
    unit.name, unit.boundary, unit.projected_srid = name, boundary, projected_srid
    unit.save(update_fields=["name", "boundary", "projected_srid", "updated_at"])
    return unit


def _lock_commune(pk) -> None:
    # The commune's row is locked while a village's boundary is compared with its neighbours' and written:
    # two administrators drawing two villages over the same land at once would otherwise both pass the check.
    list(AdministrativeUnit.objects.select_for_update().filter(pk=pk).values_list("pk", flat=True))


def unit_get_or_create(*, code: str, **fields) -> AdministrativeUnit:
    existing = AdministrativeUnit.objects.filter(code=code).first()
    return existing or unit_create(code=code, **fields)
