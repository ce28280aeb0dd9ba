"""Import parcels from any vector file GDAL reads: all or nothing, re-runnable, with a report per feature.

Fast path first, diagnosis second: every geometry is screened in one vectorised pass (shapely); only the
features that fail it go through checks.check_boundary one by one, which names the problem and where.
The CRS comes from the file (a CRS without EPSG code is transformed through its definition). Features
already imported in the village (same source id, or same parcel number) are skipped, so running the same
file twice adds nothing.

A feature's source id is the file's own identifier when it has one (an ``id``, a French ``IDU``, an
INSPIRE ``localId``...); otherwise it is the file's name, its layer and the feature's number in it, so the
sheets of one commune (each numbering its features from 0) never take each other's parcels for their own.
The registry's own export columns (``number``, ``official_area_m2``, ``land_use``...) are read by their
names, so re-importing an export keeps numbers and official areas. A value the file does not give is left
empty: no land use is invented.
"""

import dataclasses
import uuid
from collections.abc import Callable
from pathlib import Path

import numpy as np
import shapely
from django.contrib.gis.gdal import CoordTransform, GDALException, OGRGeometry
from django.db import connection, transaction
from django.utils.translation import gettext as _

from landreg.audit.rows import register_write
from landreg.core import clock
from landreg.core.geometry import WGS84, spatial_reference, utm_srid_for
from landreg.core.untrusted_files import Limits, UntrustedFileError, open_vector, shown
from landreg.core.versioning import versions_begin_many
from landreg.parcels.checks import AreaLimits, BoundaryErrors, Issue, check_boundary
from landreg.parcels.exceptions import ParcelError
from landreg.parcels.models import LandUse, Parcel, SurveyMethod, TopologyFinding
from landreg.parcels.signals import parcels_imported
from landreg.parcels.topology import (
    Tolerance,
    classify_pairs,
    metric_srid_for_extent,
    parcels_in_box,
    point_to_wgs84,
    project_wkbs,
)
from landreg.territory.models import AdministrativeUnit, UnitLevel

FIELDS = ("source_id", "number", "official_area_m2", "local_name", "land_use", "accuracy_m")
# Read when the file has no column named as the field itself (the registry's export names them so).
GUESSES = {
    # IDU: the French cadastre's parcel identifier (EDIGEO writes it IDU_id); idpar: the same in MAJIC.
    "source_id": ("idu", "idu_id", "idpar", "id", "localid", "gml_id", "identifier", "uid", "name"),
    # SUPF: the French cadastre's fiscal area (EDIGEO SUPF_id).
    "official_area_m2": ("contenance", "supf", "supf_id", "areavalue", "area", "surface", "superficie"),
}
PROGRESS_EVERY = 500


class ImportFailed(ParcelError):
    """Some features cannot be imported: nothing was saved; ``report`` says which and why."""

    def __init__(self, report: "ImportReport"):
        self.report = report
        super().__init__(
            _("%(n)d feature(s) cannot be imported; nothing was saved.") % {"n": len(report.errors)}
        )


@dataclasses.dataclass
class FeatureError:
    feature_id: str
    codes: list[str]
    message: str


@dataclasses.dataclass
class ImportReport:
    file: str
    layer: str
    crs: str
    total: int = 0
    to_import: int = 0
    imported: int = 0
    already_present: int = 0
    repaired: int = 0
    errors: list[FeatureError] = dataclasses.field(default_factory=list)
    overlaps: list[dict] = dataclasses.field(default_factory=list)
    slivers: list[dict] = dataclasses.field(default_factory=list)
    gaps: list[dict] = dataclasses.field(default_factory=list)
    touching_pairs: int = 0
    dry_run: bool = True
    keep_valid: bool = False  # the valid features are saved even though others are rejected
    parts_split: int = 0  # multipolygons split into parcels on request

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def open_layer(path: str | Path, layer: str | None = None, *, declared_name: str | None = None):
    """The file's layer to import (the one named, else the first with polygons), opened through the
    guarded door for users' files."""
    source = open_vector(path, declared_name=declared_name)
    layers = list(source)
    if layer:
        chosen = next((lyr for lyr in layers if lyr.name == layer), None)
        if chosen is None:
            raise ParcelError(
                _("No layer %(layer)s in the file; it has: %(names)s")
                % {"layer": shown(layer), "names": ", ".join(shown(lyr.name) for lyr in layers[:20])}
            )
        return source, chosen
    rank = {"Polygon": 0, "MultiPolygon": 0, "LineString": 1, "MultiLineString": 1}
    candidates = [lyr for lyr in layers if len(lyr)]
    if not candidates:
        raise ParcelError(_("The file holds no features."))
    # Polygons first; then lines (a GPS track walked around the parcel); then anything (rejected per feature).
    candidates.sort(key=lambda lyr: rank.get(lyr.geom_type.name.replace("25D", ""), 2))
    return source, candidates[0]


