"""Overlaps, slivers, gaps and touching pairs between parcels, with tolerances.

The rule (per procedure; the settings give the default, callers may pass their own ``Tolerance``):
- the interiors of two parcels overlap by A m², which is P % of the smaller parcel;
- A > ``overlap_m2`` **and** P > ``overlap_pct``: an *overlap*, a conflict attached to both parcels;
- otherwise a *sliver* (digitising noise): reported, not a conflict;
- parcels whose boundaries only touch (no shared interior) are neither: they are neighbours;
- two parcels apart by at most ``gap_m`` metres are reported as a *gap*.

Geometry work is done with shapely (vectorised GEOS) in a metric CRS; the database only supplies the
candidates whose boxes are near (GiST on PostGIS, the R*Tree on SpatiaLite). Transformations go through
one OGR call for a whole batch (a MultiPolygon made by concatenating WKB), never one call per row.
"""

import ctypes
import dataclasses
import os
import struct
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import shapely
from django.conf import settings
from django.contrib.gis.db.models.functions import AsWKB
from django.contrib.gis.gdal import OGRGeometry
from django.contrib.gis.gdal.libgdal import lgdal
from django.contrib.gis.geos import Point, Polygon
from django.db import connection
from django.db.models import F, Lookup

from landreg.core.geometry import coord_transform, utm_srid_for

METRES_PER_DEGREE = 111_320.0


@dataclasses.dataclass(frozen=True)
class Tolerance:
    overlap_m2: float = 1.0
    overlap_pct: float = 1.0
    gap_m: float = 0.5

    @classmethod
    def default(cls) -> "Tolerance":
        conf = getattr(settings, "LANDREG_TOPOLOGY_TOLERANCE", {})
        return cls(**conf)


def is_conflict(overlap_m2: float, share_of_smaller_pct: float, tolerance: Tolerance) -> bool:
    """The registry's one overlap rule: a conflict exceeds both tolerances, else it is a sliver."""
    return overlap_m2 > tolerance.overlap_m2 and share_of_smaller_pct > tolerance.overlap_pct


@dataclasses.dataclass
class Finding:
    kind: str  # overlap, sliver, gap
    i: int  # indexes into the batch the finding was computed on
    j: int
    area_m2: float = 0.0
    share_pct: float = 0.0
    distance_m: float = 0.0
    location: tuple[float, float] | None = None  # in EPSG:4326


@dataclasses.dataclass
class PairReport:
    findings: list[Finding]
    touching: list[tuple[int, int]]


def project_wkbs(wkbs: list[bytes], source_srid: int, target_srid: int) -> np.ndarray:
    """Shapely geometries in ``target_srid``: one OGR transform for the whole batch."""
    if not wkbs:
        return np.array([], dtype=object)
    return project(shapely.from_wkb([bytes(w) for w in wkbs]), source_srid, target_srid)


def project(geoms: np.ndarray, source_srid: int, target_srid: int) -> np.ndarray:
    """New shapely geometries in ``target_srid``: every coordinate of the batch transformed by one OGR call
    over numpy arrays (OCTTransform), without WKB going through OGR and back (a third less)."""
    if not len(geoms):
        return np.array([], dtype=object)
    if shapely.has_z(geoms).any():
        geoms = shapely.force_2d(geoms)
    coords = shapely.get_coordinates(geoms)
    x, y = np.ascontiguousarray(coords[:, 0]), np.ascontiguousarray(coords[:, 1])
    transform = coord_transform(source_srid, target_srid)
    if not _oct_transform(transform.ptr, len(x), _doubles(x), _doubles(y), None):
        # A point the transformation cannot take: OGR's geometry path says which error.
        header = struct.pack("<BII", 1, 6, len(geoms))  # little-endian MultiPolygon with n polygons
        multi = OGRGeometry(memoryview(header + b"".join(shapely.to_wkb(geoms, byte_order=1).tolist())))
        multi.transform(transform)
        return shapely.get_parts(shapely.from_wkb(bytes(multi.wkb)))
    return shapely.set_coordinates(geoms.copy(), np.column_stack([x, y]))  # new geometries, in a new array


