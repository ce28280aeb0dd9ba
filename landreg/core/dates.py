"""The long date, as every page and paper of the registry writes it: « 1er janvier 2027 » in French (the
first of the month is an ordinal, « 1er », never « 1 janvier »), 1 January 2027 in English. One function, so
that a certificate, a notice, committee minutes and a dispute paper write the same day the same way; the
pages use it through the ``long_date`` template filter (web/templatetags/days.py)."""

import datetime as dt

from django.utils import timezone, translation
from django.utils.formats import date_format


def long_date(value: dt.date | dt.datetime | None, empty: str = "—") -> str:
    """The day with its month's name in the active language; a moment is the day where the office is."""
    if value is None or value == "":
        return empty
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if value.day == 1 and (translation.get_language() or "").startswith("fr"):
        return "1er " + date_format(value, "F Y")
    return date_format(value, "j F Y")
