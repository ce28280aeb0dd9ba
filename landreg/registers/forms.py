"""The registers page's filters: a village among the user's and a period (this year so far by default)."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from landreg.core import clock
from landreg.web.widgets import DateInput


def this_year() -> tuple[dt.date, dt.date]:
    today = clock.today()
    return dt.date(today.year, 1, 1), today


class RegisterFilterForm(forms.Form):
    village = forms.ModelChoiceField(
        label=_("Village"),
        queryset=None,
        required=False,
        empty_label=_("All my villages"),
        to_field_name="code",
    )
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages

    def clean(self):
        data = super().clean()
        first, last = this_year()
        data["start"] = data.get("start") or first
        data["end"] = data.get("end") or last
        if data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data