_oct_transform = lgdal.OCTTransform
_oct_transform.restype = ctypes.c_int
_oct_transform.argtypes = [ctypes.c_void_p, ctypes.c_int] + [ctypes.POINTER(ctypes.c_double)] * 3


def _doubles(values: np.ndarray):
    return values.ctypes.data_as(ctypes.POINTER(ctypes.c_double))


def metric_srid_for_extent(extent: tuple[float, float, float, float], country_srid: int | None = None) -> int:
    if country_srid:
        return country_srid
    minx, miny, maxx, maxy = extent
    return utm_srid_for((minx + maxx) / 2, (miny + maxy) / 2)


PARALLEL_FROM = (
    10_000  # pairs (an import's cell of 5,000 parcels has 20,000); below, threads cost more than they save
)


def _pairwise(predicate, a: np.ndarray, b: np.ndarray, *args) -> np.ndarray:
    """A shapely predicate over pairs, split across the CPUs for large imports: shapely releases the GIL
    while GEOS works, so threads run the chunks side by side."""
    workers = min(os.cpu_count() or 1, 8)
    if len(a) < PARALLEL_FROM or workers < 2:
        return predicate(a, b, *args)
    bounds = np.linspace(0, len(a), workers + 1, dtype=int)
    chunks = [slice(start, end) for start, end in zip(bounds[:-1], bounds[1:], strict=True)]
    with ThreadPoolExecutor(workers) as pool:
        return np.concatenate(list(pool.map(lambda c: predicate(a[c], b[c], *args), chunks)))


