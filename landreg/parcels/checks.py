"""Geometry checks with specific errors, and an explicit repair only when the user asks for it.

Boundaries arrive from GPS walks, drawings and other systems, as GEOS/OGR geometries, GeoJSON or WKT.
They are read with OGR first because OGR keeps what GEOS would refuse to build (an unclosed ring, a ring of
two points), so those get their own message instead of a parse error. Every problem has a code (for
imports and the API) and a translated message (for people); the self-intersection carries its location.
"""

import contextlib
import dataclasses
import re

import numpy as np
from django.conf import settings
from django.contrib.gis.gdal import GDALException, OGRGeometry, SpatialReference
from django.contrib.gis.geos import GEOSException, GEOSGeometry, LinearRing, Polygon
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from landreg.adjudication.profiles import NoProcedureError, profile_for
from landreg.core.formats.pdf import number_in_language, short_number_in_language
from landreg.core.geojson_crs import LegacyCrsError, crs_member_srid
from landreg.core.geometry import WGS84, projected_area_m2, spatial_reference, to_srid
from landreg.parcels.exceptions import GeometryError

DEFAULT_MIN_AREA_M2 = 0.1  # below this a "parcel" is a digitising accident (real ones go down to 0.6 m²)
DEFAULT_MAX_AREA_M2 = 100_000_000.0  # 10,000 ha: larger is a unit error (degrees read as metres, ...)


@dataclasses.dataclass(frozen=True)
class Issue:
    code: str  # missing_crs, unknown_crs, swapped_axes, out_of_range, not_polygon, too_few_points,
    # unclosed_ring, duplicate_vertices, self_intersection, invalid, empty, zero_area, absurd_area,
    # outside_village, outside_commune, unreadable, not_a_geometry, degrees_in_projected_crs
    message: str
    location: tuple[float, float] | None = None


@dataclasses.dataclass(frozen=True)
class AreaLimits:
    """The smallest and largest area a parcel may have: the commune's procedure profile sets them (a city
    cadastre has genuine parcels of 1 m², a rural procedure may refuse less than 10 m²); where it does not,
    the registry's settings do."""

    min_m2: float
    max_m2: float

    @classmethod
    def from_settings(cls) -> "AreaLimits":
        return cls(
            min_m2=_setting("LANDREG_MIN_PARCEL_AREA_M2", DEFAULT_MIN_AREA_M2),
            max_m2=_setting("LANDREG_MAX_PARCEL_AREA_M2", DEFAULT_MAX_AREA_M2),
        )

    @classmethod
    def for_village(cls, village) -> "AreaLimits":
        try:
            profile = profile_for(village)
        except NoProcedureError:
            return cls.from_settings()
        return cls.for_profile(profile)

    @classmethod
    def for_profile(cls, profile) -> "AreaLimits":
        limits = cls.from_settings()
        return cls(
            min_m2=limits.min_m2 if profile.min_parcel_area_m2 is None else profile.min_parcel_area_m2,
            max_m2=limits.max_m2 if profile.max_parcel_area_m2 is None else profile.max_parcel_area_m2,
        )

    def too_small(self, area: float) -> Issue:
        if area <= 0:
            return Issue("zero_area", _("The boundary has no area."))
        return Issue(
            "zero_area",
            _("The boundary encloses only %(area)s m², less than the %(min)s m² the procedure accepts.")
            % {"area": number_in_language(area, 2), "min": short_number_in_language(self.min_m2)},
        )

    def too_large(self, area: float) -> Issue:
        return Issue(
            "absurd_area",
            _("The boundary encloses %(ha)s ha, more than a parcel can be; check the units and CRS.")
            % {"ha": number_in_language(area / 10_000)},
        )


@dataclasses.dataclass
class CheckedBoundary:
    """The boundary in EPSG:4326, its computed area, and what was repaired (empty unless asked)."""

    polygon: Polygon
    area_m2: float
    area_srid: int
    repaired: list[Issue]
    original_wkt: str


