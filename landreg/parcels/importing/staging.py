"""The staging table: the checked features of one import, written batch by batch, then paired and saved.

A temporary table of the database connection (gone with it, dropped at the end in any case) holds every
accepted feature: its future parcel id, its attributes, its boundary in EPSG:4326 and its area. The pairs
(overlaps, slivers, gaps, touching neighbours) are then found a cell of the extent at a time: the database
supplies each cell's staged features and the current parcels near it through the GiST indexes (the R*Tree
on SpatiaLite), written to a temporary file, and shapely compares them in one metric CRS in a thread, while
the database saves the parcels (``pairs_later``): memory holds one cell, not the file.
"""

import dataclasses
import json
import os
import pickle
import tempfile
import threading
import uuid

import numpy as np
import shapely
from django.contrib.gis.db.models.functions import AsWKB
from django.contrib.gis.geos import Polygon
from django.db import connection

from landreg.audit.rows_sql import float_text_setting, row_hash_sql
from landreg.core.geometry import WGS84
from landreg.core.history.versioning import versions_begin_sql
from landreg.parcels.importing.checking import Checked, wkb_of
from landreg.parcels.models import Parcel
from landreg.parcels.topology import (
    METRES_PER_DEGREE,
    Tolerance,
    classify_pairs,
    metric_srid_for_extent,
    parcels_in_box,
    point_to_wgs84,
    project,
)

STAGE = "landreg_import_stage"
NUMBERS = "landreg_import_numbers"
HASHES = "landreg_import_hashes"
SEEN = "landreg_import_seen"
SEEN_IDS = "landreg_import_seen_ids"
_TEMP = (STAGE, NUMBERS, HASHES, SEEN, SEEN_IDS)
# Staged features compared at a time (with the stored parcels near them): the import's peak memory is
# that of a cell (100,000 parcels: 287 MB with cells of 10,000, 259 MB with 5,000; no slower).
CELL = 5_000


@dataclasses.dataclass(slots=True)  # slots: a pair is kept until the import is saved (18,000 at a million)
class Pair:
    """A finding between a staged feature (``i``, its position) and another: staged (``j``) or stored."""

    kind: str  # overlap, sliver, gap
    i: int
    j: int | None
    other_id: object  # a stored parcel's id, when the other one is stored
    other_number: str | None
    area_m2: float = 0.0
    share_pct: float = 0.0
    distance_m: float = 0.0
    location: tuple[float, float] | None = None


class PairsLater:
    """The comparison of a stage's pairs running in a thread (``Stage.pairs_later``); leaving the ``with``
    waits for it and removes its file."""

    def __init__(self, cells, compare):
        self._cells, self._outcome = cells, None
        self._thread = threading.Thread(target=self._run, args=(compare,), name="landreg-import-pairs")
        self._thread.start()

    def _run(self, compare):
        try:
            self._outcome = (compare(), None)
        except BaseException as exc:  # noqa: BLE001 - handed over to the caller's thread, raised there
            self._outcome = (None, exc)

    def result(self) -> tuple[list[Pair], int]:
        self._thread.join()
        found, error = self._outcome
        if error is not None:
            raise error
        return found

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._thread.join()
        self._cells.close()


