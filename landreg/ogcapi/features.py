"""The OGC API's features as GeoJSON text, in the order of the collection (number, then key).

On PostgreSQL one statement writes every feature of a page whole (geometry, properties, the dispute flag) and
joins them: Python adds the collection's head and sends the text on, without reading a row into objects
(at 1,000 features the rows, their dicts and ``json.dumps`` were most of a page's time). On SpatiaLite the
database writes each geometry (AsGeoJSON) and Python the rest (``landreg.parcels.geojson.feature``).

Both write the same bytes (tests/ogcapi/test_ogcapi_features.py compares them on PostGIS): the properties in
the same order (the public ones; then, for a parcel of a village the caller may view, the accuracy and the
local name; then ``dispute_pending``), strings escaped as ``json.dumps(ensure_ascii=False)`` escapes them
(PostgreSQL's ``to_json`` escapes the same characters the same way), floats as Python's ``repr`` writes them
(PostgreSQL's shortest exact output, with the ``.0`` Python puts on whole numbers; the two differ only from
1e15 on, past any area on earth), decimals as strings, timestamps in UTC with a Z and microseconds only
when there are some (``datetime.isoformat``).
"""

import uuid

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Func, Subquery

from landreg.disputes.freeze import frozen_parcels_q
from landreg.ogcapi.selectors import public_parcels
from landreg.parcels import geojson
from landreg.parcels.models import ParcelVersion


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


def features(queryset, crs, scope: set, size: int) -> tuple[str, int]:
    """The features of the first ``size`` rows of ``queryset`` joined by ", ", and how many rows it gave
    (``size`` + 1 rows say that a next page exists). ``scope``: the villages whose parcels show the
    scoped fields. The queryset must already be cut to a page (a few thousand rows at most)."""
    if connection.vendor == "postgresql":
        return features_in_database(queryset, crs, scope, size)
    return features_in_python(queryset, crs, scope, size)


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
        parts += [f"'{separator}\"{name}\": '", _AS_JSON[kind].format(f"r.p_{name}")]
    return parts


def _feature_sql(scoped: bool) -> str:
    """One feature's text from a row ``r`` of the page; with ``scoped``, one parameter: the villages' ids.
    One concat() of its pieces: joined two by two with ||, each piece copied the whole text so far again
    (a third of the statement's time for a page of 1,000)."""
    parts = [
        '\'{"id": "\'',
        "r.p_id::text",
        '\'", "type": "Feature", "geometry": \'',
        "COALESCE(r.p_geometry, 'null')",
        "', \"properties\": {'",
        *_properties(PUBLIC, first=True),
    ]
    if scoped:
        scoped_parts = ", ".join(_properties(SCOPED, first=False))
        parts.append(f"CASE WHEN r.p_village = ANY(%s::uuid[]) THEN concat({scoped_parts}) ELSE '' END")
    parts += ["', \"dispute_pending\": '", "CASE WHEN r.dispute_pending THEN 'true' ELSE 'false' END", "'}}'"]
    return f"concat({', '.join(parts)})"


# The features of the first %s rows in the collection's order, and the number of rows.
_PAGE = """
SELECT string_agg(feature, ', ' ORDER BY position) FILTER (WHERE position <= %s), count(*)
FROM (SELECT row_number() OVER (ORDER BY r.p_number, r.p_pk) AS position, {feature} AS feature
      FROM ({rows}) r) features
"""  # noqa: S608 - only the ORM's own SQL and constant text are formatted in; values are parameters


def features_in_database(queryset, crs, scope: set, size: int) -> tuple[str, int]:
    try:
        sql, params = _statement(queryset, crs)
    except EmptyResultSet:  # nothing can match (e.g. an empty filter): no statement
        return "", 0
    return _run(sql, params, scope, size)


def _statement(queryset, crs) -> tuple[str, tuple]:
    """The statement writing the features of ``queryset``'s rows, and the parameters of its rows' query;
    run with the page's size, and the villages in scope if any, before those (``_run``)."""
    columns = {
        "p_pk": F("pk"),
        "p_id": F(parcel_key(queryset)),
        "p_village": F("village_id"),
        "p_geometry": geojson.geometry_json(srid=crs.srid, lat_first=crs.lat_first),
        **{f"p_{name}": F(source) for name, source, _kind in PUBLIC + SCOPED},
    }
    rows = with_dispute(queryset).order_by().annotate(**columns).values(*columns, "dispute_pending")
    sql, params = rows.query.sql_with_params()
    return _PAGE.format(feature="{feature}", rows=sql), tuple(params)


def _run(sql: str, params, scope: set, size: int) -> tuple[str, int]:
    scoped = [sorted(str(pk) for pk in scope)] if scope else []
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{feature}", _feature_sql(bool(scope)), 1), [size, *scoped, *params])
        text, read = cursor.fetchone()
    return text or "", read


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
    if key not in _ONE_BY_ID:
        _ONE_BY_ID[key] = _statement(public_parcels().filter(pk=_PLACEHOLDER), crs)
    sql, params = _ONE_BY_ID[key]
    return _run(sql, [pk if p == _PLACEHOLDER else p for p in params], scope, 1)[0]
