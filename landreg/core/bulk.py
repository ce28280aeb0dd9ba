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
import uuid

from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import AutoField, JSONField
from django.utils import timezone

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


_UNIQUE = object()  # the column of a unique field with a default: each row names its value


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
    Geometries are in their field's SRID. Like ``bulk_create`` without instances, signals or ids
    returned."""
    if not rows:
        return
    using = using or router.db_for_write(model)
    connection = connections[using]
    known = {f.attname for f in model._meta.concrete_fields}
    for row in rows:
        if not row.keys() <= known:
            raise ValueError(f"{model.__name__} has no column {', '.join(sorted(row.keys() - known))}")
    now = timezone.now()
    fields, columns = [], []
    for field in model._meta.concrete_fields:
        if isinstance(field, AutoField) or (field.primary_key and field.db_returning):
            continue  # left to the database
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            fixed = field.get_db_prep_save(now, connection)
        elif field.unique and field.has_default():
            fixed = _UNIQUE
        else:
            fixed = field.get_db_prep_save(field.get_default(), connection)
        fields.append(field)
        columns.append(
            (
                field.attname,
                field,
                _as_is(field, connection),
                isinstance(field, JSONField),
                getattr(field, "srid", None),
                fixed,
            )
        )
    auto = {f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)}

    def prepared(row):
        values = []
        for name, field, as_is, is_json, srid, fixed in columns:
            if name in auto or name not in row:
                if fixed is _UNIQUE:
                    raise ValueError(f"{model.__name__}.{name} is unique: name it in every row")
                values.append(fixed)
                continue
            value = row[name]
            if (
                as_is is not None
                and type(value) is as_is
                and (as_is is not datetime.datetime or value.tzinfo is not None)
            ) or (value is None and not is_json):
                values.append(value)
                continue
            if srid is not None and value.srid != srid:
                raise ValueError(f"{model.__name__}.{name}: a geometry in EPSG:{value.srid}, not {srid}")
            values.append(field.get_db_prep_save(value, connection))
        return values

    values = [prepared(row) for row in rows]  # all of them before the insert: a refused row aborts nothing
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in fields)
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            copy_sql = f"COPY {table} ({names}) FROM STDIN"  # names from the model
            # The raw cursor's errors come out as Django's (IntegrityError for a row already there).
            with connection.wrap_database_errors, cursor.cursor.copy(copy_sql) as copy:
                for row in values:
                    copy.write_row(row)
        else:
            # A geometry's placeholder converts its text (GeomFromText(%s, srid)), as Django's insert does.
            marks = ", ".join(
                connection.ops.get_geom_placeholder(f, None, None) if hasattr(f, "geom_type") else "%s"
                for f in fields
            )
            statement = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - names from the model
            cursor.executemany(statement, values)


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
            cleaned[field.attname] = field.clean(raw, None)
        except ValidationError as error:
            errors[field.name] = error.error_list
    if errors:
        raise ValidationError(errors)
    return cleaned
