"""OGC API - Features Part 1: each queryable as a query parameter (``?land_use=cropland&area_srid=32630``).

Every queryable but the geometry may be a query parameter, and ``village``, the village's code, as the API
named it before the queryables. The scoped ones are declared for every caller (the API document is the same
for all): to a caller without villages they are a 400 that says why, as in a filter. Any other parameter is
ignored, as before (OGC 17-069r4 §7.15.2 lets a server accept parameters it does not declare; GDAL and
OWSLib add their own).
"""

import math
import re

from django.utils.translation import gettext as _
from pygeofilter import ast

from landreg.ogcapi.features import SCOPED
from landreg.ogcapi.filtering.queryables import (
    LARGEST,
    NUMBERS,
    PUBLIC_QUERYABLES,
    TOO_LARGE,
    expected,
    queryables,
)
from landreg.ogcapi.selectors import BadQuery, rfc3339_instant

PARAMETER_ALIASES = {"village": "village_code"}
PARAMETERS = {name: kind for name, _source, kind in (*PUBLIC_QUERYABLES, *SCOPED)} | {
    alias: "text" for alias in PARAMETER_ALIASES
}
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_WHOLE = re.compile(r"[+-]?\d{1,16}")


def parameter_value(name: str, text: str):
    """A query parameter's text as its queryable's type, or a 400 saying what was expected. The numbers are
    those a filter takes: finite, and whole ones within the range both databases compare exactly."""
    kind, value = PARAMETERS[name], None
    if kind == "text" and "\x00" not in text:  # PostgreSQL refuses NUL
        value = text
    elif kind == "integer" and _WHOLE.fullmatch(text) and abs(int(text)) <= LARGEST:
        value = int(text)
    elif kind in ("float", "decimal") and _NUMBER.fullmatch(text):
        number = float(text)
        value = number if math.isfinite(number) and abs(number) <= LARGEST else None
    elif kind == "boolean" and text in ("true", "false"):
        value = text == "true"
    elif kind == "timestamp":  # RFC 3339, read as ?datetime= and the filter read it
        value = rfc3339_instant(text)
    if value is None and kind in NUMBERS and _NUMBER.fullmatch(text) and not abs(float(text)) <= LARGEST:
        raise BadQuery(TOO_LARGE % {"name": name, "value": text[:40]})
    if value is None:
        raise BadQuery(_("%(name)s must be %(expected)s.") % {"name": name, "expected": expected(kind)})
    return value


def parameter_conditions(parameters, scope: set) -> list:
    """The equalities the query parameters ask for (``parameters``: the request's GET), as CQL2 nodes; an
    empty parameter asks nothing, as before."""
    allowed, conditions = queryables(scope), []
    for name in PARAMETERS:
        text = parameters.get(name)
        if not text:
            continue
        queryable = PARAMETER_ALIASES.get(name, name)
        if queryable not in allowed:
            raise BadQuery(
                _("%(name)s is shown, and may be asked for, only on the parcels of the caller's villages.")
                % {"name": name}
            )
        conditions.append(ast.Equal(ast.Attribute(queryable), parameter_value(name, text)))
    return conditions