class Stage:
    """Use as a context manager: the table exists inside the ``with`` and is dropped after it."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.count = 0
        self.bounds = None  # (minx, miny, maxx, maxy) of every staged boundary
        self._id_hashes = _SortedHashes()  # the hashes of the ids the file brought so far (PostgreSQL)
        self._seen_ids = ""  # their table: "", then "unindexed", then "indexed"
        self.brings_numbers = False  # whether a staged feature brought its own parcel number

    def __enter__(self):
        geometry = (
            "geometry(Polygon, 4326)" if self.postgres else "BLOB, xmin REAL, ymin REAL, xmax REAL, ymax REAL"
        )
        ident = "uuid" if self.postgres else "char(32)"
        self._drop()
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {SEEN} (kind text, value text, PRIMARY KEY (kind, value))"
            )
            cursor.execute(
                f"CREATE TEMPORARY TABLE {STAGE} (seq integer PRIMARY KEY, id {ident} NOT NULL, "
                "source_id text NOT NULL, number text, official_area_m2 double precision, land_use text, "
                "local_name text, accuracy_m numeric, area_m2 double precision NOT NULL, "
                f"area_srid integer NOT NULL, geometry {geometry} NOT NULL)"
            )
        return self

    def __exit__(self, *exc):
        self._drop()

    def _drop(self):
        with connection.cursor() as cursor:
            for table in _TEMP:
                cursor.execute(f"DROP TABLE IF EXISTS {table}")

    def append(self, checked: Checked) -> None:
        n = len(checked.ids)
        if not n:
            return
        box = shapely.total_bounds(checked.lonlat)
        self.bounds = (
            tuple(box)
            if self.bounds is None
            else (
                min(self.bounds[0], box[0]),
                min(self.bounds[1], box[1]),
                max(self.bounds[2], box[2]),
                max(self.bounds[3], box[3]),
            )
        )
        ids = _new_uuids(n)
        areas, srids = checked.areas.tolist(), checked.area_srids.tolist()
        self.brings_numbers = self.brings_numbers or any(attrs.get("number") for attrs in checked.attrs)
        if self.postgres:
            # COPY's text built here whole: psycopg's write_row adapted each of the million values one
            # by one (3 s of the 100,000-parcel import, with uuid4's 100,000 objects).
            geometries = _ewkb_hex(checked.lonlat, WGS84, checked.wkbs)
            first = self.count
            _copy_lines(
                STAGE,
                [
                    f"{first + k}\t{ids[k]}\t{_text(checked.ids[k])}\t{_text(attrs.get('number'))}\t"
                    f"{_real(attrs.get('official_area_m2'))}\t{_text(attrs.get('land_use'))}\t"
                    f"{_text(attrs.get('local_name'))}\t{_real(attrs.get('accuracy_m'))}\t"
                    f"{areas[k]!r}\t{srids[k]}\t{geometries[k]}"
                    for k, attrs in enumerate(checked.attrs)
                ],
            )
            self.count += n
            return
        geometries = wkb_of(checked.lonlat).tolist()
        boxes = shapely.bounds(checked.lonlat).tolist()
        rows = [
            (
                self.count + k,
                ids[k],
                checked.ids[k],
                attrs.get("number"),
                attrs.get("official_area_m2"),
                attrs.get("land_use"),
                attrs.get("local_name"),
                attrs.get("accuracy_m"),
                areas[k],
                srids[k],
                geometries[k],
                *boxes[k],
            )
            for k, attrs in enumerate(checked.attrs)
        ]
        self.count += n
        _write(STAGE, rows)

    # --- what the file brought so far ---------------------------------------------------------------

    def seen_before(self, kind: str, values: list[str]) -> set[str]:
        """Which of ``values`` (ids: ``id``, numbers: ``number``) earlier batches of the file brought.
        Kept in the database, not in Python, so that memory does not grow with the file (a million ids
        and numbers held in sets: about 100 MB)."""
        found = set()
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(
                    f"SELECT value FROM {SEEN} WHERE kind = %s AND value = ANY({TEXT_ARRAY})",  # noqa: S608
                    [kind, json.dumps(list(values))],
                )
                return {row[0] for row in cursor.fetchall()}
            values = list(values)
            for start in range(0, len(values), 5000):  # SQLite caps bound parameters
                chunk = values[start : start + 5000]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"SELECT value FROM {SEEN} WHERE kind = %s AND value IN ({marks})",  # noqa: S608
                    [kind, *chunk],
                )
                found |= {row[0] for row in cursor.fetchall()}
        return found

    def first_seen(self, kind: str, values: list[str]) -> set[str]:
        """Which of ``values`` no earlier batch brought, all of them remembered from now on. PostgreSQL:
        ids through their hashes (``_first_seen_ids``); numbers in one statement."""
        if self.postgres and kind == "id":
            return self._first_seen_ids(values)
        if not self.postgres:
            before = self.seen_before(kind, values)
            fresh = list(dict.fromkeys(v for v in values if v not in before))
            self.remember(kind, fresh)
            return set(fresh)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {SEEN} (kind, value) SELECT %s, value "  # noqa: S608 - module constant
                "FROM json_array_elements_text(%s::json) ON CONFLICT DO NOTHING RETURNING value",
                [kind, json.dumps(list(values))],
            )
            return {row[0] for row in cursor.fetchall()}

    def _first_seen_ids(self, values: list[str]) -> set[str]:
        """PostgreSQL: the ids of the file are told apart by their 64-bit hashes, kept in sorted arrays
        (8 bytes an id: 8 MB at a million), and written to a table without an index (COPY); only an id
        whose hash an earlier batch brought is looked up there, exactly (the table indexed then, once). A
        file of distinct ids, the usual case, is never looked up: the look-up and insert of every id in an
        indexed table (one INSERT ... ON CONFLICT a batch) took 0.8 s of the server's time and 0.2 s of
        Python at 100,000 parcels."""
        distinct = list(dict.fromkeys(values))
        hashes = np.fromiter((_id_hash(v) for v in distinct), dtype=np.int64, count=len(distinct))
        suspects = [
            v for v, hit in zip(distinct, self._id_hashes.contains(hashes).tolist(), strict=True) if hit
        ]
        earlier = set()
        with connection.cursor() as cursor:
            if not self._seen_ids:
                cursor.execute(f"CREATE TEMPORARY TABLE {SEEN_IDS} (value text NOT NULL)")
                self._seen_ids = "unindexed"
            if suspects:
                if self._seen_ids == "unindexed":  # the first id whose hash came back: indexed from now on
                    cursor.execute(f"CREATE INDEX ON {SEEN_IDS} (value)")
                    self._seen_ids = "indexed"
                cursor.execute(
                    f"SELECT value FROM {SEEN_IDS} WHERE value = ANY({TEXT_ARRAY})",  # noqa: S608
                    [json.dumps(suspects)],
                )
                earlier = {row[0] for row in cursor.fetchall()}
        fresh = [v for v in distinct if v not in earlier]
        _copy_lines(SEEN_IDS, [_text(v) for v in fresh])
        self._id_hashes.add(hashes)
        return set(fresh)

    def remember(self, kind: str, values) -> None:
        """Note values a batch brought (none of them seen before)."""
        if self.postgres:
            _copy_lines(SEEN, [f"{kind}\t{_text(value)}" for value in values])
        else:
            _write(SEEN, [(kind, value) for value in values])

    # --- pairs ---------------------------------------------------------------------------------------

    def pairs(self, tolerance: Tolerance, country_srid: int | None) -> tuple[list[Pair], int]:
        """Overlaps, slivers and gaps of the staged features (among themselves and with the current
        parcels near them), and the number of touching pairs (``pairs_later``, waited for)."""
        with self.pairs_later(tolerance, country_srid) as later:
            return later.result()

    def pairs_later(self, tolerance: Tolerance, country_srid: int | None) -> "PairsLater":
        """The pairs, being compared in a thread: use as a context manager, ``result()`` when needed.

        The extent is cut into cells of about ``CELL`` features; each cell's staged features (through the
        staging table's spatial index) and the current parcels near it (through the parcels' index) are
        read now, into a temporary file (memory holds one cell), then compared with shapely
        (topology.classify_pairs) in a thread, which needs the database no more:
        shapely releases Python's lock, so the comparison runs on one CPU while the database saves the
        parcels on the other (``writing.commit``). A pair is counted in one cell only: the one holding
        the lower-left corner of where the two features' boxes meet. (PostGIS's own predicates over the
        same pairs, measured on 20,000 parcels: 3 to 5 times shapely's time, each pair's geometries being
        read again from their rows.)
        """
        cells = tempfile.TemporaryFile(prefix="landreg-pairs-")  # noqa: SIM115 - PairsLater closes it
        if not self.count:
            return PairsLater(cells, lambda: ([], 0))
        metric = metric_srid_for_extent(self.bounds, country_srid)
        to_wgs84 = point_to_wgs84(metric)
        if self.postgres:
            with connection.cursor() as cursor:
                # No ANALYZE of the stage (0.25 s of server at 100,000): its cells' && look-ups take its
                # GiST index on PostGIS's default selectivity, and the insert reads it whole in any case.
                cursor.execute(f"CREATE INDEX ON {STAGE} USING gist (geometry)")
        minx, miny, maxx, maxy = self.bounds
        # The margin in degrees that holds the gap tolerance (and a metre) at the extent's highest latitude.
        margin = (tolerance.gap_m + 1) / METRES_PER_DEGREE
        margin /= max(np.cos(np.radians(max(abs(miny), abs(maxy)))), 0.01)
        width, height = max(maxx - minx, 1e-9), max(maxy - miny, 1e-9)
        count = max(1, round(self.count / CELL))
        nx = max(1, min(count, round((count * width / height) ** 0.5)))
        ny = max(1, -(-count // nx))
        xs, ys = np.linspace(minx, maxx, nx + 1), np.linspace(miny, maxy, ny + 1)
        try:
            for cx in range(nx):
                for cy in range(ny):
                    cell = (xs[cx], ys[cy], xs[cx + 1], ys[cy + 1])
                    edges = (cx == 0, cy == 0, cx == nx - 1, cy == ny - 1)
                    staged, stored = self._cell_rows(cell, margin)
                    if staged:
                        pickle.dump((cell, edges, staged, stored), cells, pickle.HIGHEST_PROTOCOL)
        except BaseException:
            cells.close()
            raise

        def compare():
            cells.seek(0)
            pairs, touching = [], 0
            while True:
                try:
                    cell, edges, staged, stored = pickle.load(cells)  # noqa: S301 - written just above
                except EOFError:
                    break
                found, touched = _cell_pairs(cell, edges, staged, stored, tolerance, metric, to_wgs84)
                pairs += found
                touching += touched
            pairs.sort(key=lambda p: (p.kind == "gap", p.i, p.j is None, p.j or 0, p.other_number or ""))
            return pairs, touching

        return PairsLater(cells, compare)

    def _cell_rows(self, cell, margin) -> tuple[list, list]:
        """A cell's staged features (position, area, WKB) and the current parcels near it (id, number,
        area, WKB)."""
        x0, y0, x1, y1 = cell
        box = (x0 - margin, y0 - margin, x1 + margin, y1 + margin)
        staged = [(seq, area, bytes(wkb)) for seq, area, wkb in self._staged_in(box)]
        if not staged:
            return [], []
        envelope = Polygon.from_bbox(box)
        envelope.srid = WGS84
        stored = [
            (pk, number, area, bytes(wkb))
            for pk, number, area, wkb in parcels_in_box(Parcel.objects.current(), envelope)
            .annotate(wkb=AsWKB("geometry"))
            .values_list("id", "number", "area_m2", "wkb")
        ]
        return staged, stored

    def _staged_in(self, box) -> list[tuple]:
        """(position, area, WKB) of the staged features whose box meets ``box``, in file order."""
        minx, miny, maxx, maxy = box
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(
                    f"SELECT seq, area_m2, ST_AsBinary(geometry) FROM {STAGE} "  # noqa: S608
                    "WHERE geometry && ST_MakeEnvelope(%s, %s, %s, %s, 4326) ORDER BY seq",
                    [minx, miny, maxx, maxy],
                )
            else:
                cursor.execute(
                    f"SELECT seq, area_m2, geometry FROM {STAGE} "  # noqa: S608
                    "WHERE xmin <= %s AND xmax >= %s AND ymin <= %s AND ymax >= %s ORDER BY seq",
                    [maxx, minx, maxy, miny],
                )
            return cursor.fetchall()

    # --- reading back --------------------------------------------------------------------------------

    def source_ids(self, positions: set[int]) -> dict[int, tuple]:
        """Position -> (source id, parcel id) of the staged features asked for."""
        found, wanted = {}, sorted(positions)
        with connection.cursor() as cursor:
            for start in range(0, len(wanted), 5000):
                chunk = wanted[start : start + 5000]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"SELECT seq, source_id, id FROM {STAGE} WHERE seq IN ({marks})", chunk)  # noqa: S608
                found.update({seq: (source_id, _uuid(pk)) for seq, source_id, pk in cursor.fetchall()})
        return found

    def ids(self, chunk: int):
        """The staged features' parcel ids in file order, ``chunk`` at a time."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {STAGE} ORDER BY seq")  # noqa: S608
            while rows := cursor.fetchmany(chunk):
                yield [_uuid(row[0]) for row in rows]

    def numbers_among(self, numbers: list[str]) -> set[str]:
        """Which of ``numbers`` the file itself brings (none without a look-up when no feature brought
        one: the usual file, numbered by the registry, where the look-up of 100,000 numbers given took
        0.15-0.25 s)."""
        found = set()
        if not self.brings_numbers:
            return found
        with connection.cursor() as cursor:
            if self.postgres:  # one scan of the stage, the array hashed
                cursor.execute(
                    f"SELECT number FROM {STAGE} WHERE number = ANY({TEXT_ARRAY})",  # noqa: S608
                    [json.dumps(numbers)],
                )
                return {row[0] for row in cursor.fetchall()}
            for start in range(0, len(numbers), 5000):  # SQLite caps bound parameters
                chunk = numbers[start : start + 5000]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"SELECT number FROM {STAGE} WHERE number IN ({marks})", chunk)  # noqa: S608
                found |= {row[0] for row in cursor.fetchall()}
        return found

    def numbers_taken(self) -> bool:
        """Whether a number of the file is now used in the registry (given since the check)."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {STAGE} s JOIN parcels_parcel p ON p.number = s.number LIMIT 1"  # noqa: S608
            )
            return cursor.fetchone() is not None

    def unnumbered(self, chunk: int):
        """The positions of the staged features without a number, in file order, ``chunk`` at a time
        (keyset paging: PostgreSQL's client cursor would hold the whole answer)."""
        last = -1
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {NUMBERS} (seq integer PRIMARY KEY, number text NOT NULL)"
            )
            while True:
                cursor.execute(
                    f"SELECT seq FROM {STAGE} WHERE number IS NULL AND seq > %s ORDER BY seq LIMIT %s",  # noqa: S608
                    [last, chunk],
                )
                positions = [row[0] for row in cursor.fetchall()]
                if not positions:
                    return
                yield positions
                last = positions[-1]

    def give_numbers(self, positions: list[int], numbers: list[str]) -> None:
        if self.postgres:  # COPY's text built whole, as for the stage (write_row adapted each value)
            _copy_lines(NUMBERS, [f"{p}\t{_text(n)}" for p, n in zip(positions, numbers, strict=True)])
            return
        _write(NUMBERS, list(zip(positions, numbers, strict=True)))

    def insert_parcels(self, constants: dict, *, actor_id, reason: str) -> bool:
        """One INSERT ... SELECT of every staged feature into the parcels, with their first versions in
        the history table; ``constants`` by attribute name (the village, times, who, how surveyed); any
        other column takes its default. On PostgreSQL the same statement writes each new row's audit
        hash (``rows_sql``) into the ``HASHES`` table (k, object_id, hash), in file order: True then.
        """
        geometry = "s.geometry" if self.postgres else "GeomFromWKB(s.geometry, 4326)"
        expressions = {
            "id": "s.id",
            "number": "COALESCE(s.number, n.number)",
            "geometry": geometry,
            "land_use": "COALESCE(s.land_use, '')",
            "local_name": "COALESCE(s.local_name, '')",
            "source_id": "substr(s.source_id, 1, 128)",
            "area_m2": "s.area_m2",
            "area_srid": "s.area_srid",
            "official_area_m2": "s.official_area_m2",
            "accuracy_m": "s.accuracy_m",
        }
        columns, values, params, given = [], [], [], {}
        for field in Parcel._meta.concrete_fields:
            columns.append(connection.ops.quote_name(field.column))
            if field.attname in expressions:
                values.append(expressions[field.attname])
                continue
            value = constants[field.attname] if field.attname in constants else field.get_default()
            given[field.attname] = value
            values.append("%s")
            params.append(field.get_db_prep_save(value, connection))
        insert = (
            f"INSERT INTO {Parcel._meta.db_table} ({', '.join(columns)}) "  # noqa: S608 - model names
            f"SELECT {', '.join(values)} FROM {STAGE} s LEFT JOIN {NUMBERS} n ON n.seq = s.seq "
            "ORDER BY s.seq"
        )
        history_insert, history_select = versions_begin_sql(Parcel, "r")
        digest = row_hash_sql(Parcel, "r", constants=given)
        with connection.cursor() as cursor:
            if digest is None:  # SpatiaLite: the history copied from the rows just written
                cursor.execute(insert, params)
                cursor.execute(
                    f"{history_insert} SELECT {history_select} FROM {Parcel._meta.db_table} r "  # noqa: S608
                    f"WHERE r.id IN (SELECT id FROM {STAGE})",
                    [actor_id, reason],
                )
                return False
            # One statement: the parcels, their first versions and their hashes, from the rows as
            # inserted (RETURNING), so nothing is read back.
            float_text_setting(cursor)
            cursor.execute(
                f"CREATE TEMPORARY TABLE {HASHES} (k integer PRIMARY KEY, object_id text NOT NULL, hash text)"
            )
            cursor.execute(
                f"WITH r AS ({insert} RETURNING *), "  # noqa: S608 - model names, module constants
                f"h AS ({history_insert} SELECT {history_select} FROM r) "
                f"INSERT INTO {HASHES} SELECT row_number() OVER (), r.id::text, {digest} FROM r",
                [*params, actor_id, reason],
            )
            return True


