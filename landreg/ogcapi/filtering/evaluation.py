"""OGC API - Features Part 3: ``?filter=`` in CQL2 (text or JSON) on the parcels, among their queryables.

pygeofilter parses both encodings into one syntax tree, and its Django backend turns the tree into a ``Q``
(``to_q``) on top of the query the selectors already scoped: a filter narrows what the caller may see, never
widens it. Where the backend does not fit the registry, its handlers are replaced here, each for a reason:

- a property is one of the queryables (``queryables``) or a 400: the backend would read any field by its
  name, the parties' included, through a relation;
- the accuracy and the local name, shown only on the parcels of the caller's villages, are read through
  ``CASE WHEN village IN (scope) THEN ... END``: on any other parcel they are null to the filter as they are
  absent from its feature, so no answer depends on a value the caller may not see;
- each literal is checked against the property's type (``area_m2 = 'x'`` was a database error, a 500);
- the areas are compared as the features show them, to the square centimetre (``area_m2 = 3281.27`` matched
  nothing where the feature read 3281.27 and the column held 3281.2744...), through an alias; against a
  number, a range on the column, a little wider, comes with it so that its index still serves;
- NOT is SQL's NOT: Django's negation also matches the rows where the property is null, CQL2's does not;
- LIKE follows CQL2 (``%``, ``_``, ``\\`` escapes) and is case-sensitive on both databases (a regular
  expression: SQLite's LIKE ignores case, and the backend read ``.`` as the one-character wildcard);
- geometries are in ``filter-crs`` (CRS84 by default; EPSG:4326 latitude first) and placed on the earth
  before they reach the database (a NaN or 1e308 coordinate is refused, as bbox's are).

The filter's text is parsed by ``parsing`` (pygeofilter's grammar, amended where it departs from CQL2's).

CASEI and ACCENTI (CQL2's case- and accent-insensitive comparisons) fold a string here and a text property in
the database with one table (``folds``), and arithmetic (+ - * / % div ^, ``expressions``) computes numbers
alike on both databases; each expression over the properties is read through an alias of its own, so every
operator takes it as it takes a property. Either side of a comparison may be a property, an expression or a
value (CQL2's property-property comparisons): two properties of one type compare in the database, two values
here (a condition every row meets, or none).

TIMESTAMP, DATE and INTERVAL are read here from the text the filter gives (RFC 3339, in UTC, as ``?datetime=``
reads it), and CQL2's fifteen temporal functions become comparisons of their operands' ends (``temporal``).
"""

import functools
import json
import math
import operator
import re
from datetime import UTC, date, datetime

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.db import connection
from django.db.models import BooleanField, Case, ExpressionWrapper, F, Func, Q, Value, When
from django.utils.translation import gettext as _
from pygeofilter import ast, values
from pygeofilter.backends.django.evaluate import DjangoFilterEvaluator
from pygeofilter.backends.evaluator import handle
from pygeofilter.parsers.cql2_json.parser import walk_cql_json

from landreg.disputes.cases.freeze import frozen_parcels_q
from landreg.ogcapi.features import AREAS, parcel_key
from landreg.ogcapi.filtering import expressions, folds, temporal
from landreg.ogcapi.filtering.expressions import like_regex
from landreg.ogcapi.filtering.parameters import parameter_conditions
from landreg.ogcapi.filtering.parsing import json_functions, parse
from landreg.ogcapi.filtering.queryables import (
    LARGEST,
    NUMBERS,
    SCOPED_NAMES,
    TOO_LARGE,
    expected,
    queryables,
)
from landreg.ogcapi.selectors import BadQuery, rfc3339_instant
from landreg.parcels.geojson import AREA_DECIMALS
from landreg.parcels.topology import InSpatialIndex

# --- From the syntax tree to a Q --------------------------------------------------------------------------


class _Property(F):
    """A queryable as the filter reads it: the lookup path (or alias) and its kind."""

    def __init__(self, name: str, queryable: str, kind: str):
        super().__init__(name)
        self.queryable, self.kind = queryable, kind


