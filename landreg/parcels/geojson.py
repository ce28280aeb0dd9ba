"""GeoJSON of parcels built by the database (AsGeoJSON), not by a Python serializer.

A DRF GeoFeatureModelSerializer spends ~0.6 ms per parcel building GEOS objects and dicts; here the
database writes each geometry's JSON and Python only joins strings, with the same output shape.
"""

import json
from collections.abc import Callable, Iterable

from django.contrib.gis.db.models.functions import AsGeoJSON

PRECISION = 9  # decimal degrees: 0.1 mm, below any survey's accuracy

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


def rows(queryset, fields: Iterable[str] = ALL_FIELDS):
    """A values() queryset with the geometry as GeoJSON text; slice it before iterating."""
    columns = ["id", *(_SOURCES.get(f, f) for f in fields)]
    return queryset.annotate(geojson=AsGeoJSON("geometry", precision=PRECISION)).values(*columns, "geojson")


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
    if extra:
        props.update(extra(row))
    return (
        f'{{"id": "{row["id"]}", "type": "Feature", "geometry": {row["geojson"]}, '
        f'"properties": {json.dumps(props, ensure_ascii=False)}}}'
    )


def collection(features: list[str], **members) -> str:
    head = "".join(f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}, " for k, v in members.items())
    return f'{{"type": "FeatureCollection", {head}"features": [{", ".join(features)}]}}'


# PostgreSQL writes whole features (json_build_object), Python only joins them: the same shape as
# feature() above (DRF's formats: timestamps in UTC with a Z, decimals as strings).
_TS = "to_char({0} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
# Constants only are formatted in; the ids are a bound parameter.
POSTGIS_FEATURES = f"""
SELECT string_agg(feature, ', ' ORDER BY position) FROM (
  SELECT ids.position, json_build_object(
    'id', p.id, 'type', 'Feature', 'geometry', ST_AsGeoJSON(p.geometry, {PRECISION})::json,
    'properties', json_build_object(
      'number', p.number, 'village_code', v.code, 'village_name', v.name, 'land_use', p.land_use,
      'area_m2', p.area_m2, 'area_srid', p.area_srid, 'official_area_m2', p.official_area_m2,
      'survey_method', p.survey_method, 'accuracy_m', p.accuracy_m::text, 'local_name', p.local_name,
      'version', p.version, 'begin_lifespan', {_TS.format("p.begin_lifespan")},
      'end_lifespan', {_TS.format("p.end_lifespan")}
    )
  )::text AS feature
  FROM unnest(%s::uuid[]) WITH ORDINALITY AS ids(id, position)
  JOIN parcels_parcel p ON p.id = ids.id
  JOIN territory_administrativeunit v ON v.id = p.village_id
) features
"""  # noqa: S608


def features_in_database(ids: list) -> str:
    """The features of ``ids`` (in that order), comma-separated, written by PostgreSQL."""
    from django.db import connection

    if not ids:
        return ""
    with connection.cursor() as cursor:
        cursor.execute(POSTGIS_FEATURES, [[str(pk) for pk in ids]])
        return cursor.fetchone()[0] or ""