def _cell_pairs(cell, edges, staged, stored, tolerance, metric, to_wgs84):
    """The pairs a cell owns, and its number of touching pairs (no database: run in a thread)."""
    x0, y0, x1, y1 = cell
    n = len(staged)
    lonlat = shapely.from_wkb([bytes(row[2]) for row in staged] + [bytes(row[3]) for row in stored])
    geoms = project(lonlat, WGS84, metric)  # new geometries: the WKB parsed once for both
    lonlat_bounds = shapely.bounds(lonlat)
    areas = np.array([row[1] for row in staged] + [row[2] for row in stored], dtype=float)
    only = np.zeros(len(geoms), dtype=bool)
    only[:n] = True

    def owned(i: np.ndarray, j: np.ndarray) -> np.ndarray:
        # The lower-left corner of where the two boxes meet lies in this cell; the cells on the
        # extent's edges also take what lies beyond it (a stored parcel reaching out of the extent).
        # Over arrays of pairs, asked before the pairs are compared: the others are another cell's.
        x = np.maximum(lonlat_bounds[i, 0], lonlat_bounds[j, 0])
        y = np.maximum(lonlat_bounds[i, 1], lonlat_bounds[j, 1])
        first_x, first_y, last_x, last_y = edges
        inside_x = ((x >= x0) | first_x) & ((x < x1) | last_x)
        inside_y = ((y >= y0) | first_y) & ((y < y1) | last_y)
        return inside_x & inside_y

    found = classify_pairs(geoms, areas, tolerance, only=only, to_wgs84=to_wgs84, keep=owned)
    pairs = []
    for f in found.findings:
        i, j = (f.i, f.j) if f.i < n else (f.j, f.i)
        other = stored[j - n] if j >= n else None
        pairs.append(
            Pair(
                f.kind,
                staged[i][0],
                staged[j][0] if other is None else None,
                other[0] if other else None,
                other[1] if other else None,
                f.area_m2,
                f.share_pct,
                f.distance_m,
                f.location,
            )
        )
    return pairs, len(found.touching)