class _Not(Func):
    """SQL's NOT: unknown (a null property) stays unknown and matches nothing, as CQL2 wants; ``~Q`` adds
    ``OR column IS NULL``."""

    template = "NOT (%(expressions)s)"
    output_field = BooleanField()
    conditional = True


def _not(q: Q) -> Q:
    return Q(_Not(ExpressionWrapper(q, output_field=BooleanField())))


_COMPARISONS = {"=": "exact", "<": "lt", "<=": "lte", ">": "gt", ">=": "gte"}
_SWAPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "<>": "<>"}
_SPATIAL = {
    "INTERSECTS": "intersects",
    "DISJOINT": "disjoint",
    "CONTAINS": "contains",
    "WITHIN": "within",
    "TOUCHES": "touches",
    "CROSSES": "crosses",
    "OVERLAPS": "overlaps",
    "EQUALS": "equals",
}
_SPATIAL_SWAPPED = {"contains": "within", "within": "contains"}
# CQL2's arithmetic operators pygeofilter 0.4 does not know, read as these functions (_Transformer).
_ARITHMETIC_FUNCTIONS = {"mod": "%", "div": "div", "power": "^"}
# Each expression is an alias the next may read: 300 nested CASEI took the ORM's compiler past Python's
# recursion limit (a 500). A filter a person or a GIS writes has a few.
MAX_EXPRESSIONS = 20
# An area is shown to 10^-AREA_DECIMALS m² (geojson.rounded_area).
_AREA_STEP = 10.0**-AREA_DECIMALS


# A condition every row meets, or none: two values compared are known before the database reads a row.
_ALWAYS, _NEVER = Q(pk__isnull=False), Q(pk__isnull=True)
_OPERATORS = {
    "=": operator.eq,
    "<>": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _kind(value) -> str | None:
    """The kind of a literal ("number", "text", ...), None for anything a filter does not compare."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number" if math.isfinite(value) and abs(value) <= LARGEST else None
    if isinstance(value, str):
        return "text" if "\x00" not in value else None  # PostgreSQL refuses NUL
    if isinstance(value, date):  # a datetime too
        return "timestamp"
    if isinstance(value, GEOSGeometry):
        return "geometry"
    return None


def _kind_of(operand) -> str | None:
    """A property's (or an expression's) kind, or a literal's."""
    return operand.kind if isinstance(operand, _Property) else _kind(operand)


def _group(kind: str | None) -> str | None:
    return "number" if kind in NUMBERS else kind


def _utc(value: date) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def _label(operand) -> str:
    return operand.queryable if isinstance(operand, F) else str(operand)


def _quoted(operand) -> str:
    """An argument as the filter wrote it, near enough for a message: a string in quotes."""
    if isinstance(operand, str):
        return "'" + operand[:80] + "'"
    if isinstance(operand, temporal.Period):
        return operand.label
    if isinstance(operand, datetime):
        return operand.isoformat().replace("+00:00", "Z")
    return _label(operand)[:80] if isinstance(operand, F | int | float) else type(operand).__name__


def _constant(lhs, op: str, rhs) -> Q:
    """Two values compared: known here."""
    kind = _group(_kind(lhs))
    boolean_order = kind == "boolean" and op not in ("=", "<>")
    if kind in (None, "geometry") or kind != _group(_kind(rhs)) or boolean_order:
        raise BadQuery(
            _("filter: %(lhs)s and %(rhs)s cannot be compared.") % {"lhs": _label(lhs), "rhs": _label(rhs)}
        )
    if kind == "timestamp":
        lhs, rhs = _utc(lhs), _utc(rhs)
    return _ALWAYS if _OPERATORS[op](lhs, rhs) else _NEVER


