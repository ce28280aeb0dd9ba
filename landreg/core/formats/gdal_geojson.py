"""GDAL's GeoJSON of a 2-D polygon, written in Python: the same text, byte for byte, without a GDAL call.

A sync batch hashes each new claim's version over the GeoJSON GDAL writes for its boundary
(``collect.sync.claim_snapshot``), which was a fifth of the batch's work: one OGR geometry, a json-c tree
and a C++ stream per coordinate, then the text parsed back. GDAL (``OGR_G_ExportToJson``, default options)
writes each coordinate with 15 decimals (``%.15f``) and then, in ogrutils.cpp's ``intelliround``, takes
a run of 0s or 9s near its end for a rounding error: a last digit after five 0s is dropped, eight digits
ending a run of zeros that starts further in too (when enough digits precede the point); a run of five 9s
is rounded up from the sixth or ninth digit from the end. The zeros left at the end are dropped but one.
Values beyond 1e50 are written ``%.18g``.

``polygon_geojson`` gives that text; ``polygon_coordinates`` the coordinates it holds, as json.loads reads
them. Anything else than a 2-D polygon of finite coordinates (None returned) is for GDAL. At import, the
writer is compared with the installed GDAL on values that take every branch; on any difference (another
GDAL version writing otherwise) it is not used (``AGREES_WITH_GDAL``). tests/core/test_gdal_geojson.py
compares both on the shared real parcels and on a million coordinates.
"""

import math
import struct
from decimal import Decimal

from django.contrib.gis.gdal import OGRGeometry


def coordinate_text(value: float) -> str:
    """GDAL's text of one coordinate (see the module's docstring)."""
    if abs(value) > 1e50:
        return "%.18g" % value  # noqa: UP031 - C's %g, as GDAL
    text = "%.15f" % value  # noqa: UP031 - C's %f, as GDAL
    text = _intelliround(text)
    return _without_trailing_zeros(text)


def _intelliround(s: str) -> str:
    n = len(s)
    if n <= 10:
        return s
    dot = s.find(".")
    if dot < 0:
        return s
    before = dot - 1 - (1 if s[0] == "-" else 0)  # GDAL's count: the digits before the point, less one
    if s[n - 6 : n - 1] == "00000":
        return s[:-1]
    if dot < n - 8 and s[n - 9 : n - 7] == "00" and _run(s, n, before, "0"):
        return s[: n - 8]
    if s[n - 6 : n - 1] == "99999":
        return _round_up(s[: n - 6])
    if dot < n - 9 and s[n - 9 : n - 7] == "99" and _run(s, n, before, "9"):
        return _round_up(s[: n - 9])
    return s


def _run(s: str, n: int, before: int, digit: str) -> bool:
    """The digits 3 to 7 from the end are ``digit``, each unless enough digits precede the point."""
    return all(before >= 4 + k or s[n - 3 - k] == digit for k in range(5))


def _round_up(kept: str) -> str:
    """One more in the last digit kept, away from zero, written with as many decimals (GDAL's roundup)."""
    number = Decimal(kept)
    decimals = len(kept) - kept.find(".") - 1 if "." in kept else 0
    step = Decimal(1).scaleb(-decimals)
    rounded = number - step if kept.startswith("-") else number + step
    return f"{rounded:.{decimals}f}"


def _without_trailing_zeros(text: str) -> str:
    if "." not in text or "e" in text:
        return text
    text = text.rstrip("0")
    return text + "0" if text.endswith(".") else text


_HEADER = struct.Struct("<BII")


def _rings(wkb: bytes) -> list[list[tuple[float, float]]] | None:
    """The rings of a little-endian 2-D WKB polygon of finite coordinates, else None."""
    if len(wkb) < 9 or wkb[0] != 1:
        return None
    _order, kind, count = _HEADER.unpack_from(wkb)
    if kind != 3 or count == 0:
        return None
    rings, offset = [], 9
    for _ in range(count):
        if offset + 4 > len(wkb):
            return None
        (points,) = struct.unpack_from("<I", wkb, offset)
        offset += 4
        if points == 0 or offset + 16 * points > len(wkb):
            return None
        flat = struct.unpack_from(f"<{2 * points}d", wkb, offset)
        offset += 16 * points
        if not all(map(math.isfinite, flat)):
            return None
        rings.append(list(zip(flat[::2], flat[1::2], strict=True)))
    return rings if offset == len(wkb) else None


def polygon_geojson(wkb: bytes) -> str | None:
    """GDAL's GeoJSON text of a 2-D polygon's WKB, or None for anything else."""
    rings = _rings(wkb)
    if rings is None:
        return None
    written = ", ".join(
        "[ " + ", ".join(f"[ {coordinate_text(x)}, {coordinate_text(y)} ]" for x, y in ring) + " ]"
        for ring in rings
    )
    return '{ "type": "Polygon", "coordinates": [ ' + written + " ] }"


def polygon_coordinates(wkb: bytes) -> list | None:
    """``json.loads(polygon_geojson(wkb))["coordinates"]`` without the text, or None (not a 2-D polygon)."""
    rings = _rings(wkb)
    if rings is None:
        return None
    return [[[_read(x), _read(y)] for x, y in ring] for ring in rings]


def _read(value: float) -> float:
    """The number json.loads reads from GDAL's text: dropping the zeros at the end changes nothing."""
    if abs(value) > 1e50:
        return float("%.18g" % value)  # noqa: UP031
    return float(_intelliround("%.15f" % value))  # noqa: UP031


# Values that take each branch of the writer (a run of 0s or 9s before the last digit or further in, with
# few or many digits before the point, rounding up across the point, beyond 1e50), compared with GDAL at
# import: another GDAL version that writes any of them otherwise keeps GDAL's own writer.
_PROBES = (
    0.0,
    -0.0,
    0.1,
    1 / 3,
    0.30000000000000004,
    12.000000000000002,
    123456789.12345679,
    1e-7,
    5e-324,
    1e15,
    1e16,
    1e21,
    1.5e300,
    -2.3264631,
    48.679716,
    9.999999999999998,
    -9.9999999999999,
    0.9999999999999996,
    12345.000000011,
    12345.999999989,
    1234.5000000001,
    -99999.9999999,
    700030.0000000001,
    -179.99999999999997,
    2.000000000000001,
    3.0000000100000001,
)


def _agrees_with_gdal() -> bool:
    values = list(_PROBES) + [-v for v in _PROBES]
    for start in range(0, len(values), 2):
        x, y = values[start], values[start + 1] if start + 1 < len(values) else 0.0
        ring = [(x, y), (x + 1, y), (x, y + 1), (x, y)]
        wkb = _HEADER.pack(1, 3, 1) + struct.pack("<I8d", 4, *(c for point in ring for c in point))
        if polygon_geojson(wkb) != OGRGeometry(memoryview(wkb)).json:
            return False
    return True


AGREES_WITH_GDAL = _agrees_with_gdal()
