"""Checking a batch of features: identifiers, attributes, numbers, then geometries, vectorised.

Fast path first, diagnosis second: every geometry of the batch is screened in one vectorised pass
(shapely); only the features that fail it go through checks.check_boundary one by one, which names the
problem and where. The CRS comes from the file (a CRS without EPSG code is transformed through its
definition). Features already imported in the village (same source id, or same parcel number) are
skipped, so running the same file twice adds nothing. Each batch is checked against the registry with a
few queries of its own, so nothing read from the database grows with the file either; the ids and numbers
the file brought so far (to refuse a second feature with the same) are kept in a table beside the staged
features, not in Python.
"""

import dataclasses
import json
import struct

import numpy as np
import shapely
from django.contrib.gis.gdal import CoordTransform, OGRGeometry
from django.contrib.gis.geos import GEOSGeometry
from django.db import connection
from django.utils.translation import gettext as _

from landreg.core.files.untrusted_files import Limits, shown
from landreg.core.geometry import WGS84, spatial_reference, utm_srids_for
from landreg.parcels.checks import (
    AreaLimits,
    BoundaryErrors,
    Issue,
    _lonlat_issues,
    check_boundary,
    containment_issues,
)
from landreg.parcels.importing.report import FeatureError, ImportReport
from landreg.parcels.models import LandUse, Parcel
from landreg.parcels.topology import project
from landreg.territory.models import UnitLevel


@dataclasses.dataclass
class Checked:
    """The accepted features of a batch: ids, attributes, boundaries in EPSG:4326, areas and their CRS;
    ``wkbs``: each boundary's WKB as ``wkb_of`` writes it where the file gave those very bytes (None
    elsewhere), so that staging does not write it again."""

    ids: list[str]
    attrs: list[dict]
    lonlat: np.ndarray
    areas: np.ndarray
    area_srids: np.ndarray
    wkbs: list | None = None


@dataclasses.dataclass
class Screened:
    """The vectorised screening of a batch's geometries, a row each (``screen``): done in GDAL's reading
    thread while the main thread checks the batch before (``reading.batches``), so that the two cores
    share the checks' geometry work (parsing the WKB, validity, repeated vertices: 0.4 s of the
    100,000-parcel import's main thread, which the reading thread waited on)."""

    geoms: np.ndarray  # the geometry read (the one part of a one-part multipolygon); None where unreadable
    single: np.ndarray  # whether it was that one part
    fast: np.ndarray  # a polygon in a known CRS: screened here; the others get the full diagnosis
    flat: np.ndarray  # the polygon without Z or M values (fast rows; None elsewhere)
    too_many: np.ndarray  # a fast polygon with more vertices than the limit
    ok: np.ndarray  # a fast polygon within the limit, valid, no repeated vertex


def screen(wkbs: list, *, max_vertices: int, srs_known: bool) -> Screened:
    """The screening of ``wkbs`` (None for a feature without geometry): what ``Checker`` needs of each."""
    n = len(wkbs)
    geoms = shapely.from_wkb(wkbs, on_invalid="ignore") if n else np.array([], dtype=object)
    single = shapely.get_type_id(geoms) == 6
    single &= shapely.get_num_geometries(geoms) == 1
    geoms[single] = shapely.get_geometry(geoms[single], 0)
    fast = (shapely.get_type_id(geoms) == 3) & srs_known
    flat = np.empty(n, dtype=object)
    too_many = np.zeros(n, dtype=bool)
    ok = np.zeros(n, dtype=bool)
    positions = np.flatnonzero(fast)
    if positions.size:
        candidates = _flat(geoms[positions])
        many = shapely.get_num_coordinates(candidates) > max_vertices
        good = ~many
        good[good] &= shapely.is_valid(candidates[good]) & ~_has_repeated_vertices(candidates[good])
        flat[positions], too_many[positions], ok[positions] = candidates, many, good
    return Screened(geoms, single, fast, flat, too_many, ok)