class _ToQ(DjangoFilterEvaluator):
    def __init__(self, allowed: dict, crs, json_bbox: bool):
        super().__init__({}, None)
        self.allowed, self.crs, self.json_bbox = allowed, crs, json_bbox
        self.used: set[str] = set()
        # Expressions over the properties (CASEI, ACCENTI), each read through an alias of its own (to_q).
        self.expressions: dict = {}

    def adopt(self, node, *sub_args):
        # A node without a handler: an unknown function, INCLUDE, RELATE, a draft's temporal operator...
        name = getattr(node, "name", None) or getattr(getattr(node, "op", None), "value", None)
        name = name or type(node).__name__
        raise BadQuery(_("filter: %(name)s is not supported here.") % {"name": name})

    # Properties and literals

    @handle(ast.Attribute)
    def attribute(self, node):
        if node.name not in self.allowed:
            raise BadQuery(
                _("filter: unknown property %(name)s; the queryables are: %(list)s.")
                % {"name": node.name, "list": ", ".join(self.allowed)}
            )
        source, kind = self.allowed[node.name]
        self.used.add(node.name)
        # The scoped properties and the dispute flag are read through their aliases (to_q), never the column.
        aliased = source is None or node.name in SCOPED_NAMES or node.name in AREAS
        path = f"cql_{node.name}" if aliased else source
        return _Property(path, node.name, kind)

    @handle(*values.LITERALS)
    def literal(self, node):
        return node

    def _derived(self, expression, label: str, kind: str) -> _Property:
        """An expression over the properties, compared as a property of ``kind`` named ``label``."""
        if len(self.expressions) >= MAX_EXPRESSIONS:
            raise BadQuery(
                _("filter: at most %(count)d functions and operations.") % {"count": MAX_EXPRESSIONS}
            )
        alias = f"cql_expression_{len(self.expressions)}"
        self.expressions[alias] = expression
        return _Property(alias, label, kind)

    def _folded(self, name: str, arguments) -> str | _Property:
        """CASEI or ACCENTI (``folds``) of a string, folded here, or of a text property, folded by the
        database with the same table."""
        label, fold, folded = {
            "lower": ("CASEI", folds.casei, folds.CaseFolded),
            "accenti": ("ACCENTI", folds.accenti, folds.AccentFolded),
        }[name]
        [argument] = arguments if len(arguments) == 1 else [None]
        if isinstance(argument, str) and "\x00" not in argument:
            return fold(argument)
        if isinstance(argument, _Property) and argument.kind == "text":
            return self._derived(folded(argument), f"{label}({argument.queryable})", "text")
        raise BadQuery(_("filter: %(name)s takes a text property or a string.") % {"name": label})

    @handle(ast.Arithmetic, subclasses=True)
    def arithmetic(self, node, lhs, rhs):
        return self._computed(node.op.value, lhs, rhs)

    def _computed(self, op: str, lhs, rhs) -> _Property:
        """``lhs op rhs`` (CQL2's arithmetic) over numeric properties and numbers, computed by the database
        (``expressions``) and compared as a number."""
        for operand in (lhs, rhs):
            if _group(_kind_of(operand)) != "number":
                raise BadQuery(_("filter: arithmetic takes numeric properties and numbers."))
        expression = expressions.arithmetic(op, expressions.number(lhs), expressions.number(rhs))
        return self._derived(expression, f"({_label(lhs)} {op} {_label(rhs)})", "float")

    def _value(self, prop: _Property, value):
        """``value`` as ``prop`` holds it, or a 400 saying what was expected."""
        kind, given = prop.kind, _kind(value)
        if given == kind or (given == "number" and kind in NUMBERS):
            return _utc(value) if given == "timestamp" else value
        if given is None and isinstance(value, int | float) and not isinstance(value, bool):
            raise BadQuery(TOO_LARGE % {"name": "filter", "value": f"{value:g}"})
        raise BadQuery(
            _("filter: %(name)s is compared with %(expected)s.")
            % {"name": prop.queryable, "expected": expected(kind)}
        )

    # Predicates

    @handle(ast.Not)
    def not_(self, node, sub):
        return _not(sub)

    @handle(ast.Comparison, subclasses=True)
    def comparison(self, node, lhs, rhs):
        return self._compare(lhs, node.op.value, rhs)

    def _compare(self, lhs, op: str, rhs) -> Q:
        """``lhs op rhs``, each a property (or an expression over the properties) or a value (CQL2's
        property-property comparisons: any of the four)."""
        if not isinstance(lhs, _Property):
            if not isinstance(rhs, _Property):
                return _constant(lhs, op, rhs)
            lhs, rhs, op = rhs, lhs, _SWAPPED[op]
        if isinstance(rhs, _Property):
            if _group(rhs.kind) != _group(lhs.kind) or lhs.kind == "geometry":
                raise BadQuery(
                    _("filter: %(lhs)s and %(rhs)s cannot be compared.")
                    % {"lhs": lhs.queryable, "rhs": rhs.queryable}
                )
            value = F(rhs.name)
        else:
            value = self._value(lhs, rhs)
        if lhs.kind == "boolean" and op not in ("=", "<>"):
            raise BadQuery(_("filter: %(name)s is compared with = or <> only.") % {"name": lhs.queryable})
        if op == "<>":
            return _not(Q(**{lhs.name: value}))
        return Q(**{f"{lhs.name}__{_COMPARISONS[op]}": value}) & self._near_column(lhs, op, value)

    def _near_column(self, prop: _Property, op: str, value) -> Q:
        """For a rounded area against a number, the same condition on the stored column, widened by more
        than the rounding (half a square centimetre): it selects no fewer rows, and lets the index serve."""
        if prop.queryable not in AREAS or isinstance(value, F):
            return Q()
        column, margin = self.allowed[prop.queryable][0], 2 * _AREA_STEP
        if op == "=":
            return Q(**{f"{column}__range": (value - margin, value + margin)})
        if op in ("<", "<="):
            return Q(**{f"{column}__lte": value + margin})
        return Q(**{f"{column}__gte": value - margin})  # > and >=

    @handle(ast.Between)
    def between(self, node, lhs, low, high):
        for operand in (lhs, low, high):
            if _group(_kind_of(operand)) not in ("number", "timestamp"):
                raise BadQuery(_("filter: BETWEEN compares numbers or times."))
        if isinstance(lhs, _Property) and not isinstance(low, _Property) and not isinstance(high, _Property):
            low, high = self._value(lhs, low), self._value(lhs, high)
            q = Q(**{f"{lhs.name}__range": (low, high)})
            q &= self._near_column(lhs, ">=", low) & self._near_column(lhs, "<=", high)
        else:
            q = self._compare(lhs, ">=", low) & self._compare(lhs, "<=", high)
        return _not(q) if node.not_ else q

    @handle(ast.Like)
    def like(self, node, lhs):
        pattern = node.pattern
        if isinstance(pattern, dict):  # cql2-json: pygeofilter leaves it as it came, e.g. CASEI('k%')
            pattern = walk_cql_json(json_functions(pattern))
        if isinstance(pattern, ast.Node):  # CASEI('k%'), a property
            pattern = self.evaluate(pattern)
        for operand in (lhs, pattern):
            if _kind_of(operand) != "text":
                raise BadQuery(_("filter: LIKE compares a text property with a pattern."))
        if isinstance(pattern, _Property):
            text = F(lhs.name) if isinstance(lhs, _Property) else Value(lhs)
            q = Q(expressions.Like(text, F(pattern.name)))
        elif isinstance(lhs, _Property):
            q = Q(**{f"{lhs.name}__regex": like_regex(pattern)})
        else:
            q = _ALWAYS if re.fullmatch(like_regex(pattern), lhs) else _NEVER
        return _not(q) if node.not_ else q

    @handle(ast.In)
    def in_(self, node, lhs, *options):
        if isinstance(lhs, _Property) and not any(isinstance(o, _Property) for o in options):
            q = Q(**{f"{lhs.name}__in": [self._value(lhs, o) for o in options]})
        else:
            q = functools.reduce(operator.or_, (self._compare(lhs, "=", o) for o in options))
        return _not(q) if node.not_ else q

    @handle(ast.IsNull)
    def null(self, node, lhs):
        if isinstance(lhs, _Property):
            return Q(**{f"{lhs.name}__isnull": not node.not_})
        if _kind(lhs) is None:
            raise BadQuery(_("filter: IS NULL applies to a property."))
        return _ALWAYS if node.not_ else _NEVER  # a value is never null

    @handle(ast.SpatialComparisonPredicate, subclasses=True)
    def spatial_operation(self, node, lhs, rhs):
        lookup = _SPATIAL[node.op.name]
        if not isinstance(lhs, _Property):
            lhs, rhs, lookup = rhs, lhs, _SPATIAL_SWAPPED.get(lookup, lookup)
        for operand in (lhs, rhs):
            if _kind_of(operand) != "geometry":
                raise BadQuery(_("filter: a spatial function compares two geometries."))
        if not isinstance(lhs, _Property):  # two literals
            return _ALWAYS if getattr(lhs, lookup)(rhs) else _NEVER
        if isinstance(rhs, _Property):
            return Q(**{f"{lhs.name}__{lookup}": F(rhs.name)})
        q = Q(**{f"{lhs.name}__{lookup}": rhs})
        if lookup != "disjoint" and connection.vendor == "sqlite":
            # Each function but S_DISJOINT holds only where the boundary's box meets the literal's: SQLite
            # finds those rows in the R*Tree first, as bbox does (Django's SpatiaLite lookups never read it,
            # and tested every parcel's geometry). PostGIS's ST_ functions use the GiST index themselves.
            q = Q(InSpatialIndex(F(lhs.name), rhs)) & q
        return q

    # Geometry literals, in filter-crs

    @handle(values.Geometry)
    def geometry(self, node):
        return self._placed(node.__geo_interface__)

    @handle(values.Envelope)
    def envelope(self, node):
        if not self.json_bbox:  # ENVELOPE(...) of the text grammar is ECQL, not CQL2: BBOX(...) is
            return self.adopt(node)
        # cql2-json's {"bbox": [minx, miny, maxx, maxy]}: pygeofilter puts them in x1, x2, y1, y2, in order.
        return self._box([node.x1, node.x2, node.y1, node.y2])

    @handle(ast.Function)
    def function(self, node, *arguments):
        name = node.name.lower()
        if name in ("timestamp", "date"):  # TIMESTAMP('…') and DATE('…') (parsing reads them as calls)
            return self._instant(name, arguments)
        if name == "interval":
            return self._interval(arguments)
        if name in temporal.FUNCTIONS:
            return self._temporal(name, arguments)
        if name in ("lower", "accenti"):  # CASEI (pygeofilter reads it as lower) and ACCENTI
            return self._folded(name, arguments)
        if name in _ARITHMETIC_FUNCTIONS and len(arguments) == 2:  # %, div and ^ (_Transformer)
            return self._computed(_ARITHMETIC_FUNCTIONS[name], *arguments)
        # CQL2 text's BBOX(minx, miny, maxx, maxy): pygeofilter reads it as a function call.
        numbers = all(isinstance(a, int | float) and not isinstance(a, bool) for a in arguments)
        if node.name.lower() == "bbox" and len(arguments) in (4, 6) and numbers:
            return self._box(list(arguments))
        return self.adopt(node)

    # Time: TIMESTAMP, DATE and INTERVAL, and the temporal functions (``temporal``)

    def _instant(self, name: str, arguments) -> datetime:
        """TIMESTAMP('…') (RFC 3339, with its time zone) or DATE('…') as a moment in UTC (a date: its
        first)."""
        [text] = arguments if len(arguments) == 1 else [None]
        moment = None
        if isinstance(text, str):
            moment = rfc3339_instant(text, dates=name == "date", times=name == "timestamp")
        if moment is not None:
            return moment
        written = f"{name.upper()}({_quoted(text)})"
        if name == "date":
            raise BadQuery(
                _("filter: %(literal)s is not a date, e.g. DATE('2024-01-31').") % {"literal": written}
            )
        raise BadQuery(
            _(
                "filter: %(literal)s is not an RFC 3339 timestamp with its time zone, "
                "e.g. TIMESTAMP('2024-01-31T08:00:00Z') or TIMESTAMP('2024-01-31T08:00:00+01:00')."
            )
            % {"literal": written}
        )

    def _interval(self, arguments) -> temporal.Period:
        """INTERVAL(start, end): each end a date or timestamp string, '..' (unbounded) or a time property (an
        unbounded end where it is empty)."""
        if len(arguments) != 2:
            raise BadQuery(
                _("filter: an INTERVAL has a start and an end, e.g. INTERVAL('2024-01-01', '..').")
            )
        label = f"INTERVAL({', '.join(_quoted(a) for a in arguments)})"
        start, end = (self._interval_end(a, start=k == 0) for k, a in enumerate(arguments))
        if isinstance(start, datetime) and isinstance(end, datetime) and start > end:
            raise BadQuery(
                _("filter: the interval %(interval)s ends before it begins.") % {"interval": label}
            )
        return temporal.Period(start, end, interval=True, label=label)

    def _interval_end(self, value, *, start: bool):
        if isinstance(value, _Property):
            if value.kind == "timestamp":
                return temporal.interval_end(value.name, start=start)
        elif isinstance(value, str):
            moment = temporal.EARLIEST if start else temporal.LATEST
            moment = moment if value == ".." else rfc3339_instant(value)
            if moment is not None:
                return moment
        elif isinstance(value, datetime):  # TIMESTAMP('…') or DATE('…') written inside
            return value
        raise BadQuery(
            _(
                "filter: an INTERVAL's ends are dates, timestamps with their time zone, '..' or time "
                "properties, not %(value)s."
            )
            % {"value": _quoted(value)}
        )

    def _temporal(self, name: str, arguments) -> Q:
        """T_AFTER(a, b) and the fourteen others."""
        function = name.upper()
        if len(arguments) != 2:
            raise BadQuery(_("filter: %(function)s takes two arguments.") % {"function": function})
        periods = [self._period(function, a) for a in arguments]
        if temporal.intervals_only(name):
            for period in periods:
                if not period.interval:
                    raise BadQuery(
                        _(
                            "filter: %(function)s compares two intervals, and %(operand)s is an instant: "
                            "write INTERVAL(start, end)."
                        )
                        % {"function": function, "operand": period.label}
                    )
        return temporal.relation(name, *periods)

    def _period(self, function: str, operand) -> temporal.Period:
        if isinstance(operand, temporal.Period):
            return operand
        if isinstance(operand, _Property) and operand.kind == "timestamp":
            return temporal.instant_property(operand.name, operand.queryable)
        if not isinstance(operand, _Property) and _kind(operand) == "timestamp":
            return temporal.instant(_utc(operand), operand.isoformat())
        raise BadQuery(
            _(
                "filter: %(function)s compares instants and intervals (a time property, TIMESTAMP, DATE or "
                "INTERVAL), not %(operand)s."
            )
            % {"function": function, "operand": _quoted(operand)}
        )

    def _box(self, numbers: list):
        if len(numbers) == 6:  # 3D: heights dropped
            numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
        if len(numbers) != 4:
            raise BadQuery(_("filter: a BBOX is four numbers: minx, miny, maxx, maxy."))
        minx, miny, maxx, maxy = numbers
        ring = [[minx, miny], [maxx, miny], [maxx, maxy], [minx, maxy], [minx, miny]]
        return self._placed({"type": "Polygon", "coordinates": [ring]})

    def _placed(self, geo: dict) -> GEOSGeometry:
        if "crs" in geo:
            raise BadQuery(_("filter: give the geometries' CRS as filter-crs, not in the geometry."))
        coordinates = _coordinates(geo.get("coordinates"), self.crs.lat_first)
        numbers = _numbers(coordinates)
        if not numbers or not all(isinstance(n, int | float) and math.isfinite(n) for n in numbers):
            raise BadQuery(_("filter: a geometry's coordinates must be finite numbers."))
        if self.crs.srid == 4326:
            xs, ys = numbers[0::2], numbers[1::2]
            on_earth = all(-180 <= x <= 180 for x in xs) and all(-90 <= y <= 90 for y in ys)
        else:  # metres of a projected CRS, as bbox-crs takes them
            on_earth = max(map(abs, numbers)) <= 1e7
        if not on_earth:
            raise BadQuery(_("filter: a geometry is off the earth in %(crs)s.") % {"crs": self.crs.uri})
        try:
            geometry = GEOSGeometry(json.dumps({"type": geo.get("type"), "coordinates": coordinates}))
            geometry.srid = self.crs.srid
            if self.crs.srid != 4326:
                geometry.transform(4326)
            # A self-crossing ring could stop the database's spatial predicate (a TopologyException, a 500).
            valid = geometry.valid
        except (GEOSException, GDALException, ValueError, TypeError) as exc:
            raise BadQuery(_("filter: a geometry literal is not valid.")) from exc
        if not valid:
            raise BadQuery(_("filter: a geometry literal is not valid."))
        return geometry