def _field_map(layer, mapping: dict[str, str] | None) -> dict[str, str]:
    names = {name.lower(): name for name in layer.fields}
    result = {}
    for target, source in (mapping or {}).items():
        if target not in FIELDS:
            raise ParcelError(
                _("Unknown target field %(f)s; use one of %(all)s") % {"f": shown(target), "all": FIELDS}
            )
        if source.lower() not in names:
            raise ParcelError(
                _("The file has no field %(f)s; it has: %(all)s")
                % {"f": shown(source), "all": ", ".join(shown(f) for f in layer.fields[:50])}
            )
        result[target] = names[source.lower()]
    for target in FIELDS:
        if target not in result and target in names:
            result[target] = names[target]
    for target, guesses in GUESSES.items():
        if target not in result:
            found = next((names[g] for g in guesses if g in names), None)
            if found:
                result[target] = found
    return result


def _value(feature, field):
    try:
        value = feature.get(field)
    except (GDALException, IndexError):
        return None
    return None if value in ("", None) else value


def _as_polygon_wkb(geom: OGRGeometry) -> bytes | None:
    """WKB of the single polygon in ``geom`` (or of a closed walk given as a line); None if not that."""
    name = geom.geom_type.name.replace("25D", "")
    if geom.coord_dim == 3:
        geom.coord_dim = 2
    if name == "Polygon":
        return bytes(geom.wkb)
    if name == "MultiPolygon" and geom.geom_count == 1:
        return bytes(geom[0].wkb)
    return None


def _read(layer, fields, progress, max_features, file_name: str):
    rows = []
    for count, feature in enumerate(_features(layer), start=1):
        if count > max_features:  # the announced count may lie
            raise UntrustedFileError(
                _("The file holds more than %(max)d features; at most that many are imported at once.")
                % {"max": max_features}
            )
        try:
            geom = feature.geom
        except (GDALException, TypeError):
            geom = None
        values = {target: _value(feature, source) for target, source in fields.items()}
        own = values.get("source_id")
        # Without an identifier of its own, the feature is named by file, layer and position: the sheets
        # of a commune each number their features from 0. (Names are cut, never the feature's number.)
        values["source_id"] = (
            shown(own, 128) if own else f"{shown(file_name, 80)}:{shown(layer.name, 30)}:{feature.fid}"
        )
        rows.append((str(values["source_id"]), values, geom))
        if progress and count % PROGRESS_EVERY == 0:
            progress("read", count, len(layer))
    return rows


def _features(layer):
    # Django's Layer iterates over the announced feature count; a GeoPackage whose metadata announces
    # more rows than it holds ends in a NULL feature: stop there (the report gives the real count).
    iterator = iter(layer)
    while True:
        try:
            yield next(iterator)
        except (StopIteration, GDALException):
            return


def _split_parts(rows: list) -> list:
    """Each part of a multipolygon as a feature of its own, named ``<id>#<n>``. The number and official
    area describe the whole, so no part takes them (the registry numbers the parts)."""
    out = []
    for feature_id, values, geom in rows:
        if geom is None or geom.geom_type.name.replace("25D", "") != "MultiPolygon" or geom.geom_count < 2:
            out.append((feature_id, values, geom))
            continue
        part_values = {k: v for k, v in values.items() if k not in ("number", "official_area_m2")}
        out += [(f"{feature_id}#{k + 1}", part_values, geom[k]) for k in range(geom.geom_count)]
    return out


def _numbers_in_use(numbers: set[str]) -> dict[str, int]:
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


