"""A select written in Python, for the list pages' filter forms.

Django draws a select through a template, and each of its options through an included template of its own:
on the parcel list, a quarter of the page's template time for the village and right-type selects of a
commune (bench/bench_lists.py). This writes the HTML of Django's templates (select.html, select_option.html,
attrs.html) directly: same elements, attributes and escaping. The options are written as plain strings,
each value escaped as ``conditional_escape`` does, rather than by ``format_html`` and Django's option
dictionaries: the parcel list's selects hold about 130 options, and those two took 1.5 ms of its 10 ms of
Python (bench/profile_load.py on 100,000 parcels).
"""

import html

from django import forms
from django.utils.functional import Promise
from django.utils.safestring import SafeString


def escaped(value) -> str:
    """``conditional_escape(value)`` as a plain string, without its lazy-argument checks (it runs for every
    option and cell of a list page, 540 times on the parcel list): HTML already safe is kept, anything else
    escaped; a plain string, most of them, escaped at once."""
    if type(value) is str:  # not a SafeString (a subclass): escaped as conditional_escape escapes it
        return html.escape(value)
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _attrs(attrs: dict) -> str:
    """`` name="value"`` for each attribute; ``True`` writes the name alone, ``False`` nothing."""
    return "".join(
        f" {escaped(name)}" if value is True else f' {escaped(name)}="{escaped(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class PlainSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        # As Select.get_context: the widget's attributes, the value as a list of strings, the first option
        # matching it selected (the only one: a PlainSelect chooses one value).
        final_attrs = self.build_attrs(self.attrs, attrs)
        selected_values = self.format_value(value)
        parts = [f'<select name="{escaped(name)}"{_attrs(final_attrs)}>']
        has_selected = False
        for option_value, option_label in self.choices:
            group = isinstance(option_label, (list, tuple))
            if group:
                parts.append(f'\n  <optgroup label="{escaped(option_value)}">')
            for value_, label in option_label if group else [(option_value, option_label)]:
                if value_ is None:
                    value_ = ""
                selected = not has_selected and str(value_) in selected_values
                has_selected |= selected
                # the option template ends a line
                parts.append(
                    f'\n  <option value="{escaped(str(value_))}"{" selected" if selected else ""}>'
                    f"{escaped(label)}</option>\n"
                )
            if group:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return SafeString("".join(parts))


class DateInput(forms.DateInput):
    """A browser's date picker. Its value is written ISO (2026-12-05) whatever the language: the browser shows
    it in the user's own format, but drops a value written otherwise (Django's French 05/12/2026), so a
    form's initial date (a draft's birth date on its edit page, today on a dispute's session) was shown empty
    and saved empty."""

    def __init__(self, attrs=None):
        super().__init__({"type": "date", **(attrs or {})}, format="%Y-%m-%d")