def _coordinates(value, swap: bool):
    """The coordinates with each position's two first numbers swapped when ``swap`` (EPSG:4326 is latitude
    first), heights dropped (the parcels are flat)."""
    if isinstance(value, list | tuple) and value and not isinstance(value[0], list | tuple):
        if len(value) < 2:
            return list(value)
        x, y = value[0], value[1]
        return [y, x] if swap else [x, y]
    if isinstance(value, list | tuple):
        return [_coordinates(v, swap) for v in value]
    return value


def _numbers(coordinates) -> list:
    if isinstance(coordinates, list) and coordinates and not isinstance(coordinates[0], list):
        return coordinates if len(coordinates) == 2 else [None]
    if isinstance(coordinates, list):
        return [n for c in coordinates for n in _numbers(c)]
    return [None]


def to_q(tree, queryset, *, scope: set, crs, lang: str | None = None):
    """``queryset`` with the aliases the filter reads, and the filter as a Q on it."""
    allowed = queryables(scope)
    evaluator = _ToQ(allowed, crs, json_bbox=lang == "cql2-json")
    try:
        q = evaluator.evaluate(tree)
    except RecursionError as exc:
        raise BadQuery(_("filter is too deeply nested.")) from exc
    except BadQuery:
        raise
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, AssertionError) as exc:
        # A tree pygeofilter's JSON reader built from a shape CQL2 does not have, e.g. {"op": "in", "args":
        # [{"property": "number"}, 5]}.
        raise BadQuery(_("filter: %(name)s is not supported here.") % {"name": type(exc).__name__}) from exc
    if not isinstance(q, Q):  # a lone property or value, not a condition
        raise BadQuery(_("filter must be a condition, e.g. land_use = 'pasture'."))
    aliases = {}
    in_scope = sorted(scope)
    for name in evaluator.used:
        source, kind = allowed[name]
        if name == "dispute_pending":
            condition = frozen_parcels_q(parcel=parcel_key(queryset))
            aliases["cql_dispute_pending"] = ExpressionWrapper(condition, output_field=BooleanField())
        elif name in AREAS:
            aliases[f"cql_{name}"] = expressions.RoundedArea(F(source))
        elif name in SCOPED_NAMES:
            # Null to the filter outside the caller's villages, as absent from those parcels' features.
            aliases[f"cql_{name}"] = Case(When(village_id__in=in_scope, then=F(source)), default=None)
    aliases |= evaluator.expressions  # after the properties they read
    return (queryset.alias(**aliases) if aliases else queryset), q


def filtered(queryset, *, text: str | None, lang: str | None, scope: set, crs, parameters=None):
    """``queryset`` narrowed by the CQL2 filter ``text`` and the queryables given as query parameters (the
    request's GET), all of them at once (AND); a BadQuery (400) for anything it cannot apply."""
    conditions = [parse(text, lang)] if text else []
    conditions += parameter_conditions(parameters or {}, scope)
    if not conditions:
        return queryset
    tree = functools.reduce(ast.And, conditions)
    queryset, q = to_q(tree, queryset, scope=scope, crs=crs, lang=lang or "cql2-text")
    return queryset.filter(q)
