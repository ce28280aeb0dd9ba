"""The OGC API's features as GeoJSON text, in the order of the collection (number, then key).

On PostgreSQL one statement writes every feature of a page whole (geometry, properties, the dispute flag) and
counts the matches when the page needs it: Python joins the features' text, adds the collection's head and
sends it on, without reading a row into objects (at 1,000 features the rows, their dicts and ``json.dumps``
were most of a page's time). On SpatiaLite the
database writes each geometry (AsGeoJSON) and Python the rest (``landreg.parcels.geojson.feature``).

Both write the same bytes (tests/ogcapi/test_ogcapi_features.py compares them on PostGIS): the properties in
the same order (the public ones; then, for a parcel of a village the caller may view, the accuracy and the
local name; then ``dispute_pending``), strings escaped as ``json.dumps(ensure_ascii=False)`` escapes them
(PostgreSQL's ``to_json`` escapes the same characters the same way), areas to the square centimetre
(``geojson.rounded_area``), floats as Python's ``repr`` writes them (PostgreSQL's shortest exact output, with
the ``.0`` Python puts on whole numbers; the two differ only from 1e15 on, past any area on earth), decimals
as strings, timestamps in UTC with a Z and microseconds only when there are some (``datetime.isoformat``).
"""

import uuid
from collections.abc import Callable

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.db import connection, connections
from django.db.models import BooleanField, ExpressionWrapper, F, Func, Subquery

from landreg.core.db.paging import count_up_to
from landreg.core.db.planned import planned_cursor, planned_each_time
from landreg.disputes.cases.freeze import frozen_parcels_q
from landreg.ogcapi import boundaries
from landreg.ogcapi.selectors import parcels_at, public_parcels
from landreg.parcels import geojson
from landreg.parcels.models import ParcelVersion
from landreg.parcels.topology import parcels_in_box


def parcel_key(queryset) -> str:
    """The field holding the parcel's id: its own key, or ``parcel_id`` on its versions (?datetime=)."""
    return "parcel_id" if queryset.model is ParcelVersion else "id"


def with_dispute(queryset):
    condition = frozen_parcels_q(parcel=parcel_key(queryset))
    return queryset.annotate(dispute_pending=ExpressionWrapper(condition, output_field=BooleanField()))


