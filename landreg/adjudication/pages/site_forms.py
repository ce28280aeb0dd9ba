"""The site-verification record's page: the hearing (date, place, language) and one row per attendee.

A form and a formset validate what the page posts; a record that fails shows the page again with every row
as typed and the error next to it (the page used to read the POST by hand and drop everything on a bad date).
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from landreg.adjudication.models import AttendanceMark, AttendeeRole, Direction
from landreg.adjudication.site.visits import AttendeeInput
from landreg.parcels.models import Parcel
from landreg.web.widgets import DateInput

# A browser's date input reads and sends ISO dates, whatever the page's language.


class SiteVisitForm(forms.Form):
    visit_date = forms.DateField(label=_("Date"), widget=DateInput())
    place = forms.CharField(label=_("Place"))
    language = forms.CharField(label=_("Language of the hearing"))
    translated = forms.BooleanField(label=_("Translated"), required=False)
    translation_language = forms.CharField(label=_("Translated into"), required=False)
    notes = forms.CharField(label=_("Observations"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        # « Traduit en : français » typed without ticking « Traduit » was kept but never shown (the page and
        # the record print the language only of a visit marked translated): the language named says it was.
        data = super().clean()
        if (data.get("translation_language") or "").strip():
            data["translated"] = True
        return data


class AttendeeForm(forms.Form):
    """One person at the hearing; a row left without a name is not an attendee (the spare rows)."""

    role = forms.ChoiceField(label=pgettext_lazy("capacity", "Role"), choices=AttendeeRole.choices)
    name = forms.CharField(label=_("Name"), required=False)
    direction = forms.ChoiceField(label=_("Side"), choices=[("", "")] + Direction.choices, required=False)
    agrees = forms.TypedChoiceField(
        label=_("Agrees with the limits"),
        choices=[("yes", _("yes")), ("no", _("no"))],
        coerce=lambda value: value == "yes",
        initial="yes",
    )
    mark = forms.ChoiceField(label=_("Signature or fingerprint"), choices=AttendanceMark.choices)
    mark_reference = forms.CharField(
        label=_("Mark reference"),
        required=False,
        help_text=_("Number of the fingerprint scan or of the page where the mark was put."),
    )
    remark = forms.CharField(label=_("Remark"), required=False)
    neighbour_parcel = forms.ModelChoiceField(
        queryset=Parcel.objects.all(), required=False, widget=forms.HiddenInput
    )

    def attendee(self) -> AttendeeInput | None:
        data = self.cleaned_data
        if not data.get("name", "").strip():
            return None
        return AttendeeInput(
            role=data["role"],
            name=data["name"].strip(),
            agrees=data["agrees"],
            mark=data["mark"],
            mark_reference=data["mark_reference"].strip(),
            remark=data["remark"].strip(),
            direction=data["direction"],
            neighbour_parcel=data["neighbour_parcel"],
        )


AttendeeFormSet = forms.formset_factory(AttendeeForm, extra=4, max_num=60, validate_max=True)


def initial_rows(rows: list[AttendeeInput]) -> list[dict]:
    return [
        {
            "role": row.role,
            "name": row.name,
            "direction": row.direction,
            "agrees": "yes" if row.agrees else "no",
            "mark": row.mark,
            "remark": row.remark,
            "neighbour_parcel": row.neighbour_parcel.pk if row.neighbour_parcel else None,
        }
        for row in rows
    ]