# An id's hash (Python's own, SipHash: stable within the process, which is all that is asked of it).
_id_hash = hash


class _SortedHashes:
    """A set of 64-bit hashes in a few sorted numpy arrays (runs), the smaller ones merged into the larger
    as they grow, so that adding a batch costs about its own size and a look-up one binary search a run."""

    def __init__(self):
        self.runs: list[np.ndarray] = []

    def contains(self, hashes: np.ndarray) -> np.ndarray:
        found = np.zeros(len(hashes), dtype=bool)
        for run in self.runs:  # never empty
            at = np.minimum(np.searchsorted(run, hashes), len(run) - 1)
            found |= run[at] == hashes
        return found

    def add(self, hashes: np.ndarray) -> None:
        if not len(hashes):
            return
        self.runs.append(np.sort(hashes))
        while len(self.runs) > 1 and len(self.runs[-2]) <= 2 * len(self.runs[-1]):
            last = self.runs.pop()
            self.runs[-1] = np.sort(np.concatenate([self.runs[-1], last]), kind="stable")


def _uuid(value):
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


# A list of texts as one parameter: JSON, which PostgreSQL parses in C, where psycopg adapted each
# element of a list in Python (5,000 ids a batch: 2 s of the 100,000-parcel import).
TEXT_ARRAY = "ARRAY(SELECT json_array_elements_text(%s::json))"
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value) -> str:
    """A value as COPY's text format writes it (NULL as \\N)."""
    return "\\N" if value is None else str(value).translate(_COPY_ESCAPES)


