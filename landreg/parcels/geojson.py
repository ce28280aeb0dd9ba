"""GeoJSON of parcels built by the database (AsGeoJSON), not by a Python serializer.

A DRF GeoFeatureModelSerializer spends ~0.6 ms per parcel building GEOS objects and dicts; here the
database writes each geometry's JSON and Python only joins strings, with the same output shape.
"""

import json
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.gis.db.models.functions import AsGeoJSON, GeoFunc, Transform
from django.db.models import F

PRECISION = 9  # decimal degrees: 0.1 mm, below any survey's accuracy
PRECISION_M = 3  # metres of a projected CRS: 1 mm
# Areas to the square centimetre, as the boundary check answers them (api/boundaries.py): a computed area's
# last digits are the noise of the projection (3599.999999993015 for a 60 m square), not a measure.
AREA_DECIMALS = 2
AREAS = ("area_m2", "official_area_m2")  # the properties written so, by every writer of parcels' GeoJSON
_AREA_STEP = Decimal(1).scaleb(-AREA_DECIMALS)


def rounded_area(value: float | None) -> float | None:
    """An area in m² to AREA_DECIMALS decimals, exactly as PostgreSQL's ``round(area::numeric, 2)::float8``
    gives it, so that both databases write the same: the float read with 15 significant digits (PostgreSQL's
    cast of a float8 to numeric), halves away from zero (its numeric round). Python's own round() reads the
    binary value and rounds 2.675 to 2.67 where PostgreSQL gives 2.68."""
    if value is None:
        return None
    return float(Decimal(f"{value:.15g}").quantize(_AREA_STEP, rounding=ROUND_HALF_UP))


PUBLIC_FIELDS = (
    "number",
    "village_code",
    "village_name",
    "land_use",
    "area_m2",
    "area_srid",
    "official_area_m2",
    "survey_method",
    "version",
    "begin_lifespan",
    "end_lifespan",
)
SCOPED_FIELDS = ("accuracy_m", "local_name")
# Every property, in the order the API writes them: the public ones with the scoped ones after the survey.
ALL_FIELDS = (*PUBLIC_FIELDS[:8], *SCOPED_FIELDS, *PUBLIC_FIELDS[8:])
_SOURCES = {"village_code": "village__code", "village_name": "village__name"}


class FlipCoordinates(GeoFunc):
    """The geometry with x and y swapped (PostGIS ST_FlipCoordinates, SpatiaLite SwapCoordinates)."""

    arity = 1

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="SwapCoordinates", **extra_context)


def rows(
    queryset,
    fields: Iterable[str] = ALL_FIELDS,
    *,
    srid: int = 4326,
    lat_first: bool = False,
    feature_id: str = "id",
):
    """A values() queryset with the geometry as GeoJSON text; slice it before iterating.

    ``srid``: the CRS to write the coordinates in (the database transforms them); ``lat_first``: latitude
    before longitude, as EPSG:4326 orders its axes (GeoJSON itself is always longitude first).
    ``feature_id``: the field that gives the feature its id (``parcel_id`` for parcel versions); the rows
    carry it as ``id``."""
    if feature_id != "id":
        queryset = queryset.annotate(feature=F(feature_id))  # values() may not rename over a model field
    columns = ["id" if feature_id == "id" else "feature", *(_SOURCES.get(f, f) for f in fields)]
    return queryset.annotate(geojson=geometry_json(srid=srid, lat_first=lat_first)).values(
        *columns, "geojson"
    )


def geometry_json(*, srid: int = 4326, lat_first: bool = False) -> AsGeoJSON:
    """The parcel's boundary as GeoJSON text, written by the database in ``srid`` (axes as ``rows``)."""
    geometry = "geometry" if srid == 4326 else Transform("geometry", srid)
    if lat_first:
        geometry = FlipCoordinates(geometry)
    precision = PRECISION if srid == 4326 else PRECISION_M
    return AsGeoJSON(geometry, precision=precision)