class BoundaryErrors(GeometryError):
    """One or more problems; ``issues`` lists them all, the message names the first ones."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__("; ".join(issue.message for issue in issues))

    @property
    def codes(self) -> list[str]:
        return [issue.code for issue in self.issues]


def _setting(name, default):
    return getattr(settings, name, default)


# GeoJSON objects that hold a geometry without being one.
GEOJSON_CONTAINERS = ("Feature", "FeatureCollection")
UNREADABLE = gettext_lazy(
    "The boundary cannot be read: give a GeoJSON geometry (a polygon, its coordinates in longitude and "
    "latitude) or its WKT."
)


def read_geometry(value, srid: int | None = None) -> OGRGeometry:
    """OGR geometry from GEOS, OGR, GeoJSON (str or dict) or WKT/EWKT; ``srid`` applies if it has none."""
    import json

    stated = None  # the CRS a GeoJSON's crs member names
    if isinstance(value, OGRGeometry):
        geom = value.clone()
    elif isinstance(value, GEOSGeometry):
        geom = value.ogr
        if value.srid is None:
            geom.srs = None
    else:
        if isinstance(value, str) and value.lstrip().startswith("{"):
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        if isinstance(value, dict) and "crs" in value:
            # GeoJSON 2008's crs member, read strictly (core.geojson_crs): OGR drops one it cannot read, and
            # the boundary had no CRS ("missing_crs"), without saying that its crs member was the reason.
            try:
                stated = crs_member_srid(value["crs"])
            except LegacyCrsError as exc:
                raise BoundaryErrors([Issue("unknown_crs", str(exc))]) from exc
            value = {key: item for key, item in value.items() if key != "crs"}
        if isinstance(value, dict) and value.get("type") in GEOJSON_CONTAINERS:
            # A client sending the map's feature rather than its geometry read « Invalid geometry pointer
            # returned from OGR_G_CreateGeometryFromJson », GDAL's words, which say nothing of what to send.
            raise BoundaryErrors(
                [
                    Issue(
                        "not_a_geometry",
                        _("The boundary is a GeoJSON %(type)s: send its geometry (the polygon) instead.")
                        % {"type": value["type"]},
                    )
                ]
            )
        if isinstance(value, dict):
            value = json.dumps(value)
        text = str(value).strip()
        match = re.match(r"^SRID=(\d+);(.*)$", text, re.S | re.I)
        if match:
            srid, text = int(match.group(1)), match.group(2)
        try:
            geom = OGRGeometry(text)
        except (GDALException, ValueError) as exc:
            # GDAL's own message names its internals (« Invalid geometry pointer returned from ... »): the
            # registry says what it reads instead.
            raise BoundaryErrors([Issue("unreadable", str(UNREADABLE))]) from exc
        if stated is not None:  # OGR gives GeoJSON without a crs member EPSG:4326 (RFC 7946)
            geom.srs = spatial_reference(stated)
        elif text.startswith("{") and srid is None:
            srid = WGS84  # RFC 7946: GeoJSON without a crs member is longitude/latitude
    if srid is not None and geom.srs is None:
        geom.srs = spatial_reference(srid)
    return geom


def _rings(geom: OGRGeometry) -> list[list[tuple[float, float]]]:
    name = geom.geom_name.upper()
    if name.startswith("MULTIPOLYGON") and geom.geom_count == 1:
        geom = geom[0]
        name = geom.geom_name.upper()
    if name.startswith("POLYGON"):
        return [[tuple(pt[:2]) for pt in ring.coords] for ring in geom]
    if name.startswith("LINESTRING") or name.startswith("LINEARRING"):  # a GPS walk given as a line
        return [[tuple(pt[:2]) for pt in geom.coords]]
    if name.startswith("MULTILINESTRING") and geom.geom_count == 1:
        return [[tuple(pt[:2]) for pt in geom[0].coords]]
    raise BoundaryErrors(
        [
            Issue(
                "not_polygon",
                _("A parcel boundary must be one polygon, not a %(type)s.") % {"type": geom.geom_type.name},
            )
        ]
    )


def _dedupe(ring):
    out = [ring[0]]
    for pt in ring[1:]:
        if pt != out[-1]:
            out.append(pt)
    return out


def _ring_issues(rings) -> list[Issue]:
    issues = []
    for index, ring in enumerate(rings):
        where = _("outer ring") if index == 0 else _("inner ring %(n)d") % {"n": index}
        distinct = {pt for pt in ring}
        if len(distinct) < 3:
            issues.append(
                Issue(
                    "too_few_points",
                    _("The %(ring)s has %(n)d distinct points; a boundary needs at least 3.")
                    % {"ring": where, "n": len(distinct)},
                )
            )
            continue
        if ring[0] != ring[-1]:
            issues.append(
                Issue(
                    "unclosed_ring",
                    _("The %(ring)s is not closed: it starts at %(a)s and ends at %(b)s.")
                    % {"ring": where, "a": _fmt(ring[0]), "b": _fmt(ring[-1])},
                    location=ring[-1],
                )
            )
        duplicates = [b for a, b in zip(ring, ring[1:], strict=False) if a == b]
        if duplicates:
            issues.append(
                Issue(
                    "duplicate_vertices",
                    ngettext(
                        "The %(ring)s repeats %(n)d vertex, at %(at)s.",
                        "The %(ring)s repeats %(n)d vertices, first at %(at)s.",
                        len(duplicates),
                    )
                    % {"ring": where, "n": len(duplicates), "at": _fmt(duplicates[0])},
                    location=duplicates[0],
                )
            )
    return issues


def _fmt(pt) -> str:
    return f"({pt[0]:.7g} {pt[1]:.7g})"


def _crs_issues(geom: OGRGeometry) -> tuple[int | None, list[Issue]]:
    srs = geom.srs
    if srs is None:
        return None, [Issue("missing_crs", _("The boundary has no coordinate reference system."))]
    try:
        srs.validate()
        srid = srs.srid
    except GDALException:
        return None, [Issue("unknown_crs", _("The coordinate reference system of the boundary is unknown."))]
    return srid, []


def _all_degrees(rings) -> bool:
    """Every coordinate within longitude/latitude range: in a projected CRS (metres), a parcel of a few
    metres at its false origin, never a real one (UTM eastings start at 166,000 m)."""
    return all(abs(pt[0]) <= 180 and abs(pt[1]) <= 90 for ring in rings for pt in ring)


def _degrees_in_metres(srid: int, rings) -> Issue:
    """Degrees under a projected CRS: the boundary was a few square metres (« zero_area »), which did not
    say that its crs member was wrong."""
    return Issue(
        "degrees_in_projected_crs",
        _(
            "The coordinates look like longitude and latitude (e.g. %(pt)s), but the boundary says they "
            "are in EPSG:%(srid)s, in metres: give the coordinates in that CRS, or longitude and latitude "
            "without a crs member."
        )
        % {"pt": _fmt(rings[0][0]), "srid": srid},
    )


def _lonlat_issues(rings, bounds: tuple | None) -> list[Issue]:
    """Coordinates out of range, or that fall in the expected area only once x and y are swapped."""
    xs = [pt[0] for ring in rings for pt in ring]
    ys = [pt[1] for ring in rings for pt in ring]
    swapped_fits = max(map(abs, xs)) <= 90 and max(map(abs, ys)) <= 180
    if max(map(abs, ys)) > 90 or max(map(abs, xs)) > 180:
        if swapped_fits:
            return [
                Issue(
                    "swapped_axes",
                    _("The coordinates look like latitude/longitude given in the wrong order."),
                    location=(xs[0], ys[0]),
                )
            ]
        return [
            Issue(
                "out_of_range",
                _("The coordinates are not longitude/latitude degrees (e.g. %(pt)s).")
                % {"pt": _fmt((xs[0], ys[0]))},
            )
        ]
    if bounds:
        minx, miny, maxx, maxy = bounds
        inside = minx <= xs[0] <= maxx and miny <= ys[0] <= maxy
        swapped_inside = minx <= ys[0] <= maxx and miny <= xs[0] <= maxy
        if not inside and swapped_inside:
            return [
                Issue(
                    "swapped_axes",
                    _("The coordinates look like latitude/longitude given in the wrong order."),
                    location=(xs[0], ys[0]),
                )
            ]
    return []


def _validity_issues(polygon: Polygon) -> list[Issue]:
    if polygon.valid:
        return []
    reason = polygon.valid_reason  # e.g. "Self-intersection[-2.9995 12.2005]"
    match = re.match(r"^(.*)\[([-\d.eE+]+) ([-\d.eE+]+)\]$", reason)
    location = (float(match.group(2)), float(match.group(3))) if match else None
    if reason.startswith("Self-intersection") or reason.startswith("Ring Self-intersection"):
        return [
            Issue(
                "self_intersection",
                _("The boundary crosses itself (Self-intersection) at %(at)s.")
                % {"at": _fmt(location) if location else "?"},
                location=location,
            )
        ]
    return [
        Issue(
            "invalid",
            _("The boundary is not valid: %(reason)s") % {"reason": reason},
            location=location,
        )
    ]


def _repair(polygon_rings, srid) -> Polygon:
    rings = []
    for ring in polygon_rings:
        ring = _dedupe(ring)
        if ring[0] != ring[-1]:
            ring = [*ring, ring[0]]
        rings.append(LinearRing(ring))
    polygon = Polygon(*rings, srid=srid)
    if not polygon.valid:
        fixed = polygon.make_valid()
        polys = [
            g
            for g in (
                fixed
                if fixed.geom_type.startswith("Multi") or fixed.geom_type.startswith("GeometryCollection")
                else [fixed]
            )
            if g.geom_type == "Polygon" and g.area > 0
        ]
        if len(polys) != 1:
            raise BoundaryErrors(
                [
                    Issue(
                        "unrepairable",
                        _("The repair splits the boundary into %(n)d polygons; draw it again.")
                        % {"n": len(polys)},
                    )
                ]
            )
        polygon = polys[0]
        polygon.srid = srid
    return polygon


def check_boundary(
    value,
    *,
    village=None,
    repair: bool = False,
    srid: int | None = None,
    country_srid: int | None = None,
    limits: AreaLimits | None = None,
    containment: bool = True,
) -> CheckedBoundary:
    """Check a boundary; raise BoundaryErrors listing every problem, or return it in EPSG:4326.

    ``repair=True`` closes rings, drops repeated vertices and runs make_valid, and lists what it did in
    ``repaired``; the caller records it with the original (``original_wkt``). Nothing is changed silently.
    ``limits``: the area limits (by default the village's procedure's, else the settings').
    ``containment=False``: the village still guides the axis-order check, but its limits are left to a
    caller that checks a whole batch at once (``containment_issues_many``).
    """
    geom = read_geometry(value, srid)
    original_wkt = geom.wkt
    found_srid, issues = _crs_issues(geom)
    if issues:
        raise BoundaryErrors(issues)
    if geom.empty:
        raise BoundaryErrors([Issue("empty", _("The boundary is empty."))])
    source_srs = geom.srs
    rings = _rings(geom)
    issues = _ring_issues(rings)
    if any(i.code == "too_few_points" for i in issues):
        raise BoundaryErrors(issues)
    if found_srid is not None and source_srs.projected and _all_degrees(rings):
        raise BoundaryErrors([_degrees_in_metres(found_srid, rings)])
    village_bounds = village.boundary.extent if village is not None and village.boundary else None
    if found_srid == WGS84 or (source_srs.geographic and found_srid is None):
        issues += _lonlat_issues(rings, village_bounds)
        if any(i.code in {"swapped_axes", "out_of_range"} for i in issues):
            raise BoundaryErrors(issues)
    if issues and not repair:
        # GEOS cannot build an unclosed ring: check validity on the closed, de-duplicated copy.
        try:
            probe = _repair_rings_only(rings, found_srid)
            issues += _validity_issues(probe)
        except (GEOSException, ValueError):
            pass
        raise BoundaryErrors(issues)
    try:
        polygon = _repair_rings_only(rings, found_srid) if issues else Polygon(*rings, srid=found_srid)
    except (GEOSException, ValueError, TypeError) as exc:
        raise BoundaryErrors([Issue("invalid", _("The boundary is not valid: %s") % exc)]) from exc
    validity = _validity_issues(polygon)
    if validity and not repair:
        raise BoundaryErrors(validity)
    repaired = list(issues) + validity
    if validity:
        polygon = _repair([list(r.coords) for r in polygon], found_srid)
    if found_srid is None:  # a CRS without EPSG code (a local grid): transform through its definition
        ogr = polygon.ogr
        ogr.srs = source_srs
        ogr.transform(SpatialReference(WGS84))
        polygon = GEOSGeometry(ogr.wkb, srid=WGS84)
    elif found_srid != WGS84:
        polygon = to_srid(polygon, WGS84)
    return _finish(polygon, village, repaired, original_wkt, country_srid, limits, containment)


def _repair_rings_only(rings, srid) -> Polygon:
    fixed = []
    for ring in rings:
        ring = _dedupe(ring)
        if ring[0] != ring[-1]:
            ring = [*ring, ring[0]]
        fixed.append(LinearRing(ring))
    return Polygon(*fixed, srid=srid)


def _finish(polygon, village, repaired, original_wkt, country_srid, limits, containment) -> CheckedBoundary:
    if country_srid is None and village is not None:
        country_srid = village.effective_projected_srid()
    if limits is None:
        limits = AreaLimits.for_village(village) if village is not None else AreaLimits.from_settings()
    area, area_srid = projected_area_m2(polygon, country_srid)
    issues = []
    if area <= 0 or area < limits.min_m2:
        issues.append(limits.too_small(area))
    elif area > limits.max_m2:
        issues.append(limits.too_large(area))
    if village is not None and containment:
        issues += containment_issues(polygon, village)
    if issues:
        raise BoundaryErrors(issues)
    return CheckedBoundary(polygon, area, area_srid, repaired, original_wkt)


def containment_issues(polygon: Polygon, village) -> list[Issue]:
    """The parcel must lie in its village and its commune when their boundaries are known."""
    from landreg.territory.models import UnitLevel

    issues = []
    commune = village.ancestor_at(UnitLevel.COMMUNE)
    for unit, code, message in (
        (village, "outside_village", _("The boundary goes outside the village %(unit)s.")),
        (commune, "outside_commune", _("The boundary goes outside the commune %(unit)s.")),
    ):
        if unit is None or not unit.boundary:
            continue
        # A metre of slack (about 1e-5 degree) so a parcel drawn on the unit's own limit is accepted.
        if not unit.boundary.buffer(1e-5).covers(polygon):
            outside = polygon.difference(unit.boundary)
            at = outside.point_on_surface if not outside.empty else polygon.centroid
            issues.append(Issue(code, message % {"unit": unit.name}, location=(at.x, at.y)))
    return issues


def containment_issues_many(
    polygons: list[Polygon], village, *, wkbs: list[bytes] | None = None
) -> dict[int, list[Issue]]:
    """``containment_issues`` for a batch of boundaries of one village: the unit boundaries are buffered and
    prepared once and tested against all boundaries in one vectorised call; only the boundaries that fail
    are worked out one by one, for the message and the place that goes outside. ``wkbs``: the polygons'
    WKB when the caller has it already (each GEOS serialisation is a cost a sync batch paid five times)."""
    import shapely

    from landreg.territory.models import UnitLevel

    if not polygons:
        return {}
    geoms = shapely.from_wkb(wkbs if wkbs is not None else [bytes(p.wkb) for p in polygons])
    outside = np.zeros(len(polygons), dtype=bool)
    for unit in (village, village.ancestor_at(UnitLevel.COMMUNE)):
        if unit is not None and unit.boundary:
            limits = shapely.from_wkb(bytes(unit.boundary.wkb)).buffer(1e-5)  # the same metre of slack
            shapely.prepare(limits)
            outside |= ~shapely.covers(limits, geoms)
    found = {int(k): containment_issues(polygons[k], village) for k in np.flatnonzero(outside)}
    return {k: issues for k, issues in found.items() if issues}


def check_boundaries(values: list, *, village, limits: AreaLimits, wkbs: list[bytes] | None = None) -> list:
    """``check_boundary`` for a batch of boundaries of one village (without containment: see
    ``containment_issues_many``): each item is the polygon in EPSG:4326, or the BoundaryErrors refusing it.
    ``wkbs``: the values' WKB, when the caller has it already; an accepted value is returned as it is
    (the same object), so its WKB stays the caller's.

    The common case, a simple valid 2-D polygon in longitude/latitude within the area limits, is recognised
    for the whole batch at once with shapely (one projection for the areas); any other boundary is checked
    alone by ``check_boundary``, which gives its exact messages (or accepts it after all)."""
    import shapely

    from landreg.core.geometry import utm_srid_for
    from landreg.parcels.topology import project_wkbs

    results: list = [None] * len(values)
    simple = [
        k
        for k, value in enumerate(values)
        if isinstance(value, Polygon)
        and value.srid == WGS84
        and not value.hasz
        and value.num_interior_rings == 0
    ]
    # Once: the areas' projection below takes them again.
    wkbs = [bytes(values[k].wkb) for k in simple] if wkbs is None else [wkbs[k] for k in simple]
    geoms = shapely.from_wkb(wkbs)
    coords, geom_of = shapely.get_coordinates(geoms, return_index=True)
    ok = shapely.is_valid(geoms) & (shapely.get_num_coordinates(geoms) >= 4)
    repeated = (np.diff(geom_of) == 0) & np.all(np.diff(coords, axis=0) == 0, axis=1)
    ok[np.unique(geom_of[1:][repeated])] = False
    outside = (np.abs(coords[:, 0]) > 180) | (np.abs(coords[:, 1]) > 90)
    ok[np.unique(geom_of[outside])] = False
    if village is not None and village.boundary:
        minx, miny, maxx, maxy = village.boundary.extent
        first = coords[np.searchsorted(geom_of, np.arange(len(simple)))] if len(simple) else coords
        inside = (minx <= first[:, 0]) & (first[:, 0] <= maxx) & (miny <= first[:, 1]) & (first[:, 1] <= maxy)
        swapped = (
            (minx <= first[:, 1]) & (first[:, 1] <= maxx) & (miny <= first[:, 0]) & (first[:, 0] <= maxy)
        )
        ok &= inside | ~swapped  # the axis-order check of _lonlat_issues, on the same first point
    country_srid = village.effective_projected_srid() if village is not None else None
    areas = np.zeros(len(simple))
    centroids = shapely.get_coordinates(shapely.centroid(geoms))
    srids = np.array(
        [
            country_srid or utm_srid_for(x, y) if good else 0
            for (x, y), good in zip(centroids, ok, strict=True)
        ]
    )
    for srid in set(srids[ok].tolist()):
        group = np.flatnonzero(ok & (srids == srid))
        projected = project_wkbs([wkbs[k] for k in group], WGS84, srid)
        areas[group] = shapely.area(projected)
    ok &= (areas > 0) & (areas >= limits.min_m2) & (areas <= limits.max_m2)
    for position, k in enumerate(simple):
        if ok[position]:
            results[k] = values[k]
    for k, value in enumerate(values):
        if results[k] is None:
            try:
                results[k] = check_boundary(
                    value, srid=WGS84, village=village, containment=False, limits=limits
                )
                results[k] = results[k].polygon
            except BoundaryErrors as errors:
                results[k] = errors
    return results