class _InArray(Func):
    """``key = ANY(ARRAY(subquery))`` on PostgreSQL, ``key IN (subquery)`` elsewhere.

    With ``IN (subquery)`` PostgreSQL joined a page's 1,001 ids to the parcels by reading all 100,000 of
    them (a hash semi-join: 45-70 ms of an 80 ms page). The array is known only when the statement runs,
    so the planner reckons on a few ids and looks each one up in the primary key (a few milliseconds)."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        key, subquery = (compiler.compile(e) for e in self.get_source_expressions())
        joiner = " = ANY(ARRAY{})" if connection.vendor == "postgresql" else " IN {}"
        return key[0] + joiner.format(subquery[0]), (*key[1], *subquery[1])


def page_of(queryset, offset: int, count: int):
    """The rows of ``queryset`` from ``offset``, ``count`` of them, found by their keys: the keys are picked
    first (the index on the number walks past the offset's rows), then only those rows are read, so that
    nothing is computed for the rows skipped (with OFFSET on the whole query, PostgreSQL wrote the GeoJSON of
    every skipped row: 0.5 s for a page of 100 at offset 77,777 of 100,000 parcels)."""
    keys = Subquery(queryset.values("pk")[offset : offset + count])
    return queryset.filter(_InArray(F("pk"), keys))


def page(
    queryset, offset: int, size: int, crs, scope: set, cap: int, box=None
) -> tuple[str, int, int | None]:
    """The features of ``size`` rows of ``queryset`` from ``offset`` joined by ", ", the rows read (``size``
    + 1 says that a next page exists) and numberMatched (``number_matched``, counting up to ``cap``).
    ``box``: the bbox ``queryset`` is filtered by (EPSG:4326), if any."""
    if connection.vendor == "postgresql":
        return page_in_database(queryset, offset, size, crs, scope, cap, box=box)
    text, read = features_in_python(page_of(queryset, offset, size + 1), crs, scope, size)
    return text, read, number_matched(offset, read, size, lambda: count_up_to(queryset, cap), cap=cap)


def number_matched(
    offset: int, read: int, size: int, count: Callable[[], int | None], cap: int | None = None
) -> int | None:
    """numberMatched, exact or None (then omitted). A page with rows and none after it gives the count
    for free; an empty page past the end does not (it says nothing of how far the end was): ``count()``.
    A page with a next one ending past ``cap`` says there are more than ``cap`` rows: None, not counted
    (random pages of 100,000 parcels are nine in ten past the cap of 10,000; counting 10,001 keys to learn
    it was 0.8 ms of PostgreSQL's 5 a page)."""
    if read > size:
        return None if cap is not None and offset + read > cap else count()
    if read == 0 and offset > 0:
        return count()
    return offset + min(read, size)


# --- SpatiaLite (and the reference the PostgreSQL text is tested against) -----------------------------------

ROW_FIELDS = geojson.ALL_FIELDS + ("village_id", "dispute_pending")


def features_in_python(queryset, crs, scope: set, size: int) -> tuple[str, int]:
    rows = list(
        geojson.rows(
            with_dispute(queryset),
            ROW_FIELDS,
            srid=crs.srid,
            lat_first=crs.lat_first,
            feature_id=parcel_key(queryset),
        )
    )

    def extra(row):
        # Public: a parcel held by an open dispute case says so (no case number, no party).
        pending = {"dispute_pending": bool(row["dispute_pending"])}
        if row["village_id"] in scope:
            return {f: geojson._json_value(row[f]) for f in geojson.SCOPED_FIELDS} | pending
        return pending

    written = [geojson.feature(row, geojson.PUBLIC_FIELDS, extra) for row in rows[:size]]
    return ", ".join(written), len(rows)


# --- PostgreSQL ---------------------------------------------------------------------------------------------

# Each property: its name, where it comes from, and how its value is written as JSON (below).
PUBLIC = (
    ("number", "number", "text"),
    ("village_code", "village__code", "text"),
    ("village_name", "village__name", "text"),
    ("land_use", "land_use", "text"),
    ("area_m2", "area_m2", "float"),
    ("area_srid", "area_srid", "integer"),
    ("official_area_m2", "official_area_m2", "float"),
    ("survey_method", "survey_method", "text"),
    ("version", "version", "integer"),
    ("begin_lifespan", "begin_lifespan", "timestamp"),
    ("end_lifespan", "end_lifespan", "timestamp"),
)
SCOPED = (("accuracy_m", "accuracy_m", "decimal"), ("local_name", "local_name", "text"))
# Written to the square centimetre (geojson.rounded_area: the same rounding in both writers).
AREAS = geojson.AREAS
assert tuple(p[0] for p in PUBLIC) == geojson.PUBLIC_FIELDS and tuple(p[0] for p in SCOPED) == (
    geojson.SCOPED_FIELDS
)

_AS_JSON = {
    "text": "COALESCE(to_json({0})::text, 'null')",
    "integer": "COALESCE({0}::text, 'null')",
    # Python's repr writes 12.0 where PostgreSQL writes 12.
    "float": "CASE WHEN {0} IS NULL THEN 'null' WHEN {0} = trunc({0}) AND abs({0}) < 1e15 "
    "THEN {0}::text || '.0' ELSE {0}::text END",
    "decimal": "COALESCE(to_json({0}::text)::text, 'null')",
    # isoformat() writes microseconds only when there are some.
    "timestamp": "CASE WHEN {0} IS NULL THEN 'null' ELSE '\"' || replace(to_char({0} AT TIME ZONE 'UTC', "
    "'YYYY-MM-DD\"T\"HH24:MI:SS.US'), '.000000', '') || 'Z\"' END",
}


def _properties(fields, first: bool) -> list[str]:
    parts = []
    for k, (name, _source, kind) in enumerate(fields):
        separator = "" if first and k == 0 else ", "
        value = f"r.p_{name}"
        if name in AREAS:
            value = geojson.ROUNDED_SQL.format(value)
        parts += [f"'{separator}\"{name}\": '", _AS_JSON[kind].format(value)]
    return parts


def _feature_sql(scoped: bool) -> str:
    """One feature's text from a row ``r`` of the page; with ``scoped``, one parameter: the villages' ids.
    Its pieces are joined with ``||``: each is text and never null (a null value is written 'null'), and
    text || text is PostgreSQL's plain concatenation, where ``concat()`` looks up the output function of each
    of its 30 arguments again for every row (on a page's 1,000 rows, EXPLAIN ANALYZE: 1.7 ms against 0.7)."""
    parts = [
        '\'{"id": "\'',
        "r.p_id::text",
        '\'", "type": "Feature", "geometry": \'',
        "COALESCE(r.p_geometry, 'null')",
        "', \"properties\": {'",
        *_properties(PUBLIC, first=True),
    ]
    if scoped:
        scoped_parts = " || ".join(_properties(SCOPED, first=False))
        parts.append(f"CASE WHEN r.p_village = ANY(%s::uuid[]) THEN {scoped_parts} ELSE '' END")
    parts += ["', \"dispute_pending\": '", "CASE WHEN r.dispute_pending THEN 'true' ELSE 'false' END", "'}}'"]
    return f"({' || '.join(parts)})"


# The features of the first %s rows in the collection's order, and the number of rows.
_FEATURES = """
SELECT string_agg(feature, ', ' ORDER BY position) FILTER (WHERE position <= %s), count(*)
FROM (SELECT row_number() OVER (ORDER BY r.p_number, r.p_pk) AS position, {feature} AS feature
      FROM ({rows}) r) features
"""  # noqa: S608 - only the ORM's own SQL and constant text are formatted in; values are parameters


def _rows(queryset, crs):
    """The columns each feature is written from, for the rows of ``queryset`` (unordered)."""
    columns = {
        "p_pk": F("pk"),
        "p_id": F(parcel_key(queryset)),
        "p_village": F("village_id"),
        "p_geometry": geojson.geometry_json(srid=crs.srid, lat_first=crs.lat_first),
        **{f"p_{name}": F(source) for name, source, _kind in PUBLIC + SCOPED},
    }
    return with_dispute(queryset).order_by().annotate(**columns).values(*columns, "dispute_pending")


def _statement(queryset, crs) -> tuple[str, tuple]:
    """The statement writing the features of ``queryset``'s rows, and the parameters of its rows' query;
    run with the page's size, and the villages in scope if any, before those (``_run``)."""
    sql, params = _rows(queryset, crs).query.sql_with_params()
    return _FEATURES.format(feature="{feature}", rows=sql), tuple(params)


def _run(sql: str, params, scope: set, size: int, db: str, planned_once: bool = False) -> tuple[str, int]:
    scoped = [sorted(str(pk) for pk in scope)] if scope else []
    # The queryset's database: a read replica if routed there.
    with planned_cursor(db) if planned_once else connections[db].cursor() as cursor:
        cursor.execute(sql.replace("{feature}", _feature_sql(bool(scope)), 1), [size, *scoped, *params])
        text, read = cursor.fetchone()
    return text or "", read


# --- Statements planned once per connection -----------------------------------------------------------------

# PostgreSQL planned a page's statement (the dispute flag's two EXISTS, the joins, the count) on every
# request: 0.55-0.6 ms, three quarters of a bbox page's time in the database and as much as a page of 100 at
# offset 0 took to run. The statements whose text is the same for every request (a page of the whole
# collection at any offset, one feature by its id) are prepared on the connection the first time, then
# only executed (landreg.core.db.planned).


# --- A page on PostgreSQL: one statement, built once per process ------------------------------------------

# Building the features' statement with the ORM (16 columns, the dispute flag's two EXISTS) took more of a
# page's time than anything but the statement itself (2-3 ms of Python a request). It does not depend on the
# request's filters: the page's keys, chosen by the filtered query, say which rows it writes. So it is built
# once per process for each kind of row (parcels, or their versions at ?datetime=) and CRS; only the keys'
# query and the count's are built for each request.
_TEMPLATES: dict = {}

# First a row with the number of rows the query matches up to the cap, counted only when the page does not
# tell it (PostgreSQL runs a subquery in a CASE only when its branch is taken): when there is a next page
# within the cap (past it, there are more than the cap: see number_matched), or when a page past the start
# is empty; beside it, for a page starting at a boundary (boundaries.py), the audit chain's head the
# boundaries must hold (else NULL). Then one row a feature, in the keys' order (one more than the
# page says that a next one exists). The keys are an array (looked up one by one in the primary key, see
# _InArray), and their position in it is the feature's. Python joins the features: with string_agg the
# statement took 1.5 ms more of PostgreSQL's processor time than these rows (a page of 1,000; measured with
# the backend's CPU time, which other work on the machine does not inflate as it does the clock's).
_PAGE = """
WITH page AS (SELECT ARRAY({keys}) AS keys)
SELECT {head} AS feature,
       CASE WHEN (cardinality(page.keys) > %s AND %s) OR (cardinality(page.keys) = 0 AND %s)
            THEN (SELECT count(*) FROM ({count}) counted) END AS counted, 0 AS position
FROM page
UNION ALL
SELECT {feature}, NULL, k.position
FROM page, unnest(page.keys) WITH ORDINALITY AS k(key, position) JOIN ({rows}) r ON r.p_pk = k.key
ORDER BY position
"""  # noqa: S608 - only the ORM's own SQL and constant text are formatted in; values are parameters


def _template(model, crs, scoped: bool) -> tuple[str, tuple]:
    """The page's statement for rows of ``model`` in ``crs`` with ``{keys}`` and ``{count}`` to fill in,
    and the parameters of its rows (after the keys', the count's and the scope's)."""
    key = (model, crs.srid, crs.lat_first, scoped)
    if key not in _TEMPLATES:
        sql, params = _rows(model._default_manager.all(), crs).query.sql_with_params()
        page = _PAGE.format(
            keys="{keys}", count="{count}", head="{head}", feature=_feature_sql(scoped), rows=sql
        )
        _TEMPLATES[key] = (page, tuple(params))
    return _TEMPLATES[key]


def page_in_database(
    queryset, offset: int, size: int, crs, scope: set, cap: int, *, seek: bool = True, box=None
) -> tuple[str, int, int | None]:
    """``page`` on PostgreSQL: one statement, its count (up to ``cap`` + 1) run only when needed; a deep page
    of the whole collection starts at the boundary before it (``seek``, boundaries.py)."""
    try:
        keys, key_params, count, count_params = keys_and_count(queryset, offset, size + 1, cap + 1)
    except EmptyResultSet:  # nothing can match (e.g. an empty filter): no statement
        return "", 0, number_matched(offset, 0, size, lambda: 0)
    template, params = _template(queryset.model, crs, bool(scope))
    # The database the queryset reads from: an anonymous caller's page and its count may go to a read
    # replica (landreg.core.db.replicas), as the count did when the ORM ran it.
    # A page of the whole collection (no filter: its keys' and count's queries have no parameters) is the
    # same statement for every offset: planned once per connection (planned_cursor). A filter's values could
    # want another plan: planned each time, but for a map's view (small_box).
    reusable = not count_params and key_params == (size + 1, offset)  # only the bounds: no filter's values
    db, head, held = queryset.db, "NULL", None
    planned = reusable or small_box(box, keys, db)
    if seek and reusable and keys == _whole_collection_keys(db):
        sought = boundaries.start(db, offset)
        if sought:
            boundary, skipped, held = sought
            keys, key_params, head = (
                boundaries.keys_sql(db),
                (*boundary, size + 1, skipped),
                boundaries.head_sql(db),
            )
    # Replaced, not format(): the features' SQL holds braces.
    sql = template.replace("{head}", head, 1).replace("{keys}", keys, 1).replace("{count}", count, 1)
    scoped = [sorted(str(pk) for pk in scope)] if scope else []
    with planned_cursor(db) if planned else planned_each_time(db) as cursor:
        within_cap = offset + size + 1 <= cap
        cursor.execute(sql, [*key_params, size, within_cap, offset > 0, *count_params, *scoped, *params])
        rows = cursor.fetchall()
    if held is not None and rows[0][0] != held:  # the registry changed since the boundaries were read
        boundaries.forget(db)
        return page_in_database(queryset, offset, size, crs, scope, cap, seek=False)
    counted, read = rows[0][1], len(rows) - 1
    text = ", ".join(row[0] for row in rows[1 : size + 1])
    return (
        text,
        read,
        number_matched(offset, read, size, lambda: counted if counted <= cap else None, cap=cap),
    )


# A map's view: the current parcels in a box, no other filter. Planned each time, the statement's planning
# was 0.58 ms of a bbox page's 2.9 at 100,000 parcels (three quarters of its time in PostgreSQL). Planned once
# per connection, PostgreSQL keeps a generic plan for any box: the spatial index, then the few parcels found
# sorted by number. That plan is only right for a small box: for a country's, the planner walks the numbers'
# index and stops at the page's end instead of sorting every parcel of the country. So only a box up to
# SMALL_BOX square degrees (about 1 km by 1 km near the equator, a map's view at zoom 15 or more) is planned
# once; a larger one is planned with its values, as before.
SMALL_BOX = 1e-4
_BOX_KEYS: dict = {}


def small_box(box, keys: str, db: str) -> bool:
    """Whether ``keys`` is the keys' query of the current parcels in ``box`` and no other filter, with
    ``box`` no larger than SMALL_BOX."""
    if box is None or box.area > SMALL_BOX:
        return False
    if db not in _BOX_KEYS:
        in_box = parcels_in_box(parcels_at(None).using(db), box).filter(geometry__intersects=box)
        _BOX_KEYS[db] = keys_and_count(in_box.order_by("number", "id"), 0, 1, 1)[0]
    return keys == _BOX_KEYS[db]


_WHOLE: dict = {}


def _whole_collection_keys(db: str) -> str:
    """The keys' query (keys_and_count) of a page of the whole current collection in its order."""
    if db not in _WHOLE:
        whole = parcels_at(None).using(db).order_by("number", "id")
        _WHOLE[db] = keys_and_count(whole, 0, 1, 1)[0]
    return _WHOLE[db]


# The ORDER BY of a page's keys for each model and ordering by the model's own columns, compiled once per
# process: the keys' query and the count's are then one compilation of the filtered query (two took 0.3-0.6
# ms of a page's Python, as much as everything else the view does).
_ORDERS: dict = {}


def keys_and_count(queryset, offset: int, count: int, cap: int) -> tuple[str, tuple, str, tuple]:
    """The SQL and parameters of ``queryset.values("pk")[offset : offset + count]`` and of its count's query
    ``queryset.values("pk").order_by()[:cap]``, as the ORM writes them but for the keys' bounds, the last two
    parameters (tests/ogcapi compare the text), the filtered query compiled once. An ordering the ORM must
    resolve (a related field, an expression, none given or extra) is left to it, bounds written in."""
    values = queryset.values("pk")
    ordering, query = values.query.order_by, values.query
    plain = ordering and query.standard_ordering and not (query.extra_order_by or query.is_sliced)
    if not plain or not all(_own_column(queryset.model, name) for name in ordering):
        keys, key_params = values[offset : offset + count].query.sql_with_params()
        counted, count_params = values.order_by()[:cap].query.sql_with_params()
        return keys, tuple(key_params), counted, tuple(count_params)
    key = (queryset.model, ordering, queryset.db)
    if key not in _ORDERS:
        ordered, params = (
            queryset.model._default_manager.using(queryset.db)
            .values("pk")
            .order_by(*ordering)[:1]
            .query.sql_with_params()
        )
        assert not params
        _ORDERS[key] = ordered.rsplit(" ORDER BY ", 1)[1].rsplit(" LIMIT ", 1)[0]
    base, params = values.order_by().query.sql_with_params()
    # The page's bounds as parameters, the last two (the same statement for every page of a query).
    keys = f"{base} ORDER BY {_ORDERS[key]} LIMIT %s OFFSET %s"
    return keys, (*params, count, offset), f"{base} LIMIT {cap:d}", tuple(params)


def _own_column(model, name) -> bool:
    if not isinstance(name, str) or "__" in name or name.startswith("?"):
        return False
    name = name.removeprefix("-")
    if name == "pk":
        return True
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # an annotation: the ORM resolves it
        return False
    return field.concrete and not field.is_relation


# One feature by its id is the API's most frequent small request: building its query with the ORM took
# longer than PostgreSQL took to run it. Its statement is built once per process for each CRS, with a
# placeholder id that each request's id replaces among the parameters.
_PLACEHOLDER = uuid.uuid4()
_ONE_BY_ID: dict = {}


def feature_by_id(pk, crs, scope: set) -> str:
    """The feature of the parcel ``pk`` (current or retired) as the items write it; "" when there is none."""
    if connection.vendor != "postgresql":
        return features_in_python(public_parcels().filter(pk=pk), crs, scope, 1)[0]
    key = (crs.srid, crs.lat_first)
    parcels = public_parcels()
    if key not in _ONE_BY_ID:
        _ONE_BY_ID[key] = _statement(parcels.filter(pk=_PLACEHOLDER), crs)
    sql, params = _ONE_BY_ID[key]
    params = [pk if p == _PLACEHOLDER else p for p in params]
    return _run(sql, params, scope, 1, parcels.db, planned_once=True)[0]
