"""``{{ iso|iso_day|date:"d/m/Y" }}``: a day kept as ISO text (a signed certificate's claims) as a
date, so that Django's date filter writes it as the language does. ``{{ note|days_written }}``: the days
written in ISO inside a recorded text, as the pages write days."""

import datetime as dt
import re

from django import template

from landreg.core.dates import long_date

register = template.Library()


@register.filter
def iso_day(value):
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return value


ISO_DAY = re.compile(r"(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?![\w-])")


def _written(found: re.Match) -> str:
    try:
        day = dt.date(*(int(part) for part in found.groups()))
    except ValueError:
        return found.group(0)
    return f"{day:%d/%m/%Y}"


@register.filter
def days_written(text):
    """Histories are kept as recorded (a case's or a claim's events cannot be rewritten), and those recorded
    before their days were written the French way carry them as 2026-10-20: shown as 20/10/2026."""
    return ISO_DAY.sub(_written, text) if isinstance(text, str) else text


@register.filter(name="long_date")
def long_date_filter(value):
    """``{{ day|long_date }}``: « 1er janvier 2027 », as the papers write it (core.dates.long_date)."""
    return long_date(value, empty="")
