"""Many new rows written at once from plain values: COPY on PostgreSQL, one prepared statement elsewhere.

A device's sync batch is a thousand claims, as many claimants and audit events: building a model instance
for each row and letting Django's insert compiler prepare every value one by one (``pre_save``,
``get_db_prep_save`` down the field's chain) was most of the batch's time, more than the database's. Here
the rows are dicts of values by column (``attname``: ``claim_id``, not ``claim``), each column's conversion
chosen once: a string for a text column or an integer for an integer column is what the database takes
already and goes as it is; any other value goes through the field's own ``get_db_prep_save``, as Django
would send it. On PostgreSQL the rows go in one COPY (psycopg 3 dumps the values, geometries included,
with the connection's adapters; a pipelined ``executemany`` of the same rows took five times as long),
elsewhere (SQLite) through ``executemany`` of the one-row INSERT prepared once.

``clean_values`` is ``Model.clean_fields`` on such a dict, for callers that check rows without instances.
"""

import datetime
import functools
import uuid

from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import AutoField, JSONField
from django.utils import timezone

from landreg.core.geometry import WKBGeometry, ewkb_hex

_AS_IS = {  # internal type -> the Python type the database takes without conversion
    "CharField": str,
    "TextField": str,
    "SlugField": str,
    "EmailField": str,
    "URLField": str,
    "IntegerField": int,
    "BigIntegerField": int,
    "SmallIntegerField": int,
    "PositiveIntegerField": int,
    "PositiveBigIntegerField": int,
    "PositiveSmallIntegerField": int,
    "AutoField": int,
    "BigAutoField": int,
    "SmallAutoField": int,
}


def _as_is(field, connection) -> type | None:
    target = field.target_field if field.is_relation else field
    internal = target.get_internal_type()
    if internal == "UUIDField" and connection.features.has_native_uuid_field:
        return uuid.UUID  # PostgreSQL takes the UUID itself (SQLite its hex, which the field writes)
    if internal == "DateTimeField" and connection.vendor == "postgresql":
        # An aware datetime is what the field gives PostgreSQL (a naive one still goes through the
        # field, which makes it aware and warns); SQLite's is a string in UTC, which the field writes.
        return datetime.datetime
    return _AS_IS.get(internal)


def insert_values(model, rows: list[dict], *, using: str | None = None) -> None:
    """Insert new rows of ``model``, in order. A column a row does not name takes its field's default
    (one value for all rows: a unique field with a default, such as a UUID key, must be named);
    ``auto_now`` and ``auto_now_add`` columns take the time of the call, as Django's insert gives them.
    Geometries are in their field's SRID: GEOS geometries, or ``WKBGeometry`` (already serialised) for a
    2-D geometry column. Like ``bulk_create`` without instances, signals or ids returned."""
    if not rows:
        return
    using = using or router.db_for_write(model)
    connection = connections[using]
    known = {f.attname for f in model._meta.concrete_fields}
    for row in rows:
        if not row.keys() <= known:
            raise ValueError(f"{model.__name__} has no column {', '.join(sorted(row.keys() - known))}")
    now = timezone.now()
    postgresql = connection.vendor == "postgresql"
    fields, defaults, convert, unique = [], [], {}, []
    for field in model._meta.concrete_fields:
        if isinstance(field, AutoField) or (field.primary_key and field.db_returning):
            continue  # left to the database
        position = len(fields)
        fields.append(field)
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults.append(field.get_db_prep_save(now, connection))
            continue  # the time of the call, whatever a row says
        if field.unique and field.has_default():
            defaults.append(None)
            unique.append(field.attname)
        else:
            defaults.append(field.get_db_prep_save(field.get_default(), connection))
        convert[field.attname] = (position, _converter(field, connection, model))
    # Each row: the defaults, then the columns it names, each through its column's conversion.
    values = []
    for row in rows:  # all of them before the insert: a refused row aborts nothing
        for name in unique:
            if name not in row:
                raise ValueError(f"{model.__name__}.{name} is unique: name it in every row")
        prepared = defaults.copy()
        for name, value in row.items():
            if name in convert:
                position, conversion = convert[name]
                prepared[position] = conversion(value)
        values.append(prepared)
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in fields)
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        if postgresql:
            copy_sql = f"COPY {table} ({names}) FROM STDIN"  # names from the model
            # The raw cursor's errors come out as Django's (IntegrityError for a row already there).
            with connection.wrap_database_errors, cursor.cursor.copy(copy_sql) as copy:
                for row in values:
                    copy.write_row(row)
        else:
            marks = ", ".join(_placeholder(f, connection) for f in fields)
            statement = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - names from the model
            cursor.executemany(statement, values)


