"""A select written in Python, for the list pages' filter forms.

Django draws a select through a template, and each of its options through an included template of its own:
on the parcel list, a quarter of the page's template time for the village and right-type selects of a
commune (bench/bench_lists.py). This writes the HTML of Django's templates (select.html, select_option.html,
attrs.html) directly: same elements, attributes and escaping.
"""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


def _joined(parts) -> SafeString:
    return format_html_join("", "{}", ((part,) for part in parts))


def _attrs(attrs: dict) -> SafeString:
    """`` name="value"`` for each attribute; ``True`` writes the name alone, ``False`` nothing."""
    return _joined(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
        for name, value in attrs.items()
        if value is not False
    )


class PlainSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(format_html('\n  <optgroup label="{}">', group))
            parts.extend(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',  # the option template ends a line
                    str(option["value"]),
                    _attrs(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group:
                parts.append(SafeString("\n  </optgroup>"))
        parts.append(SafeString("\n</select>"))
        return _joined(parts)
