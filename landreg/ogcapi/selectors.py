"""What the OGC API shows: every public parcel; scoped users also see a few non-personal extra fields.

Personal data (parties, ID numbers, birth dates) is never part of this API, whoever asks.
"""

from datetime import datetime

from django.db.models import Q
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from landreg.accounts.selectors import villages_covered
from landreg.core.exceptions import RegistryError
from landreg.parcels.models import Parcel


class BadQuery(RegistryError):
    """A query parameter the API cannot understand (400)."""


def public_parcels():
    return Parcel.objects.select_related("village")


def scoped_village_ids(user) -> set:
    if not user.is_authenticated:
        return set()
    return set(villages_covered(user, "view_records").values_list("pk", flat=True))


def _instant(text: str) -> datetime | None:
    if text in ("..", ""):
        return None
    value = parse_datetime(text) if "T" in text else parse_datetime(text + "T00:00:00Z")
    if value is None:
        raise BadQuery(_("datetime must be RFC 3339, e.g. 2024-01-31T00:00:00Z, or an interval a/b."))
    return value


def filter_datetime(queryset, value: str | None):
    """No datetime: the current parcels. An instant or interval: versions whose lifespan meets it."""
    if not value:
        return queryset.filter(end_lifespan__isnull=True)
    if "/" in value:
        start_text, end_text = value.split("/", 1)
        start, end = _instant(start_text), _instant(end_text)
    else:
        start = end = _instant(value)
        if start is None:
            raise BadQuery(_("datetime must be RFC 3339, e.g. 2024-01-31T00:00:00Z, or an interval a/b."))
    if end is not None:
        queryset = queryset.filter(begin_lifespan__lte=end)
    if start is not None:
        queryset = queryset.filter(Q(end_lifespan__isnull=True) | Q(end_lifespan__gt=start))
    return queryset


def parse_bbox(value: str):
    from django.contrib.gis.geos import Polygon

    try:
        numbers = [float(v) for v in value.split(",")]
    except ValueError as exc:
        raise BadQuery(_("bbox must be four numbers: minx,miny,maxx,maxy.")) from exc
    if len(numbers) == 6:  # 3D boxes: drop the heights
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    if len(numbers) != 4 or numbers[0] > numbers[2] or numbers[1] > numbers[3]:
        raise BadQuery(_("bbox must be four numbers: minx,miny,maxx,maxy."))
    box = Polygon.from_bbox(numbers)
    box.srid = 4326
    return box