def _wkb_column(field, connection) -> bool:
    """A 2-D geometry column that SQLite takes as WKB (``GeomFromWKB``): exact, where the WKT Django
    sends is rounded (GEOS trims the digits)."""
    return (
        connection.vendor != "postgresql" and getattr(field, "geom_type", None) is not None and field.dim == 2
    )


def _placeholder(field, connection) -> str:
    if _wkb_column(field, connection):
        return f"GeomFromWKB(%s, {int(field.srid)})"
    # A geometry's placeholder converts its text (GeomFromText(%s, srid)), as Django's insert does.
    return connection.ops.get_geom_placeholder(field, None, None) if hasattr(field, "geom_type") else "%s"


def _converter(field, connection, model):
    """The function that turns a row's value for ``field`` into what the database takes: the value as it
    is when it is of the type the column takes already, else the field's own ``get_db_prep_save``."""
    name = f"{model.__name__}.{field.attname}"
    srid = getattr(field, "srid", None) if hasattr(field, "geom_type") else None
    if srid is not None:
        postgresql, wkb_column = connection.vendor == "postgresql", _wkb_column(field, connection)

        def geometry(value):
            if value is None:
                return None
            if value.srid != srid:
                raise ValueError(f"{name}: a geometry in EPSG:{value.srid}, not {srid}")
            if isinstance(value, WKBGeometry):
                if postgresql:
                    return ewkb_hex(value.wkb, srid)  # COPY's text form of a geometry
                if wkb_column:
                    return value.wkb
                value = GEOSGeometry(memoryview(value.wkb), srid=srid)
            elif wkb_column:
                return bytes(value.wkb)
            return field.get_db_prep_save(value, connection)

        return geometry
    as_is = _as_is(field, connection)
    is_json = isinstance(field, JSONField)

    def plain(value):
        if (
            as_is is not None
            and type(value) is as_is
            and (as_is is not datetime.datetime or value.tzinfo is not None)
        ) or (value is None and not is_json):
            return value
        return field.get_db_prep_save(value, connection)

    return plain


def clean_values(model, values: dict, *, exclude: tuple = ()) -> dict:
    """``values`` (by attname) checked and converted field by field as ``Model.clean_fields`` does for an
    instance (to_python, choices, blank, null, validators); a ValidationError by field otherwise."""
    errors, cleaned = {}, dict(values)
    for field in model._meta.concrete_fields:
        if field.name in exclude or field.attname not in values:
            continue
        raw = values[field.attname]
        if field.blank and raw in field.empty_values:
            continue
        try:
            if type(raw) in _CACHED:
                cleaned[field.attname] = _clean(field, type(raw), raw)
            else:
                cleaned[field.attname] = field.clean(raw, None)
        except ValidationError as error:
            errors[field.name] = error.error_list
    if errors:
        raise ValidationError(errors)
    return cleaned


_CACHED = (str, int)  # hashable values whose cleaning depends on nothing else


@functools.lru_cache(maxsize=4096)
def _clean(field, kind: type, raw):
    """``field.clean`` of a string or an integer, remembered: the rows of a batch repeat most of their
    values (a role, a sex, a share's numerator). ``kind`` keeps 1 and True apart. A refused value raises
    each time (nothing cached), its message in the language of the moment."""
    return field.clean(raw, None)