def classify_pairs(
    geoms: np.ndarray,
    areas: np.ndarray,
    tolerance: Tolerance,
    *,
    only: np.ndarray | None = None,
    to_wgs84=None,
    keep=None,
) -> PairReport:
    """Every pair (i < j) of ``geoms`` (metric CRS) that overlaps, nearly touches or touches.

    ``only``: boolean mask; pairs where neither side is in it are skipped (existing parcels against each
    other during an import). ``to_wgs84``: callable turning metric points into lon/lat for locations.
    ``keep``: callable taking the arrays of candidate pairs' ``i`` and ``j`` and giving a boolean mask of
    those wanted (an import's cell keeps the pairs it owns): the others are not compared at all.
    """
    # Candidates from the index by bounding boxes widened by the gap (each pair once, i < j), then the exact
    # tests once per pair: a "dwithin" query of the tree tested every pair in both directions, at twice
    # the cost of all the rest.
    tree = shapely.STRtree(geoms)
    gap = tolerance.gap_m
    bounds = shapely.bounds(geoms)
    # Widened by the gap and by a billionth of the coordinates' size (a millimetre in UTM metres), so that
    # rounding the boxes' sides can never leave out a pair within the gap: the exact tests decide.
    margin = gap + 1e-9 * float(np.nanmax(np.abs(bounds), initial=0.0))
    xmin, ymin, xmax, ymax = bounds.T
    boxes = shapely.box(xmin - margin, ymin - margin, xmax + margin, ymax + margin)
    left, right = tree.query(boxes)
    wanted = left < right
    if only is not None:
        wanted &= only[left] | only[right]
    left, right = left[wanted], right[wanted]
    if keep is not None:
        wanted = keep(left, right)
        left, right = left[wanted], right[wanted]
    # Two parcels sharing a vertex meet there: in a cadastre that is every pair of neighbours (their
    # boundaries are drawn with the same vertices), found by hashing the coordinates, without GEOS. The
    # others are measured by GEOS's dwithin first (most are apart: their boxes only overlap), and only
    # those near enough are asked whether they meet. The geometries are not prepared: each is compared
    # with a handful of others, and building GEOS's prepared indexes cost more than it saved (measured on
    # 100,000 French parcels: 3.9 s of processor for the pairs before, with intersects over every
    # candidate, then dwithin, then prepared relate).
    intersects = _share_a_vertex(geoms, left, right)
    rest = np.flatnonzero(~intersects)
    near = intersects.copy()
    # Within the gap of each other, each reaches into the other's widened box (a point of one within the
    # gap of the other lies in its box widened by the gap): GEOS tests a rectangle against a polygon
    # quickly, and three in five of the others are then known apart without a distance (0.9 s → 0.66 s).
    rest = rest[_pairwise(shapely.intersects, boxes[left[rest]], geoms[right[rest]])]
    rest = rest[_pairwise(shapely.intersects, boxes[right[rest]], geoms[left[rest]])]
    near[rest] = _pairwise(shapely.dwithin, geoms[left[rest]], geoms[right[rest]], gap)
    unsure = np.flatnonzero(near & ~intersects)
    intersects[unsure] = _pairwise(shapely.intersects, geoms[left[unsure]], geoms[right[unsure]])
    left, right, intersects = left[near], right[near], intersects[near]
    a, b = geoms[left], geoms[right]
    # Valid polygons that meet either touch (only their boundaries meet) or share interior, which is then
    # 2-D: relate "2********" is "not touches".
    interior = np.zeros(len(left), dtype=bool)
    interior[intersects] = _pairwise(shapely.relate_pattern, a[intersects], b[intersects], "2********")
    findings: list[Finding] = []
    touching = list(
        zip(left[intersects & ~interior].tolist(), right[intersects & ~interior].tolist(), strict=True)
    )
    if interior.any():
        pieces = shapely.intersection(a[interior], b[interior])
        overlap_areas = shapely.area(pieces)
        smaller = np.minimum(areas[left[interior]], areas[right[interior]])
        shares = overlap_areas / smaller * 100.0
        points = _locations(shapely.point_on_surface(pieces), to_wgs84)
        for i, j, area, share, pt in zip(
            left[interior], right[interior], overlap_areas, shares, points, strict=True
        ):
            kind = "overlap" if is_conflict(area, share, tolerance) else "sliver"
            findings.append(Finding(kind, int(i), int(j), float(area), float(share), location=pt))
    gap_mask = ~intersects
    if gap_mask.any():
        distances = shapely.distance(a[gap_mask], b[gap_mask])
        lines = shapely.shortest_line(a[gap_mask], b[gap_mask])
        mids = _locations(shapely.line_interpolate_point(lines, 0.5, normalized=True), to_wgs84)
        for i, j, dist, pt in zip(left[gap_mask], right[gap_mask], distances, mids, strict=True):
            findings.append(Finding("gap", int(i), int(j), distance_m=float(dist), location=pt))
    return PairReport(findings, touching)


