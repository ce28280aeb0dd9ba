"""``{% colon %}``: the colon as the page's language writes it after a word, "\u202f:" in French (a narrow
no-break space before it, as every label of a form gets from Django's label_suffix, see web/apps.py) and ":"
in English. A template that glues ":" to a word, or types " : ", is wrong in one of the two languages."""

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def colon() -> str:
    return gettext(":")