@dataclasses.dataclass
class Checker:
    village: object
    srs: object  # the file's CRS (or the one given for a file without one); None: unknown
    srid: int | None
    repair: bool
    limits: Limits
    area_limits: AreaLimits
    report: ImportReport
    stage: object  # the staging table, which also keeps the ids and numbers the file brought so far
    progress: object = None

    def __post_init__(self):
        self.to_wgs84 = None
        if self.srs is not None and self.srs.srid != WGS84:
            self.to_wgs84 = CoordTransform(self.srs, spatial_reference(WGS84))
        self.country_srid = self.village.effective_projected_srid()
        self.units = []  # the village's and commune's boundaries (when known), for the containment test
        for unit in (self.village, self.village.ancestor_at(UnitLevel.COMMUNE)):
            if unit is not None and unit.boundary:
                # The same metre of slack (about 1e-5 degree) as containment_issues.
                area = shapely.buffer(shapely.from_wkb(bytes(unit.boundary.wkb)), 1e-5)
                shapely.prepare(area)
                self.units.append(area)

    def screen(self, wkbs: list) -> Screened:
        """The screening of a batch's geometries (``screen``), as this import's checks need it; safe to run
        in another thread (it reads nothing that the checks change)."""
        return screen(wkbs, max_vertices=self.limits.max_vertices, srs_known=self.srs is not None)

    def batch(self, rows: list, screened: Screened | None = None) -> Checked:
        """The batch's accepted features; ``screened``: its geometries' screening, a row each, when done
        already (``reading.batches``)."""
        report = self.report
        ids = [row[0] for row in rows]
        present = _present(self.village, ids)
        numbers = {str(v["number"])[:64] for _id, v, _g in rows if v.get("number")}
        numbered = numbers_in_use(numbers)
        # The ids and numbers of earlier batches, then of this one as it is read (every id is remembered
        # now; a number only once its feature passed the checks before it).
        seen = set(ids) - self.stage.first_seen("id", ids)
        seen_numbers = self.stage.seen_before("number", numbers)
        new_numbers = []
        accepted = []  # [feature_id, attrs, wkb, position in the batch]
        for position, (feature_id, values, wkb) in enumerate(rows):
            if feature_id in seen:
                report.reject(
                    FeatureError(
                        feature_id, ["duplicate_id"], _("Another feature of the file has the same id.")
                    )
                )
                continue
            seen.add(feature_id)
            if feature_id in present:
                report.already_present += 1
                continue
            attrs = coerce(values, feature_id, report.reject)
            if attrs is None:
                continue
            number = attrs.get("number")
            if number is not None:
                # The registry's own export read back: a number of this village is that parcel, already here.
                if numbered.get(number) == self.village.pk:
                    report.already_present += 1
                    continue
                problem = _number_problem(number, numbered, seen_numbers)
                if problem:
                    report.reject(FeatureError(feature_id, [problem[0]], problem[1]))
                    continue
                seen_numbers.add(number)
                new_numbers.append(number)
            if wkb is None:
                report.reject(FeatureError(feature_id, ["empty"], _("The feature has no geometry.")))
                continue
            accepted.append([feature_id, attrs, wkb, position])
        self.stage.remember("number", new_numbers)
        lonlat, same = self._boundaries(accepted, screened)
        keep = [k for k, row in enumerate(accepted) if row is not None and lonlat[k] is not None]
        wkbs = [accepted[k][2] if same[k] else None for k in keep]
        accepted = [accepted[k] for k in keep]
        lonlat = lonlat[keep] if keep else np.array([], dtype=object)
        areas, area_srids = self._areas_and_checks(lonlat, accepted)
        good = [k for k, row in enumerate(accepted) if row is not None]
        return Checked(
            ids=[accepted[k][0] for k in good],
            attrs=[accepted[k][1] for k in good],
            lonlat=lonlat[good],
            areas=areas[good],
            area_srids=area_srids[good],
            wkbs=[wkbs[k] for k in good],
        )

    def _boundaries(self, accepted: list, screened: Screened | None) -> tuple[np.ndarray, np.ndarray]:
        """Each feature's polygon in EPSG:4326 (None where rejected: its error is in the report), and
        where the file's WKB is that polygon's as ``wkb_of`` writes it (a 2-D polygon in EPSG:4326,
        little-endian, taken as it came)."""
        report, limits = self.report, self.limits
        lonlat = np.empty(len(accepted), dtype=object)
        same = np.zeros(len(accepted), dtype=bool)
        if not accepted:
            return lonlat, same
        # Vectorised screening: valid single polygons, no repeated vertex; the rest get the full diagnosis.
        if screened is None:
            screened, rows = self.screen([row[2] for row in accepted]), slice(None)
        else:
            rows = np.array([row[3] for row in accepted], dtype=int)
        geoms, single, fast = screened.geoms[rows], screened.single[rows], screened.fast[rows].copy()
        fast_positions = np.flatnonzero(fast)
        if fast_positions.size:
            candidates = screened.flat[rows][fast_positions]
            too_many = screened.too_many[rows][fast_positions]
            for k in fast_positions[too_many]:
                report.reject(too_many_vertices(accepted[k][0], limits))
                accepted[k] = None
            ok = screened.ok[rows][fast_positions]
            good = fast_positions[ok]
            if good.size and self.to_wgs84:
                wkbs = list(shapely.to_wkb(candidates[ok], output_dimension=2, byte_order=1))
                lonlat[good] = _transform_batch(wkbs, self.to_wgs84)
            elif good.size:  # already in EPSG:4326: the screened polygons themselves
                lonlat[good] = candidates[ok]
                same[good] = _as_written(geoms[good], [accepted[k][2] for k in good.tolist()], single[good])
            fast[fast_positions[~ok]] = False
        for position in np.flatnonzero(~fast):
            row = accepted[position]
            if row is None:
                continue
            feature_id, _attrs, wkb = row[:3]
            geom = OGRGeometry(memoryview(wkb), srs=self.srs)
            if geom.point_count > limits.max_vertices:
                report.reject(too_many_vertices(feature_id, limits))
                accepted[position] = None
                continue
            try:
                checked = check_boundary(
                    geom, village=self.village, repair=self.repair, srid=self.srid, limits=self.area_limits
                )
            except BoundaryErrors as exc:
                report.reject(FeatureError(feature_id, exc.codes, str(exc)))
                accepted[position] = None
                continue
            lonlat[position] = shapely.from_wkb(bytes(checked.polygon.wkb))
            report.repaired += bool(checked.repaired)
            if self.progress:
                self.progress("check", int(position), len(accepted))
        return lonlat, same

    def _areas_and_checks(self, lonlat: np.ndarray, accepted: list):
        """Areas in each parcel's metric CRS (grouped by zone: one transform per zone), then range checks."""
        n = len(lonlat)
        areas = np.zeros(n)
        area_srids = np.zeros(n, dtype=int)
        if not n:
            return areas, area_srids
        bounds = shapely.bounds(lonlat)
        bad_range = (np.abs(bounds[:, [0, 2]]) > 180).any(axis=1) | (np.abs(bounds[:, [1, 3]]) > 90).any(
            axis=1
        )
        if self.country_srid:
            area_srids[~bad_range] = self.country_srid
        else:
            area_srids[~bad_range] = _utm_srids(lonlat[~bad_range], bounds[~bad_range])
        for zone in set(area_srids.tolist()) - {0}:
            members = np.flatnonzero(area_srids == zone)
            projected = project(lonlat[members], WGS84, int(zone))  # new geometries: lonlat unchanged
            areas[members] = shapely.area(projected)
        inside = np.ones(n, dtype=bool)
        for unit in self.units:
            inside[~bad_range] &= shapely.covers(unit, lonlat[~bad_range])
        min_area, max_area, limits = self.area_limits.min_m2, self.area_limits.max_m2, self.area_limits
        # Only the features that fail a test are looked at one by one (to say why).
        failing = bad_range | (areas <= 0) | (areas < min_area) | (areas > max_area) | ~inside
        for k in np.flatnonzero(failing).tolist():
            issues: list[Issue] = []
            if bad_range[k]:
                coords = shapely.get_coordinates(lonlat[k]).tolist()
                issues += _lonlat_issues([coords], None)
            elif areas[k] <= 0 or areas[k] < min_area:
                issues.append(limits.too_small(areas[k]))
            elif areas[k] > max_area:
                issues.append(limits.too_large(areas[k]))
            elif not inside[k]:
                # GEOSGeometry reads bytes as text (WKT/hex): WKB goes in as a memoryview.
                issues += containment_issues(
                    GEOSGeometry(memoryview(wkb_of(lonlat[k])), srid=WGS84), self.village
                )
            if issues:
                self.report.reject(
                    FeatureError(
                        accepted[k][0], [i.code for i in issues], "; ".join(i.message for i in issues)
                    )
                )
                accepted[k] = None
        return areas, area_srids


