"""Whole numbers read from a request, checked before they reach a query.

An offset of twenty digits overflows SQLite's 64-bit integers ("datatype mismatch") or PostgreSQL's bigint.
The doors (pages, API, OGC API) read such values through ``whole_number`` and answer 400 instead.
"""

from django.utils.translation import gettext as _

from landreg.core.exceptions import RegistryError

# Far beyond any real list (a country has a few million parcels), far below a 64-bit integer.
MAX_OFFSET = 10**9


class BadNumber(RegistryError):
    """A query or form value that is not a whole number in the range the caller accepts (400)."""


def whole_number(text, *, name: str, default: int, low: int = 0, high: int = MAX_OFFSET) -> int:
    """``text`` as an int in [low, high]; ``default`` when absent. Raises BadNumber naming ``name``."""
    if text is None or text == "":
        return default
    try:
        value = int(str(text).strip())
    except ValueError as exc:
        raise BadNumber(_("%(name)s must be a whole number.") % {"name": name}) from exc
    if value < low:
        raise BadNumber(_("%(name)s must be at least %(low)d.") % {"name": name, "low": low})
    if value > high:
        raise BadNumber(_("%(name)s must be at most %(high)d.") % {"name": name, "high": high})
    return value
