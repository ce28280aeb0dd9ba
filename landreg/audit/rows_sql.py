"""A register row's hash computed by PostgreSQL, byte for byte the one ``rows.py`` computes in Python.

A bulk write (an import's 100,000 parcels) spent most of its time reading its rows back into Python to hash
them (~100 µs a row). Here the same canonical text is built in SQL from the row's columns and hashed with
``sha256()``, in the statement that writes the rows. ``rows.py`` stays the definition: every rule below
mirrors one of its rules, and ``tests/audit/test_row_hash_sql.py`` compares the two on awkward values.

Where PostgreSQL cannot write a value as Python does, the expression gives NULL and the caller hashes that
row in Python (``rows.row_hashes``): floats outside [1e-4, 1e15) (PostgreSQL switches to exponent notation
at 1e15, Python's repr at 1e16). Models with a column type not handled here (JSON) get no expression.
"""

import datetime as dt
import json
import uuid

from django.contrib.gis.db.models import GeometryField
from django.db import connection

from landreg.audit.rows import _SKIPPED, _SKIPPED_IN, _TEXT

_INTEGERS = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
}
_TEXTS = {"CharField", "TextField", "SlugField", "EmailField", "URLField"}
# Python writes a float with repr(): shortest round-trip digits, like PostgreSQL's float8 output (PostgreSQL
# 12 and later, extra_float_digits >= 1), but with ".0" on integral values; both use fixed notation here.
_FLOAT_FIXED = "({c} = 0 OR abs({c}) >= 1e-4 AND abs({c}) < 1e15)"


def _target(field):
    while field.is_relation:  # a foreign key is written as the value of the key it points at
        field = field.target_field
    return field


def _value(field, column: str) -> tuple[str, str | None] | None:
    """(JSON text of a non-empty value, condition for it to be Python's) or None: not handled."""
    target = _target(field)
    kind = target.get_internal_type()
    if isinstance(target, GeometryField):
        return f"""'"SRID={int(field.srid)};' || encode(ST_AsBinary({column}), 'hex') || '"'""", None
    if kind in _INTEGERS:
        # Integers beyond ±2^53 are written as text (rows._integer).
        return (
            f"""CASE WHEN abs({column}) < 9007199254740992 THEN {column}::text
            ELSE '"' || {column}::text || '"' END""",
            None,
        )
    if kind == "BooleanField":
        return f"CASE WHEN {column} THEN 'true' ELSE 'false' END", None
    if kind in _TEXTS:
        return f"to_json({column}::text)::text", None  # escapes as json.dumps(ensure_ascii=False)
    if kind == "UUIDField":
        return f"""'"' || {column}::text || '"'""", None
    if kind == "DecimalField":
        return f"""'"' || trim_scale({column})::text || '"'""", None  # Decimal.normalize(), fixed
    if kind == "FloatField":
        text = f"{column}::text"
        return (
            f"""'"' || CASE WHEN strpos({text}, '.') > 0 THEN {text} ELSE {text} || '.0' END || '"'""",
            _FLOAT_FIXED.format(c=column),
        )
    if kind == "DateTimeField":
        utc = f"({column} AT TIME ZONE 'UTC')"
        # datetime.isoformat(): microseconds only when there are some.
        return (
            f"""'"' || to_char({utc}, 'YYYY-MM-DD"T"HH24:MI:SS')
            || CASE WHEN to_char({utc}, 'US') = '000000' THEN '' ELSE '.' || to_char({utc}, 'US') END
            || '+00:00"'""",
            None,
        )
    if kind == "DateField":
        return f"""'"' || to_char({column}, 'YYYY-MM-DD') || '"'""", None
    return None


# Values PostgreSQL stores exactly as Python gives them (a decimal is rounded to its column's scale, a
# naive time read in the server's zone: neither is taken as a constant).
_EXACT = (str, bool, int, float, uuid.UUID, dt.date)


def _constant(value) -> str | None:
    """The text ``rows.py`` writes for a value every row has (None: left out, empty), as a SQL literal
    (its % doubled: the expression goes into statements with parameters)."""
    if value is None or value == "":
        return None
    text = json.dumps(_TEXT[type(value)](value), ensure_ascii=False)
    return "'" + text.replace("'", "''").replace("%", "%%") + "'"


def _is_constant(field, constants: dict) -> bool:
    if field.attname not in constants or isinstance(field, GeometryField):
        return False
    value = constants[field.attname]
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return False
    return value is None or (type(value) in _TEXT and isinstance(value, _EXACT))


def row_hash_sql(model, alias: str, constants: dict | None = None) -> str | None:
    """SQL (PostgreSQL) of the row's hash as rows.py computes it, from the columns of the row named
    ``alias``: NULL where Python must hash it; None when the model has a column this cannot write.
    Run it with ``extra_float_digits`` >= 1 (``float_text_setting``). ``constants``: values (by
    attribute name) that every row written has, as given to the database: their text is written here
    by rows.py's own rules, once, instead of by PostgreSQL for each row (an import's three times took
    a third of the hash's time)."""
    if connection.vendor != "postgresql":
        return None
    quote = connection.ops.quote_name
    skipped = _SKIPPED | _SKIPPED_IN.get(model._meta.label_lower, set())
    fields = sorted(
        (f for f in model._meta.concrete_fields if f.attname not in skipped), key=lambda f: f.attname
    )
    parts, conditions = [], []
    for field in fields:
        if constants and _is_constant(field, constants):
            text = _constant(constants[field.attname])
            if text is not None:
                parts.append(f"""'"{field.attname}":' || {text}""")
            continue
        column = f"{alias}.{quote(field.column)}"
        written = _value(field, column)
        if written is None:
            return None
        value, condition = written
        # Empty values (NULL and '') are left out of the text (rows._hashes).
        empty = f"{column} IS NULL" + (
            " OR " + f"{column} = ''" if _target(field).get_internal_type() in _TEXTS else ""
        )
        parts.append(f"""CASE WHEN {empty} THEN NULL ELSE '"{field.attname}":' || {value} END""")
        if condition:
            conditions.append(f"({column} IS NULL OR {condition})")
    pk = f"{alias}.{quote(model._meta.pk.column)}"
    text = (
        f"""'{{"fields":{{' || concat_ws(',', {", ".join(parts)}) || '}},"id":' """
        f"""|| to_json({pk}::text)::text || ',"table":"{model._meta.label_lower}"}}'"""
    )
    digest = f"encode(sha256(convert_to({text}, 'UTF8')), 'hex')"
    if not conditions:
        return digest
    return f"CASE WHEN {' AND '.join(conditions)} THEN {digest} END"


def float_text_setting(cursor) -> None:
    """Floats written with their shortest round-trip digits (PostgreSQL's default; a server or session
    may have set less), for the rest of the transaction."""
    cursor.execute("SET LOCAL extra_float_digits = 1")
