"""A right's period as a clerk reads it: a lease or loan runs « du 01/01/2030 jusqu’au 31/12/2032 », a
customary holding « depuis le 12/04/2024 », a term over « terminé le … »."""

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext as _


def _day(date: dt.date) -> str:
    return date_format(date, "d/m/Y")


def period_said(start: dt.date | None, end: dt.date | None, *, today: dt.date) -> str:
    """The period from the right's own dates (``end`` past ``today``: its term is over), « — » without any."""
    if end is not None and end < today:
        if start is None:
            return _("ended on %(date)s") % {"date": _day(end)}
        return _("from %(start)s, ended on %(end)s") % {"start": _day(start), "end": _day(end)}
    if start is not None and end is not None:
        return _("from %(start)s until %(end)s") % {"start": _day(start), "end": _day(end)}
    if end is not None:
        return _("until %(date)s") % {"date": _day(end)}
    if start is not None:
        return _("since %(date)s") % {"date": _day(start)}
    return "—"
