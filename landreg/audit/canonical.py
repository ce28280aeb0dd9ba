"""Canonical JSON (RFC 8785, JSON Canonicalization Scheme): one byte string per value, so that anyone can
recompute a hash of the history with any language's JCS library.

RFC 8785 is JSON as ECMAScript's ``JSON.stringify`` writes it, with object keys sorted by UTF-16 code
units. Python's ``json.dumps`` (sorted keys, no spaces, UTF-8) writes the same strings, literals and
integers; it differs only in numbers with a fraction or exponent, and in the order of keys holding
characters beyond the BMP. Those two are written here by ECMAScript's rules. Values that have neither take
the faster ``json.dumps`` path (most of what the registry hashes).

Written here rather than with the ``rfc8785`` package, which refuses integral doubles of 2^53 and more
(``1e16``, a plausible area in m² or coordinate product) where RFC 8785 writes ``10000000000000000``: a
register write must not fail on a number. The package is the test oracle for everything else
(``tests/audit/test_register_rows.py``). Integers beyond ±2^53 (not exactly representable as ECMAScript
numbers) are written as their digits, which a JCS library may refuse; the registry writes such values as
text (``landreg.audit.rows``).
"""

import decimal
import json
import math

_SAFE_INT = 2**53


def _plain(value) -> bool:
    """True when json.dumps already writes the RFC 8785 form of ``value``."""
    if value is None or isinstance(value, (str, bool)):
        return True
    if isinstance(value, int):
        return -_SAFE_INT < value < _SAFE_INT
    if isinstance(value, (list, tuple)):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(
            isinstance(k, str) and max(k, default="\0") < "\U00010000" and _plain(v) for k, v in value.items()
        )
    return False


def dumps_is_canonical(value) -> bool:
    """True when json.dumps (sorted keys, no spaces, UTF-8) writes ``value``'s RFC 8785 form already."""
    return _plain(value)


def number_text(x: float) -> str:
    """ECMAScript Number::toString: shortest round-trip digits, fixed notation for 1e-7 < |x| < 1e21."""
    if math.isnan(x) or math.isinf(x):
        raise ValueError("NaN and infinities have no JSON form")
    if x == 0:
        return "0"  # -0 too
    sign = "-" if x < 0 else ""
    # repr() gives the shortest digits that round-trip, as ECMAScript does; Decimal splits them.
    _sign, digit_tuple, exponent = decimal.Decimal(repr(abs(x))).as_tuple()
    raw = "".join(map(str, digit_tuple))
    n = exponent + len(raw)  # |x| = 0.<raw> × 10^n, ECMAScript's n
    digits = raw.rstrip("0")
    k = len(digits)
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e = n - 1
    mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
    return f"{sign}{mantissa}e{'+' if e > 0 else '-'}{abs(e)}"


def _write(value) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_write(item) for item in value) + "]"
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("object keys must be strings")
        keys = sorted(value, key=lambda k: k.encode("utf-16-be"))  # UTF-16 code unit order
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + _write(value[k]) for k in keys) + "}"
    raise TypeError(f"{type(value).__name__} has no JSON form")


def canonical_json(value) -> bytes:
    if _plain(value):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    return _write(value).encode()
