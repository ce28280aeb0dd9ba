"""CQL2's temporal functions (conformance class temporal-functions): T_AFTER(a, b) and the fourteen others,
each a condition on the start and the end of its two operands.

An operand is an instant (a timestamp property, TIMESTAMP('…'), DATE('…')), its start and end the same moment,
or an interval (INTERVAL(start, end)), closed at both ends as CQL2 defines it (ISO 8601), an end '..' being
unbounded. Each end of an INTERVAL may be a date or timestamp string, '..' or a timestamp property; a property
without a value there is an unbounded end: ``INTERVAL(begin_lifespan, end_lifespan)`` is a parcel's lifespan,
whose end is empty while the parcel is in force. A timestamp property alone is an instant, and where it is
empty the function is unknown (the parcel does not match), as a comparison with it is.

CQL2 (OGC 21-065r2, "Temporal Functions") defines T_AFTER, T_BEFORE, T_DISJOINT, T_EQUALS and T_INTERSECTS on
instants and intervals alike, and the ten others on intervals only, by reference to OWL-Time's relations
(its table links T_STARTS and T_STARTEDBY the wrong way round: each is read as its name says, as OWL-Time's
intervalStarts and intervalStartedBy). A date is read as its first moment in UTC, as ``?datetime=`` reads it,
and every timestamp in UTC (``selectors.rfc3339_instant``).

An unbounded end is the earliest or latest moment a datetime holds, the same on both databases, so that the
functions are plain comparisons either side computes: two literals are compared here, a property with a
literal or another property in the database (the property alone as it is, so its index serves).
"""

import dataclasses
import operator
from datetime import UTC, datetime

from django.db.models import DateTimeField, F, Q, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, GreaterThan, GreaterThanOrEqual, LessThan, LessThanOrEqual

EARLIEST = datetime(1, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)

_ALWAYS, _NEVER = Q(pk__isnull=False), Q(pk__isnull=True)


@dataclasses.dataclass(frozen=True)
class Period:
    """An operand of a temporal function: its start and end, each a moment in UTC or an expression over the
    row; ``interval`` tells an INTERVAL from an instant (the functions on intervals only refuse instants)."""

    start: object
    end: object
    interval: bool
    label: str


def instant(value: datetime, label: str) -> Period:
    return Period(value, value, interval=False, label=label)


def instant_property(path: str, label: str) -> Period:
    return Period(F(path), F(path), interval=False, label=label)


def interval_end(path: str, *, start: bool):
    """A property as the start (or end) of an INTERVAL: where it is empty, the interval is unbounded there."""
    return Coalesce(F(path), Value(EARLIEST if start else LATEST, output_field=DateTimeField()))


# Each function as the comparisons of (first operand's end, operator, second operand's end) that all hold.
def _after(a, b):
    return [(a.start, ">", b.end)]


def _before(a, b):
    return [(a.end, "<", b.start)]


def _equals(a, b):
    return [(a.start, "=", b.start), (a.end, "=", b.end)]


def _intersects(a, b):
    return [(a.start, "<=", b.end), (a.end, ">=", b.start)]


_INSTANTS_OR_INTERVALS = {
    "t_after": _after,
    "t_before": _before,
    "t_equals": _equals,
    "t_intersects": _intersects,
    "t_disjoint": None,  # before or after: the one function whose comparisons are alternatives
}
_INTERVALS_ONLY = {
    "t_contains": lambda a, b: [(a.start, "<", b.start), (a.end, ">", b.end)],
    "t_during": lambda a, b: [(a.start, ">", b.start), (a.end, "<", b.end)],
    "t_finishedby": lambda a, b: [(a.start, "<", b.start), (a.end, "=", b.end)],
    "t_finishes": lambda a, b: [(a.start, ">", b.start), (a.end, "=", b.end)],
    "t_meets": lambda a, b: [(a.end, "=", b.start)],
    "t_metby": lambda a, b: [(a.start, "=", b.end)],
    "t_overlappedby": lambda a, b: [(a.start, ">", b.start), (a.start, "<", b.end), (a.end, ">", b.end)],
    "t_overlaps": lambda a, b: [(a.start, "<", b.start), (a.end, ">", b.start), (a.end, "<", b.end)],
    "t_startedby": lambda a, b: [(a.start, "=", b.start), (a.end, ">", b.end)],
    "t_starts": lambda a, b: [(a.start, "=", b.start), (a.end, "<", b.end)],
}
FUNCTIONS = (*_INSTANTS_OR_INTERVALS, *_INTERVALS_ONLY)


def intervals_only(name: str) -> bool:
    return name in _INTERVALS_ONLY


_LOOKUPS = {"<": LessThan, "<=": LessThanOrEqual, "=": Exact, ">": GreaterThan, ">=": GreaterThanOrEqual}
_PYTHON = {"<": operator.lt, "<=": operator.le, "=": operator.eq, ">": operator.gt, ">=": operator.ge}
_SWAPPED = {"<": ">", "<=": ">=", "=": "=", ">": "<", ">=": "<="}


def _compared(lhs, op: str, rhs) -> Q | bool:
    if isinstance(lhs, datetime) and isinstance(rhs, datetime):
        return _PYTHON[op](lhs, rhs)
    if isinstance(lhs, datetime):
        lhs, op, rhs = rhs, _SWAPPED[op], lhs
    if isinstance(rhs, datetime):
        rhs = Value(rhs, output_field=DateTimeField())
    return Q(_LOOKUPS[op](lhs, rhs))


def _all(parts) -> Q:
    if any(part is False for part in parts):
        return _NEVER
    q = _ALWAYS
    for part in parts:
        if part is not True:
            q = part if q is _ALWAYS else q & part
    return q


def _any(parts) -> Q:
    if any(part is True for part in parts):
        return _ALWAYS
    q = _NEVER
    for part in parts:
        if part is not False:
            q = part if q is _NEVER else q | part
    return q


def relation(name: str, a: Period, b: Period) -> Q:
    """``name(a, b)``: the condition on the rows. The caller has checked that ``name`` is one of FUNCTIONS
    and, for those on intervals only, that both operands are intervals."""
    if name == "t_disjoint":
        return _any([_compared(*c) for c in _before(a, b) + _after(a, b)])
    definition = _INSTANTS_OR_INTERVALS.get(name) or _INTERVALS_ONLY[name]
    return _all([_compared(*c) for c in definition(a, b)])