def _real(value) -> str:
    return "\\N" if value is None else repr(float(value))


def _ewkb_hex(geoms: np.ndarray, srid: int, known: list | None = None) -> list[str]:
    """The geometries as PostGIS's hex EWKB (2D, little-endian, with ``srid``): GEOS's WKB with the SRID
    spliced in, written as hex by Python (GEOS's own hex writer, with ``set_srid`` copying every
    geometry first, took 1.6 s per 100,000 parcels, this 0.5 s). ``known``: the WKB ``wkb_of`` would write
    for each geometry where the file gave it already (None elsewhere): only the others are written."""
    tag = srid.to_bytes(4, "little")
    out = []
    if known is None:
        wkbs = shapely.to_wkb(geoms, output_dimension=2, byte_order=1).tolist()
    else:
        wkbs = list(known)
        missing = [k for k, wkb in enumerate(known) if wkb is None]
        if missing:
            for k, wkb in zip(
                missing,
                shapely.to_wkb(geoms[missing], output_dimension=2, byte_order=1).tolist(),
                strict=True,
            ):
                wkbs[k] = wkb
    for wkb in wkbs:
        kind = int.from_bytes(wkb[1:5], "little") | 0x20000000  # the EWKB flag: an SRID follows
        out.append((wkb[:1] + kind.to_bytes(4, "little") + tag + wkb[5:]).hex())
    return out


def _new_uuids(n: int) -> list[str]:
    """``n`` random (version 4) UUIDs as 32 hex digits, from one read of the system's random source."""
    raw = np.frombuffer(os.urandom(16 * n), dtype=np.uint8).reshape(n, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    digits = raw.tobytes().hex()
    return [digits[k : k + 32] for k in range(0, 32 * n, 32)]


def _copy_lines(table: str, lines: list[str]) -> None:
    """Lines of COPY's text format into a staging table (PostgreSQL)."""
    if not lines:
        return
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:  # noqa: S608
        copy.write("\n".join(lines) + "\n")


def _write(table: str, rows: list[tuple]) -> None:
    """Rows into a staging table: COPY on PostgreSQL, one prepared INSERT on SQLite."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:  # noqa: S608 - module constants
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(rows[0]))
            cursor.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)  # noqa: S608