def _utm_srids(lonlat: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """The UTM zone of each polygon's centroid. A zone is a band of longitudes by hemisphere, and the
    centroid lies within the polygon's box: where the box's two corners fall in one zone, that is the
    centroid's, and only the polygons whose box straddles a zone's edge have their centroid computed
    (every centroid took 0.15-0.3 s of the 100,000-parcel import)."""
    srids = utm_srids_for(bounds[:, 0], bounds[:, 1])
    straddling = np.flatnonzero(srids != utm_srids_for(bounds[:, 2], bounds[:, 3]))
    if straddling.size:
        centroids = shapely.centroid(lonlat[straddling])
        srids[straddling] = utm_srids_for(shapely.get_x(centroids), shapely.get_y(centroids))
    return srids


def _present(village, ids: list[str]) -> set[str]:
    """The ids of the batch already imported in the village (PostgreSQL: one parameter, the ids as JSON,
    rather than 5,000 placeholders, whose parsing cost more than the look-up, or a list psycopg adapts
    element by element)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT source_id FROM parcels_parcel WHERE village_id = %s "
                "AND source_id = ANY(ARRAY(SELECT json_array_elements_text(%s::json)))",
                [village.pk, json.dumps(ids)],
            )
            return {row[0] for row in cursor.fetchall()}
    found = set()
    for start in range(0, len(ids), 5000):  # SQLite caps bound parameters
        chunk = ids[start : start + 5000]
        found |= set(
            Parcel.objects.filter(village=village, source_id__in=chunk).values_list("source_id", flat=True)
        )
    return found


def split_parts(rows: list) -> list:
    """Each part of a multipolygon as a feature of its own, named ``<id>#<n>``. The number and official
    area describe the whole, so no part takes them (the registry numbers the parts)."""
    out = []
    for feature_id, values, wkb in rows:
        geom = shapely.from_wkb(wkb, on_invalid="ignore") if wkb is not None else None
        if geom is None or shapely.get_type_id(geom) != 6 or shapely.get_num_geometries(geom) < 2:
            out.append((feature_id, values, wkb))
            continue
        part_values = {k: v for k, v in values.items() if k not in ("number", "official_area_m2")}
        parts = shapely.get_parts(geom)
        out += [(f"{feature_id}#{k + 1}", part_values, shapely.to_wkb(part)) for k, part in enumerate(parts)]
    return out


def numbers_in_use(numbers: set[str]) -> dict[str, int]:
    """Parcel number → village id, for the numbers of the file already given in the registry."""
    wanted, found = sorted(numbers), {}
    for start in range(0, len(wanted), 5000):  # SQLite caps bound parameters
        chunk = wanted[start : start + 5000]
        found.update(Parcel.objects.filter(number__in=chunk).values_list("number", "village_id"))
    return found


def _number_problem(number: str, numbered: dict, seen: set) -> tuple[str, str] | None:
    if number in seen:
        return "duplicate_number", _("Another feature of the file has the same parcel number.")
    if number in numbered:
        return "number_taken", _("The parcel number %(n)s is already used in another village.") % {
            "n": shown(number)
        }
    return None


def coerce(values: dict, feature_id: str, reject) -> dict | None:
    """The values as the parcel's fields, or None (``reject`` is told why)."""
    out = {}
    try:
        if values.get("official_area_m2") is not None:
            out["official_area_m2"] = float(values["official_area_m2"]) or None
        if values.get("accuracy_m") is not None:
            out["accuracy_m"] = round(float(values["accuracy_m"]), 2)
    except (TypeError, ValueError):
        reject(FeatureError(feature_id, ["bad_attribute"], _("An area or accuracy is not a number.")))
        return None
    land_use = values.get("land_use")
    if land_use is not None and land_use not in LandUse.values:
        reject(
            FeatureError(feature_id, ["bad_attribute"], _("Unknown land use %(v)s.") % {"v": shown(land_use)})
        )
        return None
    if land_use:
        out["land_use"] = land_use
    if values.get("local_name"):
        out["local_name"] = str(values["local_name"])[:200]
    if values.get("number"):
        out["number"] = str(values["number"])[:64]
    return out


def too_many_vertices(feature_id: str, limits: Limits) -> FeatureError:
    return FeatureError(
        feature_id,
        ["too_many_vertices"],
        _("The boundary has more than %(max)d vertices.") % {"max": limits.max_vertices},
    )


def wkb_of(geoms):
    return shapely.to_wkb(geoms, output_dimension=2, byte_order=1)


def _as_written(geoms: np.ndarray, wkbs: list[bytes], unwrapped: np.ndarray) -> np.ndarray:
    """Whether each WKB is its polygon's as ``wkb_of`` writes it: a polygon as read (not the one part of
    a multipolygon), 2-D (no Z or M, neither in its values nor in ISO's or the extended type code), in
    little-endian order. GEOS writes the same doubles back, so the bytes are the same; writing them again
    took 0.37 s per 100,000 parcels."""
    flat = ~shapely.has_z(geoms)
    if hasattr(shapely, "has_m"):
        flat &= ~shapely.has_m(geoms)
    return flat & ~unwrapped & np.array([wkb[:5] == _POLYGON_NDR for wkb in wkbs], dtype=bool)


_POLYGON_NDR = b"\x01\x03\x00\x00\x00"  # little-endian, type 3: a 2-D polygon, no SRID


def _flat(geoms: np.ndarray) -> np.ndarray:
    """The geometries without Z or M values: themselves when none has any (the usual file), where
    force_2d copied every one (0.14 s per 100,000 parcels)."""
    extra = shapely.has_z(geoms)
    if hasattr(shapely, "has_m"):  # shapely 2.1 and later read M values
        extra |= shapely.has_m(geoms)
    return shapely.force_2d(geoms) if extra.any() else geoms


def _has_repeated_vertices(geoms: np.ndarray) -> np.ndarray:
    rings = shapely.get_rings(geoms, return_index=True)
    coords, ring_of = shapely.get_coordinates(rings[0], return_index=True)
    same = (coords[1:] == coords[:-1]).all(axis=1) & (ring_of[1:] == ring_of[:-1])
    result = np.zeros(len(geoms), dtype=bool)
    result[rings[1][ring_of[1:][same]]] = True
    return result


def _transform_batch(wkbs: list[bytes], transform: CoordTransform) -> np.ndarray:
    multi = OGRGeometry(memoryview(struct.pack("<BII", 1, 6, len(wkbs)) + b"".join(wkbs)))
    multi.transform(transform)
    return shapely.get_parts(shapely.from_wkb(bytes(multi.wkb)))
