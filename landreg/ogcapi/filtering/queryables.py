"""The queryables: the properties of the parcels a filter or a query parameter may name, public ones for
everyone, the accuracy and the local name for callers with villages; their kinds, and the numbers both
databases compare exactly."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from landreg.ogcapi.features import PUBLIC, SCOPED

CQL2 = "http://www.opengis.net/spec/cql2/1.0/conf/"
FEATURES_3 = "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/"
CONFORMANCE = [
    f"{FEATURES_3}queryables",
    f"{FEATURES_3}filter",
    f"{FEATURES_3}features-filter",
    f"{CQL2}cql2-text",
    f"{CQL2}cql2-json",
    f"{CQL2}basic-cql2",
    f"{CQL2}advanced-comparison-operators",
    f"{CQL2}case-insensitive-comparison",
    f"{CQL2}accent-insensitive-comparison",
    f"{CQL2}property-property",
    f"{CQL2}arithmetic",
    f"{CQL2}basic-spatial-functions",
    f"{CQL2}basic-spatial-functions-plus",
    f"{CQL2}spatial-functions",
    f"{CQL2}temporal-functions",
]

SCHEMA = {
    "text": {"type": "string"},
    "float": {"type": "number"},
    "decimal": {"type": "number"},
    "integer": {"type": "integer"},
    "timestamp": {"type": "string", "format": "date-time"},
    "boolean": {"type": "boolean"},
}
# Name, where it is read, kind (as features.PUBLIC writes it): what the items show, in the same order.
PUBLIC_QUERYABLES = (*PUBLIC, ("dispute_pending", None, "boolean"))
SCOPED_NAMES = frozenset(name for name, _source, _kind in SCOPED)


def queryables(scope: set) -> dict[str, tuple[str | None, str]]:
    """The properties a caller may filter on: the public ones, the geometry, and with villages in scope the
    accuracy and the local name (shown on those villages' parcels only)."""
    found = {name: (source, kind) for name, source, kind in PUBLIC_QUERYABLES}
    found["geometry"] = ("geometry", "geometry")
    if scope:
        found |= {name: (source, kind) for name, source, kind in SCOPED}
    return found


# The lifespan is the features' interval (OGC API - Features Part 5's roles), the one ?datetime= reads and a
# filter writes INTERVAL(begin_lifespan, end_lifespan); an empty end: the parcel is in force.
_ROLES = {
    "begin_lifespan": {"x-ogc-role": "primary-interval-start"},
    "end_lifespan": {"x-ogc-role": "primary-interval-end"},
}


def queryables_schema(scope: set, url: str) -> dict:
    properties = {}
    for name, (_source, kind) in queryables(scope).items():
        if kind == "geometry":
            properties[name] = {"format": "geometry-polygon", "x-ogc-role": "primary-geometry"}
        else:
            properties[name] = {"title": name, **SCHEMA[kind]} | _ROLES.get(name, {})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": url,
        "type": "object",
        "title": _("Parcels"),
        "properties": properties,
        "additionalProperties": False,
    }


# The largest whole number both databases compare exactly (SQLite refuses a Python int past 2**63).
LARGEST = 2**53
# A number past LARGEST (1e400 is infinity as a double; 1e17 compares inexactly on SQLite): said as such, not
# as "must be a number" (``%`` applied where raised, so the text is looked up in the caller's language).
TOO_LARGE = gettext_lazy(
    "%(name)s: %(value)s is too large to compare; numbers are finite and at most 9007199254740992 (2^53)."
)

NUMBERS = ("float", "decimal", "integer")


def expected(kind: str) -> str:
    return {
        "text": _("a string"),
        "float": _("a number"),
        "decimal": _("a number"),
        "integer": _("a number"),
        "boolean": _("true or false"),
        "timestamp": _("a TIMESTAMP or a DATE"),
        "geometry": _("a spatial function"),
    }[kind]
