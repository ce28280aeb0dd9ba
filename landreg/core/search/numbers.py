"""Registry numbers as people type them: without the zeros that pad their sequence.

Parcel, receipt and certificate numbers end in a sequence padded with zeros to a width set by the numbering
pattern (« SAB-C-00068 », « R-SAB-C-2030-00001 », « CF-BF-OUA-000012 »: five digits, or six). At the desk a
person reads their number aloud or types it short, « SAB-C-68 »: that is the same number. ``numbered`` finds
a number as typed (the lookup the search always made, so a part of a number still finds what it did) or with
each run of digits typed standing for the same value written with any leading zeros, and not as a part of a
longer number (« SAB-C-68 » is not « SAB-C-00680 »).
"""

import re

from django.db.models import Q

_DIGITS = re.compile(r"([0-9]+)")
_NOT_DIGIT_BEFORE, _NOT_DIGIT_AFTER = "(^|[^0-9])", "([^0-9]|$)"


def _text(part: str) -> str:
    """``part`` as itself in a regular expression of Python's ``re`` (SQLite's REGEXP in Django) and of
    PostgreSQL alike: every character but letters and digits behind a backslash, which both read as that
    character (``re.escape`` leaves some unescaped that PostgreSQL would read otherwise)."""
    return "".join(c if c.isalnum() else "\\" + c for c in part)


def _pattern(query: str, lookup: str) -> str:
    """The regular expression of ``query`` with each run of digits as that value with any leading zeros;
    ``lookup`` says where it must stand: inside the number ("contains"), at its start ("startswith") or
    be the whole of it ("exact")."""
    parts = _DIGITS.split(query)  # text, digits, text, ...: the runs of digits at the odd places
    pieces = []
    for place, part in enumerate(parts):
        if place % 2 == 0:
            pieces.append(_text(part))
            continue
        value = part.lstrip("0") or "0"
        before = _NOT_DIGIT_BEFORE if place == 1 and not parts[0] and lookup == "contains" else ""
        after = _NOT_DIGIT_AFTER if place == len(parts) - 2 and not parts[-1] and lookup != "exact" else ""
        pieces.append(f"{before}0*{value}{after}")
    return {"contains": "{}", "startswith": "^{}", "exact": "^{}$"}[lookup].format("".join(pieces))


def numbered(field: str, query: str, lookup: str = "contains") -> Q:
    """``field`` (a number) matches ``query`` by ``lookup`` ("contains", "startswith" or "exact", case
    aside), or holds the same numbers written with or without their leading zeros (see the module)."""
    typed = Q(**{f"{field}__i{lookup}": query})
    if not _DIGITS.search(query):
        return typed
    return typed | Q(**{f"{field}__iregex": _pattern(query, lookup)})
