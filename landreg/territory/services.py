"""Writes of administrative units; the only place that sets the materialised ``path``."""

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.db import transaction
from django.utils.translation import gettext as _

from landreg.territory.exceptions import TerritoryError
from landreg.territory.models import AdministrativeUnit, UnitLevel


def _as_multipolygon(boundary: GEOSGeometry | None) -> MultiPolygon | None:
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
    code = code.strip()
    if not code or "/" in code:
        raise TerritoryError(_("A unit code must be non-empty and cannot contain “/”."))
    if level == UnitLevel.COUNTRY:
        if parent is not None:
            raise TerritoryError(_("A country has no parent unit."))
        path = f"{code}/"
    else:
        if parent is None or parent.level != level - 1:
            raise TerritoryError(
                _("A %(level)s must sit directly under a %(parent)s.")
                % {"level": UnitLevel(level).label, "parent": UnitLevel(level - 1).label}
            )
        path = f"{parent.path}{code}/"
    return AdministrativeUnit.objects.create(
        level=level,
        code=code,
        name=name,
        parent=parent,
        path=path,
        boundary=_as_multipolygon(boundary),
        projected_srid=projected_srid,
    )


def unit_get_or_create(*, code: str, **fields) -> AdministrativeUnit:
    existing = AdministrativeUnit.objects.filter(code=code).first()
    return existing or unit_create(code=code, **fields)
