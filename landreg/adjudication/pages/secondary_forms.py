"""Secondary rights found on the claimed land (grazing, passage, gathering, loan…), one row each: the right,
its holder (a registered party, a person, or a group such as the herders of a neighbouring village) and its
period. They are registered beside the primary right when the claim is approved."""

from django import forms
from django.utils.translation import gettext_lazy as _

from landreg.adjudication.claims.services import SecondaryRightInput
from landreg.adjudication.pages.person_forms import PartyChoiceField, offer_parties
from landreg.parties.models import GroupType, Party, PartyKind, Sex
from landreg.rights.models import RightType
from landreg.web.widgets import DateInput


class SecondaryRightForm(forms.Form):
    right_type = forms.ModelChoiceField(
        queryset=RightType.objects.filter(kind="right", is_secondary=True),
        to_field_name="code",
        label=_("Secondary right"),
        required=False,
        empty_label="—",
    )
    party = PartyChoiceField(
        queryset=Party.objects.none(), required=False, label=_("Registered holder"), empty_label="—"
    )
    last_name = forms.CharField(label=_("Last name"), max_length=120, required=False)
    first_names = forms.CharField(label=_("First names"), max_length=200, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    name = forms.CharField(label=_("or name of the group"), max_length=200, required=False)
    group_type = forms.ChoiceField(
        label=_("Kind of group"), choices=[("", "—"), *GroupType.choices], required=False
    )
    start_date = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end_date = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    description = forms.CharField(label=_("Description (season, path, conditions)"), required=False)

    def __init__(self, *args, parties, shown=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_parties(self, parties, shown)
        self.fields["right_type"].label_from_instance = str

    def clean(self):
        data = super().clean()
        if not data.get("right_type"):
            self.add_error("right_type", _("Choose the secondary right."))
        if data.get("party"):
            return data
        if data.get("name", "").strip():
            if not data.get("group_type"):
                self.add_error("group_type", _("Say what kind of group holds it."))
            return data
        if not data.get("last_name", "").strip():
            self.add_error("last_name", _("Name the holder: a registered party, a person or a group."))
        if not data.get("sex"):
            self.add_error("sex", _("Give the sex."))
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return data

    def to_input(self) -> SecondaryRightInput:
        data = self.cleaned_data
        party = data.get("party")
        group = not party and bool(data["name"].strip())
        return SecondaryRightInput(
            right_type=data["right_type"].code,
            party=party,
            kind=party.kind if party else (PartyKind.GROUP if group else PartyKind.NATURAL),
            last_name="" if group else data["last_name"],
            first_names="" if group else data["first_names"],
            sex="" if group else data["sex"],
            name=data["name"] if group else "",
            group_type=data["group_type"] if group else "",
            start_date=data["start_date"],
            end_date=data["end_date"],
            description=data["description"],
        )


class SecondaryRightFormSet(forms.BaseFormSet):
    def initial_form_count(self):
        # Rows shown with a draft's rights are ordinary rows: one the agent empties is dropped.
        return super().initial_form_count() if self.is_bound else 0

    def filled(self) -> list[SecondaryRightForm]:
        return [f for f in self.forms if f.has_changed()]


def secondary_formset(*, data=None, initial=None, parties, shown=None, extra: int = 2):
    factory = forms.formset_factory(
        SecondaryRightForm, formset=SecondaryRightFormSet, extra=extra + len(initial or [])
    )
    return factory(
        data=data, initial=initial, prefix="secondary", form_kwargs={"parties": parties, "shown": shown}
    )


def secondary_initial(claim) -> list[dict]:
    return [
        {
            "right_type": row.right_type_id,
            "party": row.party_id,
            "last_name": row.last_name,
            "first_names": row.first_names,
            "sex": row.sex,
            "name": row.name,
            "group_type": row.group_type,
            "start_date": row.start_date,
            "end_date": row.end_date,
            "description": row.description,
        }
        for row in claim.secondary_rights.order_by("id")
    ]
