"""``{{ iso|iso_day|date:"d/m/Y" }}``: a day kept as ISO text (a signed certificate's claims) as a
date, so that Django's date filter writes it as the language does."""

import datetime as dt

from django import template

register = template.Library()


@register.filter
def iso_day(value):
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return value
