"""What the OGC API shows: every public parcel; scoped users also see a few non-personal extra fields.

Personal data (parties, ID numbers, birth dates) is never part of this API, whoever asks.
"""

import dataclasses
import math
import re
import time
from datetime import UTC, datetime, timedelta, timezone

from django.contrib.gis.gdal import GDALException
from django.db.models import F, Q
from django.utils.translation import gettext as _

from landreg.accounts.selectors import villages_covered
from landreg.core.exceptions import RegistryError
from landreg.parcels.models import Parcel, ParcelVersion
from landreg.territory.models import AdministrativeUnit


class BadQuery(RegistryError):
    """A query parameter the API cannot understand (400)."""


def public_parcels():
    return Parcel.objects.select_related("village")


def scoped_village_ids(user) -> set:
    if not user.is_authenticated:
        return set()
    return set(villages_covered(user, "view_records").values_list("pk", flat=True))


# RFC 3339's full-date, and its date-time with its offset (Z or ±hh:mm; "t", "z" and a space for "T" as it
# allows): the instants ?datetime=, the queryables as parameters and the filter's TIMESTAMP, DATE and INTERVAL
# all read, so that one text is one moment everywhere. A date is its first moment in UTC.
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_DATE_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))",
    re.ASCII,
)


def rfc3339_instant(text: str, *, dates: bool = True, times: bool = True) -> datetime | None:
    """The moment ``text`` names, in UTC: an RFC 3339 date (midnight UTC) if ``dates``, a date-time with its
    time zone if ``times``; None for anything else (a time without its zone is ambiguous, not UTC)."""
    found = _DATE.fullmatch(text) if dates else None
    try:
        if found:
            return datetime(*map(int, found.groups()), tzinfo=UTC)
        found = _DATE_TIME.fullmatch(text) if times else None
        if not found:
            return None
        year, month, day, hour, minute, second, fraction, utc, sign, off_h, off_m = found.groups()
        offset = (
            timedelta(hours=int(off_h), minutes=int(off_m)) * (-1 if sign == "-" else 1) if sign else None
        )
        moment = datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            int((fraction or "0")[:6].ljust(6, "0")),
            tzinfo=UTC if utc else timezone(offset),
        )
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):  # well formed but impossible (2024-02-30, 25:00), or past year 9999
        return None


def _instant(text: str) -> datetime | None:
    if text in ("..", ""):
        return None
    value = rfc3339_instant(text)
    if value is None:
        raise BadQuery(_("datetime must be RFC 3339, e.g. 2024-01-31T00:00:00Z, or an interval a/b."))
    return value


def _moments(value: str) -> tuple[datetime | None, datetime | None]:
    """The start and end of an instant or interval (OGC API - Features: ``t``, ``a/b``, ``../b``, ``a/..``);
    None for an open end."""
    if "/" in value:
        start_text, end_text = value.split("/", 1)
        return _instant(start_text), _instant(end_text)
    start = _instant(value)
    if start is None:
        raise BadQuery(_("datetime must be RFC 3339, e.g. 2024-01-31T00:00:00Z, or an interval a/b."))
    return start, start


def parcels_at(value: str | None):
    """No datetime: the current parcels. An instant or an interval: each parcel as it stood then, from the
    typed history (ParcelVersion, with its own spatial index): at an instant the version in force; over an
    interval the last version whose lifespan meets it (one feature per parcel), a parcel retired or edited
    since included. Lifespans are half-open: a version ended at t is no longer in force at t."""
    if not value:
        return public_parcels().filter(end_lifespan__isnull=True)
    start, end = _moments(value)
    if start is not None and end is not None and start > end:
        raise BadQuery(_("datetime: the interval ends before it begins."))
    versions = ParcelVersion.objects.select_related("village")
    if end is not None:
        versions = versions.filter(begin_lifespan__lte=end)
    if start is not None:
        versions = versions.filter(Q(end_lifespan__isnull=True) | Q(end_lifespan__gt=start))
    if start is None or start != end:
        # Of the versions meeting the interval, the last: in force at its end, or the parcel's final one.
        last = Q(end_lifespan__isnull=True) | Q(end_lifespan=F("parcel__end_lifespan"))
        if end is not None:
            last |= Q(end_lifespan__gt=end)
        versions = versions.filter(last)
    return versions


CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG_PREFIX = "http://www.opengis.net/def/crs/EPSG/0/"


@dataclasses.dataclass(frozen=True)
class Crs:
    """A CRS the API offers: its URI, EPSG code, and whether its authority puts latitude first."""

    uri: str
    srid: int
    lat_first: bool = False


# The projected CRS change when an administrator sets a unit's, a few times in a registry's life; every OGC
# request read them (one statement of the two a page costs). Each process keeps them OFFERED_CRS_SECONDS,
# and forgets them at once when a unit is saved or deleted in it (apps.py): another process may offer the
# previous list for up to that long, which names CRS only, never data.
OFFERED_CRS_SECONDS = 60
_offered: dict = {}


def forget_offered_crs(**_signal) -> None:
    _offered.clear()


def offered_crs() -> dict[str, Crs]:
    """CRS84 (the default), EPSG:4326 (latitude first, as EPSG orders it) and the projected CRS the
    registry's units use for their official areas (e.g. EPSG:32630, UTM 30N, in Burkina Faso)."""
    now = time.monotonic()
    kept = _offered.get("crs")
    if kept is None or kept[0] <= now:
        kept = _offered["crs"] = (now + OFFERED_CRS_SECONDS, _read_offered_crs())
    return dict(kept[1])


def _read_offered_crs() -> dict[str, Crs]:
    offered = {CRS84: Crs(CRS84, 4326), f"{EPSG_PREFIX}4326": Crs(f"{EPSG_PREFIX}4326", 4326, lat_first=True)}
    projected = (
        AdministrativeUnit.objects.exclude(projected_srid__isnull=True)
        .order_by()
        .values_list("projected_srid", flat=True)
        .distinct()
    )
    for srid in sorted(projected):
        offered[f"{EPSG_PREFIX}{srid}"] = Crs(f"{EPSG_PREFIX}{srid}", srid)
    return offered


def crs_named(name: str, value: str | None, offered: dict[str, Crs]) -> Crs:
    """The CRS a ``crs`` or ``bbox-crs`` parameter names (CRS84 when absent), or a 400 naming the others."""
    if not value:
        return offered[CRS84]
    if value not in offered:
        raise BadQuery(_("%(name)s must be one of: %(list)s.") % {"name": name, "list": ", ".join(offered)})
    return offered[value]


def parse_bbox(value: str, crs: Crs | None = None):
    """``minx,miny,maxx,maxy`` (six numbers: heights dropped) in ``crs`` (CRS84 by default), checked before
    any geometry is built, and returned as a polygon in EPSG:4326 (longitude first).

    Every number must be finite and on the earth: GEOS refuses NaN rings (a 500), and a box of ±1e308
    aborted the SpatiaLite process natively, taking every other request down with it.
    """
    from django.contrib.gis.geos import Polygon

    crs = crs or Crs(CRS84, 4326)
    try:
        numbers = [float(v) for v in value.split(",")]
    except ValueError as exc:
        raise BadQuery(_("bbox must be four numbers: minx,miny,maxx,maxy.")) from exc
    if len(numbers) == 6:  # 3D boxes: drop the heights
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
        raise BadQuery(_("bbox must be four numbers: minx,miny,maxx,maxy."))
    if crs.lat_first:  # EPSG:4326 as its authority orders it: latitude, longitude
        numbers = [numbers[1], numbers[0], numbers[3], numbers[2]]
    minx, miny, maxx, maxy = numbers
    if crs.srid != 4326:
        # Metres of a projected CRS: a box within 10,000 km of its origin, transformed to degrees.
        if not (minx <= maxx and miny <= maxy and max(map(abs, numbers)) <= 1e7):
            raise BadQuery(_("bbox must be minx,miny,maxx,maxy in the metres of %(crs)s.") % {"crs": crs.uri})
        box = Polygon.from_bbox(numbers)
        box.srid = crs.srid
        try:
            box.transform(4326)
        except GDALException as exc:
            raise BadQuery(_("bbox cannot be placed on the earth in %(crs)s.") % {"crs": crs.uri}) from exc
        return box
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise BadQuery(
            _("bbox must be minx,miny,maxx,maxy in longitude (-180 to 180) and latitude (-90 to 90).")
        )
    box = Polygon.from_bbox(numbers)
    box.srid = 4326
    return box
