"""The filters of the statistics page: commune, village and period, offered only within the user's scope."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from landreg.core import clock
from landreg.statistics.scope import statistics_communes, statistics_villages
from landreg.web.widgets import DateInput

LONGEST_PERIOD_DAYS = 366 * 20  # a monthly axis of twenty years is already unreadable


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return f"{unit.name} ({unit.code})"


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last twelve months, this one included."""
    today = today or clock.today()
    start = today.replace(day=1)
    for _month in range(11):
        start = (start - dt.timedelta(days=1)).replace(day=1)
    return start, today


class StatisticsFilterForm(forms.Form):
    commune = UnitChoiceField(
        label=_("Commune"),
        queryset=None,
        to_field_name="code",
        required=False,
        empty_label=_("All my communes"),
    )
    village = UnitChoiceField(
        label=_("Village"), queryset=None, to_field_name="code", required=False, empty_label=_("All villages")
    )
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To (included)"), widget=DateInput())

    def __init__(self, data, *, user):
        start, end = default_period()
        data = data.copy()
        communes = statistics_communes(user)
        # Defaults for a first visit (and for links that name only some filters); one commune is chosen for
        # the user who has only one, so the PDF report is that commune's.
        data.setdefault("start", start.isoformat())
        data.setdefault("end", end.isoformat())
        if "commune" not in data and len(communes) == 1:
            data["commune"] = communes[0].code
        super().__init__(data)
        self.fields["commune"].queryset = communes
        self.fields["village"].queryset = statistics_villages(user).order_by("name")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end of the period comes before its start."))
            elif (end - start).days > LONGEST_PERIOD_DAYS:
                self.add_error("end", _("Choose a period of at most twenty years."))
        commune, village = cleaned.get("commune"), cleaned.get("village")
        if commune and village and not village.path.startswith(commune.path):
            self.add_error("village", _("This village is not in the commune chosen."))
        return cleaned

    def query_string(self) -> str:
        """The filters as the links of the page carry them (CSV and PDF)."""
        from urllib.parse import urlencode

        cleaned = self.cleaned_data
        values = {
            "commune": cleaned["commune"].code if cleaned.get("commune") else "",
            "village": cleaned["village"].code if cleaned.get("village") else "",
            "start": cleaned["start"].isoformat(),
            "end": cleaned["end"].isoformat(),
        }
        return urlencode(values)