def _coerce(values: dict, feature_id: str, errors: list) -> dict | None:
    out = {}
    try:
        if values.get("official_area_m2") is not None:
            out["official_area_m2"] = float(values["official_area_m2"]) or None
        if values.get("accuracy_m") is not None:
            out["accuracy_m"] = round(float(values["accuracy_m"]), 2)
    except (TypeError, ValueError):
        errors.append(FeatureError(feature_id, ["bad_attribute"], _("An area or accuracy is not a number.")))
        return None
    land_use = values.get("land_use")
    if land_use is not None and land_use not in LandUse.values:
        errors.append(
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


def import_parcels(
    *,
    path: str | Path,
    village: AdministrativeUnit,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    layer: str | None = None,
    srid: int | None = None,
    repair: bool = False,
    survey_method: str = SurveyMethod.IMPORTED,
    tolerance: Tolerance | None = None,
    actor=None,
    progress: Callable[[str, int, int], None] | None = None,
    declared_name: str | None = None,
    keep_valid: bool = False,
    split_multipolygons: bool = False,
) -> ImportReport:
    """Check every feature, then save them all (or none). Raises ImportFailed when any is rejected.

    ``keep_valid``: save the valid features and list the others in the report instead (asked for
    explicitly; all or nothing is the rule). ``split_multipolygons``: each part of a multipolygon becomes a
    parcel of its own (source id ``<id>#<n>``; the whole's number and official area go to no part).
    ``declared_name``: the file's name as the user gave it (an upload is stored under another).
    """
    if village.level != UnitLevel.VILLAGE:
        raise ParcelError(_("Parcels are imported into a village."))
    tolerance = tolerance or Tolerance.default()
    limits = Limits.from_settings()
    area_limits = AreaLimits.for_village(village)
    _source, lyr = open_layer(path, layer, declared_name=declared_name)
    if len(lyr) > limits.max_features:
        raise UntrustedFileError(
            _("The file holds %(n)d features; at most %(max)d are imported at once.")
            % {"n": len(lyr), "max": limits.max_features}
        )
    srs = lyr.srs
    if srs is None and srid:
        srs = spatial_reference(srid)
    file_name = Path(declared_name or str(path)).name
    report = ImportReport(
        file=file_name,
        layer=lyr.name,
        crs=(srs.name if srs else ""),
        total=len(lyr),
        dry_run=dry_run,
        keep_valid=keep_valid,
    )
    fields = _field_map(lyr, mapping)
    rows = _read(lyr, fields, progress, limits.max_features, file_name)
    report.total = len(rows)
    if split_multipolygons:
        rows = _split_parts(rows)
        report.parts_split = len(rows) - report.total

    present = set(
        Parcel.objects.filter(village=village).exclude(source_id="").values_list("source_id", flat=True)
    )
    numbered = _numbers_in_use({str(v["number"])[:64] for _id, v, _g in rows if v.get("number")})
    seen: set[str] = set()
    seen_numbers: set[str] = set()
    # Features of a layer with a CRS carry it; only a layer without one takes the CRS given (asking each
    # feature for its CRS builds a SpatialReference per feature, a tenth of the reading time).
    assign_srs = srs is not None and lyr.srs is None
    accepted = []  # (feature_id, attrs, wkb in 4326 or None, checked or None)
    fast_wkbs, fast_index = [], []
    for feature_id, values, geom in rows:
        if feature_id in seen:
            report.errors.append(
                FeatureError(feature_id, ["duplicate_id"], _("Another feature of the file has the same id."))
            )
            continue
        seen.add(feature_id)
        if feature_id in present:
            report.already_present += 1
            continue
        attrs = _coerce(values, feature_id, report.errors)
        if attrs is None:
            continue
        number = attrs.get("number")
        if number is not None:
            # The registry's own export read back: a number of this village is that parcel, already here.
            if numbered.get(number) == village.pk:
                report.already_present += 1
                continue
            problem = _number_problem(number, numbered, seen_numbers)
            if problem:
                report.errors.append(FeatureError(feature_id, [problem[0]], problem[1]))
                continue
            seen_numbers.add(number)
        if geom is None:
            report.errors.append(FeatureError(feature_id, ["empty"], _("The feature has no geometry.")))
            continue
        if assign_srs:
            geom.srs = srs
        wkb = _as_polygon_wkb(geom) if srs is not None else None
        accepted.append([feature_id, attrs, geom, None])
        if wkb is not None:
            fast_wkbs.append(wkb)
            fast_index.append(len(accepted) - 1)

    # Vectorised screening: valid single polygons, no repeated vertex; the rest get the full diagnosis.
    slow = set(range(len(accepted))) - set(fast_index)
    lonlat = np.empty(len(accepted), dtype=object)
    if fast_wkbs:
        geoms = shapely.from_wkb(fast_wkbs, on_invalid="ignore")
        ok = ~shapely.is_missing(geoms)
        for k in np.flatnonzero(shapely.get_num_coordinates(geoms) > limits.max_vertices):
            report.errors.append(_too_many_vertices(accepted[fast_index[k]][0], limits))
            accepted[fast_index[k]] = None
            ok[k] = False
        ok[ok] &= shapely.is_valid(geoms[ok]) & ~_has_repeated_vertices(geoms[ok])
        ok_positions = np.flatnonzero(ok)
        if srs is not None and ok_positions.size:
            to_wgs84 = CoordTransform(srs, spatial_reference(WGS84))
            wkbs = [fast_wkbs[k] for k in ok_positions]
            transformed = _transform_batch(wkbs, to_wgs84) if srs.srid != WGS84 else shapely.from_wkb(wkbs)
            for k, g in zip(ok_positions, transformed, strict=True):
                lonlat[fast_index[k]] = g
        slow |= {fast_index[k] for k in np.flatnonzero(~ok) if accepted[fast_index[k]] is not None}
    for position in sorted(slow):
        feature_id, attrs, geom, _checked = accepted[position]
        if geom.point_count > limits.max_vertices:
            report.errors.append(_too_many_vertices(feature_id, limits))
            accepted[position] = None
            continue
        try:
            checked = check_boundary(geom, village=village, repair=repair, srid=srid, limits=area_limits)
        except BoundaryErrors as exc:
            report.errors.append(FeatureError(feature_id, exc.codes, str(exc)))
            accepted[position] = None
            continue
        accepted[position][3] = checked
        lonlat[position] = shapely.from_wkb(bytes(checked.polygon.wkb))
        report.repaired += bool(checked.repaired)
        if progress:
            progress("check", position, len(accepted))

    keep = [k for k, row in enumerate(accepted) if row is not None and lonlat[k] is not None]
    accepted = [accepted[k] for k in keep]
    lonlat = lonlat[keep] if keep else np.array([], dtype=object)
    areas, area_srids = _areas_and_checks(lonlat, accepted, village, report, area_limits)
    good = [k for k, row in enumerate(accepted) if row is not None]
    accepted = [accepted[k] for k in good]
    lonlat, areas, area_srids = lonlat[good], areas[good], area_srids[good]
    report.to_import = len(accepted)

    pairs = _topology(lonlat, areas, village, tolerance, report, [row[0] for row in accepted])
    if progress:
        progress("check", len(rows), len(rows))
    if report.errors and not keep_valid:
        if dry_run:
            return report
        raise ImportFailed(report)
    if dry_run or not accepted:
        return report
    _commit(accepted, lonlat, areas, area_srids, village, survey_method, actor, pairs, tolerance, progress)
    report.imported = len(accepted)
    report.dry_run = False
    return report


def _too_many_vertices(feature_id: str, limits: Limits) -> FeatureError:
    return FeatureError(
        feature_id,
        ["too_many_vertices"],
        _("The boundary has more than %(max)d vertices.") % {"max": limits.max_vertices},
    )


def _wkb(geoms):
    return shapely.to_wkb(geoms, output_dimension=2, byte_order=1)


def _has_repeated_vertices(geoms: np.ndarray) -> np.ndarray:
    rings = shapely.get_rings(geoms, return_index=True)
    coords, ring_of = shapely.get_coordinates(rings[0], return_index=True)
    same = (coords[1:] == coords[:-1]).all(axis=1) & (ring_of[1:] == ring_of[:-1])
    result = np.zeros(len(geoms), dtype=bool)
    result[rings[1][ring_of[1:][same]]] = True
    return result


def _transform_batch(wkbs: list[bytes], transform: CoordTransform) -> np.ndarray:
    import struct

    multi = OGRGeometry(memoryview(struct.pack("<BII", 1, 6, len(wkbs)) + b"".join(wkbs)))
    multi.transform(transform)
    return shapely.get_parts(shapely.from_wkb(bytes(multi.wkb)))


def _areas_and_checks(lonlat, accepted, village, report, area_limits: AreaLimits):
    """Areas in each parcel's metric CRS (grouped by zone: one transform per zone), then range checks."""
    n = len(lonlat)
    areas = np.zeros(n)
    area_srids = np.zeros(n, dtype=int)
    if not n:
        return areas, area_srids
    bounds = shapely.bounds(lonlat)
    bad_range = (np.abs(bounds[:, [0, 2]]) > 180).any(axis=1) | (np.abs(bounds[:, [1, 3]]) > 90).any(axis=1)
    country_srid = village.effective_projected_srid()
    centroids = shapely.centroid(lonlat)
    xs, ys = shapely.get_x(centroids), shapely.get_y(centroids)
    for k in range(n):
        if bad_range[k]:
            continue
        area_srids[k] = country_srid or utm_srid_for(float(xs[k]), float(ys[k]))
    for zone in set(area_srids.tolist()) - {0}:
        members = np.flatnonzero(area_srids == zone)
        projected = project_wkbs(list(_wkb(lonlat[members])), WGS84, int(zone))
        areas[members] = shapely.area(projected)
    min_area, max_area = area_limits.min_m2, area_limits.max_m2
    from django.contrib.gis.geos import GEOSGeometry

    from landreg.parcels.checks import _lonlat_issues, containment_issues

    inside = _inside_units(lonlat, village, ~bad_range)
    for k in range(n):
        issues: list[Issue] = []
        if bad_range[k]:
            coords = shapely.get_coordinates(lonlat[k]).tolist()
            issues += _lonlat_issues([coords], None)
        elif areas[k] <= 0 or areas[k] < min_area:
            issues.append(area_limits.too_small(areas[k]))
        elif areas[k] > max_area:
            issues.append(area_limits.too_large(areas[k]))
        elif not inside[k]:
            # GEOSGeometry reads bytes as text (WKT/hex): WKB goes in as a memoryview.
            issues += containment_issues(GEOSGeometry(memoryview(_wkb(lonlat[k])), srid=WGS84), village)
        if issues:
            report.errors.append(
                FeatureError(accepted[k][0], [i.code for i in issues], "; ".join(i.message for i in issues))
            )
            accepted[k] = None
    return areas, area_srids


def _inside_units(lonlat, village, candidates) -> np.ndarray:
    """True where a parcel lies in its village and commune (when their boundaries are known), in one
    vectorised pass; only the others go through checks.containment_issues, which says where it leaves."""
    from landreg.territory.models import UnitLevel

    inside = np.ones(len(lonlat), dtype=bool)
    for unit in (village, village.ancestor_at(UnitLevel.COMMUNE)):
        if unit is None or not unit.boundary:
            continue
        # The same metre of slack (about 1e-5 degree) as containment_issues.
        area = shapely.buffer(shapely.from_wkb(bytes(unit.boundary.wkb)), 1e-5)
        shapely.prepare(area)
        inside[candidates] &= shapely.covers(area, lonlat[candidates])
    return inside


def _topology(lonlat, areas, village, tolerance, report, feature_ids):
    """Pairs among the new features and against the current parcels already stored near them."""
    if not len(lonlat):
        return []
    minx, miny, maxx, maxy = shapely.total_bounds(lonlat)
    from django.contrib.gis.geos import Polygon

    box = Polygon.from_bbox((minx - 1e-4, miny - 1e-4, maxx + 1e-4, maxy + 1e-4))
    box.srid = WGS84
    stored = list(parcels_in_box(Parcel.objects.current(), box).only("id", "number", "geometry", "area_m2"))
    metric = metric_srid_for_extent((minx, miny, maxx, maxy), village.effective_projected_srid())
    wkbs = list(_wkb(lonlat)) + [bytes(p.geometry.wkb) for p in stored]
    geoms = project_wkbs(wkbs, WGS84, metric)
    all_areas = np.concatenate([areas, np.array([p.area_m2 for p in stored], dtype=float)])
    only = np.zeros(len(geoms), dtype=bool)
    only[: len(lonlat)] = True
    pairs = classify_pairs(geoms, all_areas, tolerance, only=only, to_wgs84=point_to_wgs84(metric))
    n = len(lonlat)

    def name(k):
        return feature_ids[k] if k < n else stored[k - n].number

    for f in pairs.findings:
        entry = {
            "a": name(f.i),
            "b": name(f.j),
            "area_m2": round(f.area_m2, 3),
            "share_pct": round(f.share_pct, 4),
        }
        if f.kind == "gap":
            entry = {"a": name(f.i), "b": name(f.j), "distance_m": round(f.distance_m, 3)}
        {"overlap": report.overlaps, "sliver": report.slivers, "gap": report.gaps}[f.kind].append(entry)
    report.touching_pairs = len(pairs.touching)
    return [(f, f.i, f.j if f.j < n else stored[f.j - n]) for f in pairs.findings]


def _numbers_besides(village, count: int, wanted: set[str]) -> list[str]:
    """``count`` new numbers of the village, none of them a number the file brings (the sequence does not
    know those yet: they are saved in the same insert)."""
    from landreg.parcels.services import parcel_numbers_take

    numbers: list[str] = []
    while len(numbers) < count:
        numbers += [
            n for n in parcel_numbers_take(village=village, count=count - len(numbers)) if n not in wanted
        ]
    return numbers


def _insert(rows: list[dict], progress) -> list:
    """Save the parcels and return their ids in order. PostgreSQL: COPY, about ten times bulk_create's
    rate, with no model instance per row; elsewhere bulk_create in batches."""
    if connection.vendor != "postgresql":
        parcels = [Parcel(**row) for row in rows]
        for start in range(0, len(parcels), 2000):
            Parcel.objects.bulk_create(parcels[start : start + 2000])
            if progress:
                progress("save", min(start + 2000, len(parcels)), len(parcels))
        return [p.pk for p in parcels]
    fields = Parcel._meta.concrete_fields
    defaults = {f.attname: f.get_default() for f in fields}  # rows name only the fields they set
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(Parcel._meta.db_table)
    ids = []
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {table} ({columns}) FROM STDIN"  # noqa: S608 - names from the model
        ) as copy,
    ):
        for count, row in enumerate(rows, start=1):
            row = {**defaults, **row, "id": uuid.uuid4()}
            ids.append(row["id"])
            copy.write_row([row[f.attname] for f in fields])
            if progress and count % 5000 == 0:
                progress("save", count, len(rows))
    if progress:
        progress("save", len(rows), len(rows))
    return ids


