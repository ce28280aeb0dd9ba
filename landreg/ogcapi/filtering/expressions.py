"""CQL2 arithmetic (+, -, *, /, %, div, ^) and LIKE against a property's value, as Django expressions that say
the same on SQLite and PostgreSQL.

Every operand is read as a double: an integer property's ``version * 2**53`` would overflow PostgreSQL's
integer (an error) where SQLite turns it into a real, and ``/`` divides integers by truncating in both. A
division by zero is null (unknown: the row does not match) on both, where PostgreSQL would stop the
statement: the divisor goes through NULLIF. ``div`` and ``%`` truncate towards zero, the sign of ``%`` that
of the dividend (as SQL's MOD), written with the four operations, FLOOR, ABS and SIGN that both databases
have. ``^`` is null where its result is not a real number (a negative base to a fractional power, zero to a
negative one); a result too large for a double is an error on PostgreSQL (the view answers 400), infinity
on SQLite.
"""

import math
import re

from django.db.backends.signals import connection_created
from django.db.models import BooleanField, F, FloatField, Func, Value
from django.db.models.functions import Abs, Cast, Floor, NullIf, Sign
from django.utils.translation import gettext as _

from landreg.ogcapi.selectors import BadQuery
from landreg.parcels import geojson


def number(operand):
    """A property (an F) or a number as a double."""
    if isinstance(operand, F):
        # A double already (an area, rounded as shown: one function deep, where a cast around it took SQLite's
        # parser past its depth on a filter of MAX_EXPRESSIONS operations).
        return operand if getattr(operand, "kind", None) == "float" else Cast(operand, FloatField())
    return Value(float(operand), output_field=FloatField())


def _truncated(quotient):
    return Sign(quotient) * Floor(Abs(quotient))


def arithmetic(op: str, lhs, rhs):
    """``lhs op rhs``: ``op`` one of CQL2's + - * / % div ^; the operands as ``number`` gives them."""
    if op == "+":
        return lhs + rhs
    if op == "-":
        return lhs - rhs
    if op == "*":
        return lhs * rhs
    if op == "^":
        return Power(lhs, rhs)
    quotient = lhs / NullIf(rhs, Value(0.0))
    if op == "/":
        return quotient
    if op == "div":
        return _truncated(quotient)
    if op == "%":
        return lhs - rhs * _truncated(quotient)
    raise BadQuery(op)


class Power(Func):
    """``lhs ^ rhs``, null where the result is not a real number."""

    arity = 2
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="landreg_power", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        (base, b), (exponent, e) = (compiler.compile(x) for x in self.get_source_expressions())
        sql = (
            f"CASE WHEN ({base}) < 0 AND ({exponent}) <> floor({exponent})"
            f" OR ({base}) = 0 AND ({exponent}) < 0 THEN NULL ELSE power({base}, {exponent}) END"
        )
        return sql, (*b, *e, *e, *b, *e, *b, *e)


def power(base: float | None, exponent: float | None) -> float | None:
    """SQLite's ``landreg_power``: Python's power, null where it has no real value."""
    if base is None or exponent is None:
        return None
    if (base < 0 and exponent != math.floor(exponent)) or (base == 0 and exponent < 0):
        return None
    try:
        return math.pow(base, exponent)
    except OverflowError:
        return math.inf


class RoundedArea(Func):
    """An area as the features show it, to the square centimetre (``geojson.rounded_area``: PostgreSQL's
    numeric round, halves away from zero, and the same function in Python on SQLite), so that a filter on
    ``area_m2`` compares the value the client read."""

    arity = 1
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="landreg_rounded_area", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template=geojson.ROUNDED_SQL.format("(%(expressions)s)"), **extra
        )


class Like(Func):
    """``value LIKE pattern`` where the pattern is a property's value (CQL2's property-property comparisons):
    CQL2's LIKE is SQL's, ``%`` and ``_`` with the backslash as escape character, which is PostgreSQL's LIKE
    as it is; SQLite's LIKE ignores case, so there the pattern becomes the regular expression the filter's
    literal patterns become (``like_regex``), in Python. A pattern ending with its escape character
    matches nothing on SQLite and is an error on PostgreSQL (the view answers 400)."""

    arity = 2
    output_field = BooleanField()
    conditional = True

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="landreg_like", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" LIKE ", **extra)


def like_regex(pattern: str) -> str:
    """A CQL2 LIKE pattern as a regular expression both databases read alike: ``%`` any characters, ``_`` one,
    ``\\`` escaping the next; every other character literal (backslash-escaped unless a letter, digit or
    space: a backslash before a non-alphanumeric character is that character in Python's and PostgreSQL's
    syntax alike)."""
    out, escaped = ["^"], False
    for char in pattern:
        if escaped or char not in "%_\\":
            out.append(char if char.isalnum() or char == " " else "\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        else:
            out.append("(.|\\n)*" if char == "%" else "(.|\\n)")
    if escaped:
        raise BadQuery(_("filter: a LIKE pattern ends with its escape character."))
    return "".join(out) + "$"


def like(value: str | None, pattern: str | None) -> bool | None:
    if value is None or pattern is None:
        return None
    try:
        return re.fullmatch(like_regex(pattern), value) is not None
    except BadQuery:  # a pattern ending with its escape character
        return None


def _register_on_sqlite(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("landreg_power", 2, power, deterministic=True)
        connection.connection.create_function("landreg_like", 2, like, deterministic=True)
        connection.connection.create_function(
            "landreg_rounded_area", 1, geojson.rounded_area, deterministic=True
        )


connection_created.connect(_register_on_sqlite, dispatch_uid="landreg_cql2_expressions_on_sqlite")
