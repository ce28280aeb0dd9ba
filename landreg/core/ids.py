"""Ids and whole numbers read from a request, checked before they reach a query.

A text that is not a UUID given to ``filter(pk=...)`` raises a ValidationError deep in the ORM (a 500), and
an offset of twenty digits overflows SQLite's 64-bit integers ("datatype mismatch") or PostgreSQL's bigint.
The doors (pages, API, OGC API) read such values through these functions and answer 400 or 404 instead.
"""

import uuid

from django.utils.translation import gettext as _

from landreg.core.exceptions import RegistryError

# Far beyond any real list (a country has a few million parcels), far below a 64-bit integer.
MAX_OFFSET = 10**9


class BadNumber(RegistryError):
    """A query or form value that is not a whole number in the range the caller accepts (400)."""


def uuid_or_none(text) -> uuid.UUID | None:
    """The UUID the text spells, or None (to be treated as "no such record")."""
    if isinstance(text, uuid.UUID):
        return text
    try:
        return uuid.UUID(str(text))
    except (ValueError, TypeError, AttributeError):
        return None


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
