"""``{% submission_token %}``: the one-use token of a form that records something (landreg.web.once)."""

from django.template import Library
from django.utils.html import format_html

from landreg.web.once import FIELD, new_token

register = Library()


@register.simple_tag
def submission_token():
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())