def _share_a_vertex(geoms: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """For each pair (``left[k]``, ``right[k]``), whether the two geometries have a vertex with exactly the
    same coordinates (then they intersect). Coordinates are hashed from their bits and sorted once; a
    hash shared by different coordinates only misses a pair (GEOS then decides), it never invents one."""
    if not len(left):
        return np.zeros(0, dtype=bool)
    coords, owner = shapely.get_coordinates(geoms, return_index=True)
    bits = coords.view(np.int64)
    order = np.argsort(bits[:, 0] * np.int64(-7046029254386353131) ^ bits[:, 1])
    coords, owner = coords[order], owner[order]
    same = (coords[1:, 0] == coords[:-1, 0]) & (coords[1:, 1] == coords[:-1, 1])
    # Runs of equal coordinates: every two owners of a run share the vertex (a vertex of a cadastre has
    # two to four parcels around it), taken as distance d = 1, 2, ... along the run; a run's repeats of
    # one owner (a ring's first and closing vertex) are no pair.
    n = np.int64(len(geoms))
    shared, at, d = [], np.flatnonzero(same), 1
    while len(at):
        i, j = owner[at], owner[at + d]
        lo, hi = np.minimum(i, j), np.maximum(i, j)
        shared.append(lo[lo != hi] * n + hi[lo != hi])
        at = at[at + d < len(same)]
        at = at[same[at + d]]
        d += 1
    codes = np.sort(np.concatenate(shared)) if shared else np.zeros(0, dtype=np.int64)
    if not len(codes):
        return np.zeros(len(left), dtype=bool)
    wanted = left.astype(np.int64) * n + right
    found = np.minimum(np.searchsorted(codes, wanted), len(codes) - 1)
    return codes[found] == wanted


def _locations(points: np.ndarray, to_wgs84) -> list:
    """(lon, lat) of each point (None for a missing or empty one): with ``point_to_wgs84``'s converter,
    all of them by one transformation over arrays (one call per point cost 0.1 s per 1,000 findings)."""
    if to_wgs84 is None:
        return [None] * len(points)
    present = ~shapely.is_missing(points) & ~shapely.is_empty(points)
    found: list = [None] * len(points)
    srid = getattr(to_wgs84, "metric_srid", None)
    if srid is None:
        for k in np.flatnonzero(present).tolist():
            found[k] = to_wgs84(points[k].x, points[k].y)
        return found
    if present.any():
        lonlat = shapely.get_coordinates(project(points[present], srid, 4326)).tolist()
        for k, (x, y) in zip(np.flatnonzero(present).tolist(), lonlat, strict=True):
            found[k] = (x, y)
    return found


def point_to_wgs84(metric_srid: int):
    ct = coord_transform(metric_srid, 4326)

    def convert(x, y):
        p = Point(x, y, srid=metric_srid)
        p.transform(ct)
        return (p.x, p.y)

    convert.metric_srid = metric_srid  # classify_pairs transforms its findings' points in one call
    return convert


# --- candidates from the database, through its spatial index -------------------------------------------


def box_around(geometry, margin_m: float) -> Polygon:
    minx, miny, maxx, maxy = geometry.extent
    dy = margin_m / METRES_PER_DEGREE
    dx = dy / max(np.cos(np.radians((miny + maxy) / 2)), 0.01)
    box = Polygon.from_bbox((minx - dx, miny - dy, maxx + dx, maxy + dy))
    box.srid = 4326
    return box


def parcels_in_box(queryset, box: Polygon):
    """The rows of ``queryset`` (parcels, claims: a model whose column ``geometry`` has a spatial index) whose
    bounding box meets ``box``, using the spatial index."""
    if connection.vendor == "sqlite":
        # Django's SpatiaLite lookups do not consult the R*Tree; ask it directly for the row ids.
        return queryset.filter(InSpatialIndex(F("geometry"), box))
    return queryset.filter(geometry__bboverlaps=box)


class InSpatialIndex(Lookup):
    """SQLite: the rows whose geometry's bounding box meets the box (the right-hand side), found in the
    column's R*Tree. The row is named by the alias the query gives its table, so that the condition stays the
    subquery's own when the queryset is one (the OGC API's page of ids): written with the table's name, it
    named the outer query's row and the subquery was run again for each row outside (0.8 s for a map's view
    of 100,000 parcels)."""

    lookup_name = "in_spatial_index"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        column = self.lhs  # a column, once the query resolved F("geometry")
        table = column.target.model._meta.db_table
        index = connection.ops.quote_name(f"idx_{table}_{column.target.column}")
        minx, miny, maxx, maxy = self.rhs.extent
        row = compiler.quote_name_unless_alias(column.alias)
        # Names from the model and the query, quoted; the values are bound parameters.
        rowids = f"SELECT pkid FROM {index} WHERE xmin <= %s AND xmax >= %s AND ymin <= %s AND ymax >= %s"  # noqa: S608
        return f"{row}.rowid IN ({rowids})", [maxx, minx, maxy, miny]


@dataclasses.dataclass
class Surroundings:
    """A boundary and the current parcels near it, in one metric CRS (index 0 is the boundary)."""

    others: list  # Parcel rows, index k+1 in ``geoms``
    geoms: np.ndarray
    areas: np.ndarray
    metric_srid: int


def surroundings(geometry, area_m2: float, *, margin_m: float, exclude_pk=None, metric_srid=None):
    from landreg.parcels.models import Parcel

    qs = parcels_in_box(Parcel.objects.current(), box_around(geometry, margin_m))
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    # The boundaries come as WKB straight to shapely; the parcels are built without their geometry
    # (loaded on access if a caller ever needs it): recording a parcel runs this every time.
    fields = ["id", "number", "village_id", "area_m2"]
    rows = list(qs.annotate(wkb=AsWKB("geometry")).values_list(*fields, "wkb"))
    others = [Parcel.from_db(connection.alias, fields, row[:4]) for row in rows]
    metric_srid = metric_srid or metric_srid_for_extent(geometry.extent)
    geoms = project_wkbs([bytes(geometry.wkb), *(bytes(row[4]) for row in rows)], 4326, metric_srid)
    areas = np.array([area_m2, *(row[3] for row in rows)], dtype=float)
    return Surroundings(others, geoms, areas, metric_srid)


def findings_for(
    geometry,
    area_m2: float,
    *,
    exclude_pk=None,
    tolerance: Tolerance | None = None,
    metric_srid=None,
    near: Surroundings | None = None,
):
    """Overlaps, slivers and gaps between a boundary and the current parcels, as (Finding, other parcel)."""
    tolerance = tolerance or Tolerance.default()
    if near is None:
        near = surroundings(
            geometry, area_m2, margin_m=tolerance.gap_m + 1, exclude_pk=exclude_pk, metric_srid=metric_srid
        )
    if not near.others:
        return []
    only = np.zeros(len(near.geoms), dtype=bool)
    only[0] = True
    report = classify_pairs(
        near.geoms, near.areas, tolerance, only=only, to_wgs84=point_to_wgs84(near.metric_srid)
    )
    return [(f, near.others[f.j - 1]) for f in report.findings]


@dataclasses.dataclass
class CommuneReport:
    commune: str
    parcels: int
    touching_pairs: int
    overlaps: list[dict]
    slivers: list[dict]
    gaps: list[dict]
    open_conflicts: int


def commune_report(commune, *, tolerance: Tolerance | None = None) -> CommuneReport:
    """The whole commune's topology on demand: every pair of current parcels, in one vectorised pass."""
    from landreg.parcels.models import FindingKind, Parcel, TopologyFinding

    tolerance = tolerance or Tolerance.default()
    parcels = list(
        Parcel.objects.current()
        .filter(village__path__startswith=commune.path)
        .only("id", "number", "geometry", "area_m2")
        .order_by("number")
    )
    report = CommuneReport(commune.code, len(parcels), 0, [], [], [], 0)
    if not parcels:
        return report
    wkbs = [bytes(p.geometry.wkb) for p in parcels]
    extent = shapely.total_bounds(shapely.from_wkb(wkbs))
    metric = metric_srid_for_extent(tuple(extent), commune.effective_projected_srid())
    geoms = project_wkbs(wkbs, 4326, metric)
    pairs = classify_pairs(
        geoms, np.array([p.area_m2 for p in parcels]), tolerance, to_wgs84=point_to_wgs84(metric)
    )
    report.touching_pairs = len(pairs.touching)
    for f in pairs.findings:
        entry = {"a": parcels[f.i].number, "b": parcels[f.j].number, "location": f.location}
        if f.kind == "gap":
            entry["distance_m"] = round(f.distance_m, 3)
        else:
            entry.update(area_m2=round(f.area_m2, 3), share_pct=round(f.share_pct, 4))
        {"overlap": report.overlaps, "sliver": report.slivers, "gap": report.gaps}[f.kind].append(entry)
    report.open_conflicts = TopologyFinding.objects.filter(
        kind=FindingKind.OVERLAP, resolved_at__isnull=True, parcel_a__village__path__startswith=commune.path
    ).count()
    return report