def _json_value(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "isoformat"):  # the format DRF writes: UTC with a Z
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    return str(value)  # Decimal, as DRF does by default


def feature(
    row: dict, fields: Iterable[str] = ALL_FIELDS, extra: Callable[[dict], dict] | None = None
) -> str:
    props = {f: _json_value(row[_SOURCES.get(f, f)]) for f in fields}
    for name in AREAS:
        if name in props:
            props[name] = rounded_area(props[name])
    if extra:
        props.update(extra(row))
    ident = row["feature"] if "feature" in row else row["id"]
    return (
        f'{{"id": "{ident}", "type": "Feature", "geometry": {row["geojson"]}, '
        f'"properties": {json.dumps(props, ensure_ascii=False)}}}'
    )


def collection(features: list[str] | str, **members) -> str:
    """A FeatureCollection of ``features``: a list of features, or their text already joined by ", "."""
    joined = features if isinstance(features, str) else ", ".join(features)
    head = "".join(f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}, " for k, v in members.items())
    return f'{{"type": "FeatureCollection", {head}"features": [{joined}]}}'


# PostgreSQL writes whole features (json_build_object), Python only joins them: the same shape as
# feature() above (DRF's formats: timestamps in UTC with a Z, decimals as strings).
ROUNDED_SQL = f"round({{0}}::numeric, {AREA_DECIMALS:d})::float8"  # rounded_area's rule, in SQL
_TS = "to_char({0} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
# Constants only are formatted in; the page's own query brings its values as parameters.
_FEATURE = f"""json_build_object(
    'id', p.id, 'type', 'Feature', 'geometry', ST_AsGeoJSON(p.geometry, {PRECISION})::json,
    'properties', json_build_object(
      'number', p.number, 'village_code', v.code, 'village_name', v.name, 'land_use', p.land_use,
      'area_m2', {ROUNDED_SQL.format("p.area_m2")}, 'area_srid', p.area_srid,
      'official_area_m2', {ROUNDED_SQL.format("p.official_area_m2")},
      'survey_method', p.survey_method, 'accuracy_m', p.accuracy_m::text, 'local_name', p.local_name,
      'version', p.version, 'begin_lifespan', {_TS.format("p.begin_lifespan")},
      'end_lifespan', {_TS.format("p.end_lifespan")}
    )
  )::text"""
# A page straight from the list's own query (the ORM's SQL, ordered and sliced one row past the page):
# the features of the first %(size)s rows, how many rows came, and the count the query carried, if any.
# Each row of the page is looked up in the primary key (a lateral subquery kept apart by OFFSET 0): joined
# plainly, PostgreSQL read every parcel to hash-join the page's 1,001 ids (a sequential scan of 100,000
# rows for a page of 1,000, growing with the register).
POSTGIS_PAGE = f"""
SELECT string_agg(feature, ', ' ORDER BY position) FILTER (WHERE position <= %s), count(*), max(matched)
FROM (
  SELECT page.position, page.matched, {_FEATURE} AS feature
  FROM (SELECT s.id, s.matched, row_number() OVER (ORDER BY s.number) AS position FROM ({{page}}) s) page
  CROSS JOIN LATERAL (SELECT * FROM parcels_parcel WHERE parcels_parcel.id = page.id OFFSET 0) p
  JOIN territory_administrativeunit v ON v.id = p.village_id
) features
"""  # noqa: S608


def page_in_database(queryset, size: int) -> tuple[str, int, int | None]:
    """Features of a page in one statement: (features, rows read, matched count or None).

    ``queryset`` is ordered by number, sliced one row past the page, and gives ``id``, ``number`` and
    ``matched`` (a window count, or NULL).
    """
    from django.core.exceptions import EmptyResultSet
    from django.db import connection

    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # e.g. a user who may see no village: nothing to ask the database
        return "", 0, None
    with connection.cursor() as cursor:
        cursor.execute(POSTGIS_PAGE.format(page=sql), [size, *params])
        features, rows, matched = cursor.fetchone()
    return features or "", rows, matched