@transaction.atomic
def _commit(accepted, lonlat, areas, area_srids, village, survey_method, actor, pairs, tolerance, progress):
    from landreg.parcels.services import finding_row

    village = AdministrativeUnit.objects.select_for_update().get(pk=village.pk)
    wanted = {row[1]["number"] for row in accepted if row[1].get("number")}
    if wanted and _numbers_in_use(wanted):  # given since the check, by another import or by hand
        raise ParcelError(_("Some parcel numbers of the file are already used."))
    numbers = iter(_numbers_besides(village, sum(1 for row in accepted if not row[1].get("number")), wanted))
    now = clock.now()
    parcels = []
    # Hex EWKB, written in one vectorised call; GeoDjango keeps a string as is until it is read.
    hexes = shapely.to_wkb(shapely.set_srid(lonlat, WGS84), hex=True, include_srid=True, output_dimension=2)
    for k, (feature_id, attrs, _geom, _checked) in enumerate(accepted):
        number = attrs.pop("number", None) or next(numbers)
        parcels.append(
            {
                "land_use": "",  # unless the file gives one (in attrs): nothing is invented
                "number": number,
                "village_id": village.pk,
                "geometry": str(hexes[k]),
                "created_at": now,
                "updated_at": now,
                "begin_lifespan": now,
                "area_m2": float(areas[k]),
                "area_srid": int(area_srids[k]),
                "survey_method": survey_method,
                "source_id": feature_id[:128],
                "created_by_id": actor.pk if actor else None,
                **attrs,
            }
        )
    ids = _insert(parcels, progress)
    versions_begin_many(Parcel, ids, actor=actor, reason="import")
    register_write(action="parcel.import", model=Parcel, pks=ids, actor=actor, obj=village)
    findings = [
        finding_row(
            f, ids[i], ids[other] if isinstance(other, int) else other.pk, tolerance=tolerance, now=now
        )
        for f, i, other in pairs
    ]
    TopologyFinding.objects.bulk_create(findings, batch_size=2000, ignore_conflicts=True)
    transaction.on_commit(lambda: _analyze_after(len(ids)))
    parcels_imported.send(sender=Parcel, extent=tuple(float(v) for v in shapely.total_bounds(lonlat)))


ANALYZE_SHARE = 0.1  # an import adding this share of the table's rows refreshes its statistics


def needs_analyze(inserted: int, estimate: float) -> bool:
    """Whether the planner's row estimate is too stale after ``inserted`` rows (-1 or 0: never analysed)."""
    return estimate <= 0 or inserted >= ANALYZE_SHARE * estimate


def _analyze_after(inserted: int) -> None:
    """PostgreSQL: refresh the planner's statistics once the import is committed, when it changed the table
    by a tenth or more (autovacuum would do it minutes later; meanwhile a bbox query right after an import
    scanned the table: 166 ms instead of 12.8 ms measured on 100,000 parcels)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'parcels_parcel'::regclass")
        if needs_analyze(inserted, cursor.fetchone()[0]):
            cursor.execute("ANALYZE parcels_parcel, parcels_topologyfinding")
