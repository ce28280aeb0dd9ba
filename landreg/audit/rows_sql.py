"""A register row's hash computed by PostgreSQL, byte for byte the one ``rows.py`` computes in Python.

A bulk write (an import's 100,000 parcels) spent most of its time reading its rows back into Python to hash
them (~100 µs a row). Here the same canonical text is built in SQL from the row's columns and hashed with
``sha256()``, in the statement that writes the rows. ``rows.py`` stays the definition: every rule below
mirrors one of its rules, and ``tests/audit/test_row_hash_sql.py`` compares the two on awkward values.

Where PostgreSQL cannot write a value as Python does, the expression gives NULL and the caller hashes that
row in Python (``rows.row_hashes``): floats outside [1e-4, 1e15) (PostgreSQL switches to exponent notation
at 1e15, Python's repr at 1e16). Models with a column type not handled here (JSON) get no expression.
"""

from django.contrib.gis.db.models import GeometryField
from django.db import connection

from landreg.audit.rows import _SKIPPED, _SKIPPED_IN

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


def row_hash_sql(model, alias: str) -> str | None:
    """SQL (PostgreSQL) of the row's hash as rows.py computes it, from the columns of the row named
    ``alias``: NULL where Python must hash it; None when the model has a column this cannot write.
    Run it with ``extra_float_digits`` >= 1 (``float_text_setting``)."""
    if connection.vendor != "postgresql":
        return None
    quote = connection.ops.quote_name
    skipped = _SKIPPED | _SKIPPED_IN.get(model._meta.label_lower, set())
    fields = sorted(
        (f for f in model._meta.concrete_fields if f.attname not in skipped), key=lambda f: f.attname
    )
    parts, conditions = [], []
    for field in fields:
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
