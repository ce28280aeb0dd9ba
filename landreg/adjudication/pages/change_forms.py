"""The application for a later change of a parcel as the land office's page submits it (demande de mutation):
its kind and reason, the right transferred, who takes it, what each kind needs (the parts of a split, the
parcels of a merge, a lease's period, a correction) and a first document.

Checked here by Django forms, then given to ``change_draft`` field by field: a refused submission shows the
page again with everything typed kept and each error beside its field (the page parsed the body by hand
and lost the rows of people and the document on every error, code review item 2 of "most in need of
rework"). Who takes the right is a registered person of the village, found by name or ID number as on the
claim page (the page listed the first 500 people of the village in each row: in a village of 5,500 people
no one after the 500th could be chosen, and the page weighed 161 KB), or a new person by name. A mortgage's
creditor is an organisation: one of the village's register, or a new one by its name.

The parts of a split and a corrected boundary are drawn on the claim form's map editor (the boundary
widget, over the text area the form posts), which shows the parcel, its neighbours and the village and asks
the check API about each shape as it is drawn.
"""

import datetime as dt
import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from landreg.adjudication.changes.applications import CORRECTABLE_PARCEL_FIELDS, CORRECTABLE_PARTY_FIELDS
from landreg.adjudication.changes.later_life import split_tolerance_m2
from landreg.adjudication.claims.services import ClaimantInput
from landreg.adjudication.pages.person_forms import (
    RepresentedRowForm,
    parties_for_choice,
    representation_errors,
)
from landreg.adjudication.profiles import NoProcedureError, profile_for
from landreg.adjudication.states import CHANGE_KINDS, ClaimPurpose
from landreg.core import clock
from landreg.documents.models import SourceType
from landreg.parcels.models import Parcel
from landreg.parcels.selectors import parcels_visible_to
from landreg.parties.choice_labels import PartyLabels
from landreg.parties.minority import DEFAULT_MAJORITY_AGE
from landreg.parties.models import (
    Party,
    PartyKind,
)
from landreg.rights.models import Currency, Right
from landreg.web.boundary import BoundaryWidget
from landreg.web.widgets import DateInput

HOLDER_ROWS = 4


class RightChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, right):
        holders = ", ".join(f"{h.party.display_name} ({h.share})" for h in right.holders.all())
        return f"{right.right_type} — {holders}"


class HolderChoiceField(forms.ModelChoiceField):
    labels = PartyLabels()  # the form's own, for its user

    def label_from_instance(self, party):
        return self.labels(party)


def _labelled(model, names) -> list[tuple[str, str]]:
    return sorted(((n, str(model._meta.get_field(n).verbose_name)) for n in names), key=lambda f: f[1])


class ChangeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of change"))
    reason = forms.CharField(
        label=_("Reason and reference of the act"), widget=forms.Textarea(attrs={"rows": 2})
    )
    right = RightChoiceField(
        queryset=Right.objects.none(), required=False, label=_("Right transferred"), empty_label="—"
    )
    parts = forms.CharField(required=False, widget=BoundaryWidget(), label=_("Parts"))
    merge_with = forms.CharField(required=False, label=_("Parcels to join"))
    legal_basis = forms.CharField(required=False, max_length=255, label=_("Legal basis"))
    start_date = forms.DateField(required=False, widget=DateInput(), label=_("From"))
    end_date = forms.DateField(required=False, widget=DateInput(), label=_("Until"))
    # A mortgage: its creditor (an organisation of the village's register, or a new one by name) and terms;
    # its period is the lease's « From » and « Until » above (« Until » left empty: until repayment).
    creditor = forms.ModelChoiceField(
        queryset=Party.objects.none(), required=False, label=_("Registered creditor"), empty_label="—"
    )
    creditor_name = forms.CharField(
        required=False, max_length=255, label=_("or name of the bank or microfinance institution")
    )
    amount = forms.DecimalField(
        required=False, min_value=1, max_digits=16, decimal_places=0, label=_("Secured amount")
    )
    currency = forms.ChoiceField(required=False, choices=[("", "—"), *Currency.choices], label=_("Currency"))
    deed_reference = forms.CharField(
        required=False, max_length=255, label=_("Reference of the mortgage deed")
    )
    deed_date = forms.DateField(required=False, widget=DateInput(), label=_("Date of the deed"))
    corrected_party = HolderChoiceField(
        queryset=Party.objects.none(),
        required=False,
        label=_("Record corrected"),
        empty_label=_("the parcel"),
    )
    field = forms.ChoiceField(required=False, label=_("Field"))
    value = forms.CharField(required=False, label=_("Corrected value"))
    corrected_boundary = forms.CharField(
        required=False, widget=BoundaryWidget(), label=_("Corrected boundary (field “boundary”)")
    )
    source_type = forms.ChoiceField(required=False, choices=[("", "—"), *SourceType.choices], label=_("Type"))
    document_date = forms.DateField(required=False, widget=DateInput(), label=_("Date"))
    reference = forms.CharField(required=False, max_length=255, label=_("Reference"))
    file = forms.FileField(required=False, label=_("File"))
    submit_now = forms.BooleanField(
        required=False, initial=True, label=_("Submit now (a receipt number is given)")
    )

    def __init__(self, *args, parcel: Parcel, rights, holders, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.parcel, self.user = parcel, user
        self.fields["kind"].choices = [("", "—"), *((k, ClaimPurpose(k).label) for k in CHANGE_KINDS)]
        self.fields["right"].queryset = rights
        self.fields["creditor"].queryset = Party.objects.current().filter(
            village=parcel.village, kind=PartyKind.NON_NATURAL
        )
        corrected = self.fields["corrected_party"]
        corrected.queryset = Party.objects.filter(pk__in=[p.pk for p in holders]).select_related("village")
        corrected.labels = PartyLabels(user)
        self.fields["field"].choices = [
            ("", "—"),
            (_("Parcel"), _labelled(Parcel, CORRECTABLE_PARCEL_FIELDS)),
            (_("Person or group"), _labelled(Party, CORRECTABLE_PARTY_FIELDS)),
        ]
        self._map(parcel)

    def _map(self, parcel: Parcel) -> None:
        """The map editors of the parts and of the corrected boundary: the parcel, its village, and the
        tolerance the parts' summed area is held to (the one ``split_parts_checked`` applies)."""
        try:
            tolerance = split_tolerance_m2(profile_for(parcel.village), parcel.area_m2)
        except NoProcedureError:
            tolerance = 0.0
        for name, parts in (("parts", True), ("corrected_boundary", False)):
            widget = self.fields[name].widget
            widget.village, widget.villages, widget.original = parcel.village, [parcel.village], parcel
            widget.parts, widget.tolerance_m2 = parts, tolerance
        self.fields["corrected_boundary"].initial = parcel.geometry.geojson  # corrected from where it is
        self.fields["corrected_boundary"].widget.scripts = False  # the parts' editor, above, loads them

    def clean_parts(self) -> list:
        text = self.cleaned_data["parts"].strip()
        if self.cleaned_data.get("kind") != ClaimPurpose.SPLIT:
            return []  # what the other kinds' sections hold is not theirs to check
        try:
            loaded = json.loads(text) if text else []
        except ValueError as exc:
            raise ValidationError(_("The parts are not valid GeoJSON.")) from exc
        if isinstance(loaded, dict) and loaded.get("type") == "FeatureCollection":
            loaded = [f.get("geometry") for f in loaded.get("features", []) if isinstance(f, dict)]
        return loaded if isinstance(loaded, list) else []

    def clean_merge_with(self) -> list[Parcel]:
        if self.cleaned_data.get("kind") != ClaimPurpose.MERGE:
            return []
        numbers = {n.strip() for n in self.cleaned_data["merge_with"].split(",") if n.strip()}
        others = list(parcels_visible_to(self.user).current().filter(number__in=numbers))
        if len(others) != len(numbers):
            raise ValidationError(_("A parcel number to merge with is unknown or retired."))
        return others

    def clean(self):
        data = super().clean()
        if data.get("field") == "geometry":  # the map's text area; a boundary typed as the value still counts
            text = (data.get("corrected_boundary") or "").strip() or (data.get("value") or "").strip()
            try:
                data["value"] = json.loads(text)
            except ValueError:
                self.add_error("corrected_boundary", _("The corrected boundary is not valid GeoJSON."))
        if data.get("kind") == ClaimPurpose.MORTGAGE and not (
            data.get("creditor") or (data.get("creditor_name") or "").strip()
        ):
            self.add_error(
                "creditor_name", _("Name the bank or microfinance institution the land is pledged to.")
            )
        if data.get("source_type") and not data.get("document_date"):
            self.add_error("document_date", _("Give the date of the document."))
        return data

    def details(self) -> dict:
        """What ``change_draft`` reads for the kind chosen (its ``data``)."""
        data, kind = self.cleaned_data, self.cleaned_data["kind"]
        details = {"reason": data["reason"]}
        if kind == ClaimPurpose.SPLIT:
            details["parts"] = data["parts"]
        elif kind in (ClaimPurpose.LEASE, ClaimPurpose.LOAN):
            details |= {
                "legal_basis": data["legal_basis"],
                "start_date": _iso(data["start_date"]),
                "end_date": _iso(data["end_date"]),
            }
        elif kind == ClaimPurpose.MORTGAGE:
            details |= {
                "legal_basis": data["deed_reference"],
                "deed_date": _iso(data["deed_date"]),
                "start_date": _iso(data["start_date"]),
                "end_date": _iso(data["end_date"]),
                "amount": str(data["amount"] or ""),
                "currency": data["currency"],
            }
        elif kind == ClaimPurpose.CORRECTION:
            details["changes"] = {data["field"]: data["value"]} if data["field"] else {}
        return details

    def creditors(self) -> list[ClaimantInput]:
        """A mortgage's creditor, as the application's one new holder (an organisation)."""
        if self.cleaned_data["kind"] != ClaimPurpose.MORTGAGE:
            return []
        party = self.cleaned_data["creditor"]
        name = "" if party else self.cleaned_data["creditor_name"].strip()
        return [ClaimantInput(kind=PartyKind.NON_NATURAL, name=name, party=party)]

    def parcels(self) -> list[Parcel]:
        return [self.parcel, *self.cleaned_data["merge_with"]]

    def party_corrected(self) -> Party | None:
        if self.cleaned_data["kind"] != ClaimPurpose.CORRECTION:
            return None
        return self.cleaned_data["corrected_party"]


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


class NewHolderForm(RepresentedRowForm):
    """One row of who takes the right: a registered person of the village, or a new person by name. A child
    (younger than the profile's age of majority today) is named with their legal representative: the row
    says so beside the field, as ``change_draft`` would refuse it (changes.minors)."""

    birth_date = forms.DateField(label=_("Date of birth (new person)"), required=False, widget=DateInput())
    # The row's cells in the table's order: the person, then who represents a child (the representative's).
    field_order = ["party", "last_name", "first_names", "sex", "share", "birth_date"]

    def __init__(self, *args, parties, shown, majority_age: int = DEFAULT_MAJORITY_AGE, **kwargs):
        super().__init__(*args, parties=parties, shown=shown, **kwargs)
        self.majority_age = majority_age
        self.fields["party"].error_messages["invalid_choice"] = _(
            "A person chosen is not registered in this village."
        )

    def clean(self):
        data = super().clean()
        representation_errors([self], majority_age=self.majority_age)
        return data

    def holder(self) -> ClaimantInput | None:
        data = self.cleaned_data
        party = data.get("party")
        if party is None and not (data.get("last_name") or "").strip():
            return None  # an empty row
        return ClaimantInput(
            last_name=data["last_name"],
            first_names=data["first_names"],
            sex=data["sex"],
            share=str(data["share"] or 1),
            party=party,
            kind=party.kind if party else "natural",
            # A registered person's birth date is their record's (a correction changes it, not this row).
            extra={**self.representation(), "birth_date": None if party else data["birth_date"]},
        )


class ChangeForms:
    """The application's form and its rows of people, checked together; ``query`` (the person search)
    shortens the list each row offers, never what a row may hold (any current person of the village)."""

    def __init__(self, *, parcel, rights, holders, user, query: str = "", data=None, files=None):
        parties = Party.objects.current().filter(village=parcel.village)
        # The document is mostly brought the day the application is lodged: its date is offered as on the
        # claim page's document form (blank, it was refused at the foot of the page and its scan lost).
        self.change = ChangeForm(
            data,
            files,
            initial={"document_date": clock.today()},
            parcel=parcel,
            rights=rights,
            holders=holders,
            user=user,
        )
        formset = forms.formset_factory(NewHolderForm, extra=HOLDER_ROWS, max_num=20, validate_max=True)
        self.holders = formset(
            data,
            prefix="holders",
            form_kwargs={
                "parties": parties,
                "shown": parties_for_choice(parties, query, user=user),
                "majority_age": _majority_age(parcel.village),
            },
        )

    def is_valid(self) -> bool:
        return all([self.change.is_valid(), self.holders.is_valid()])

    def new_holders(self) -> list[ClaimantInput]:
        # A mortgage's creditor and any row of people typed: more than the one creditor is refused by the
        # service, not dropped here (the rows typed are kept on the page with its error).
        rows = [h for h in (form.holder() for form in self.holders) if h is not None]
        return self.change.creditors() + rows


def _majority_age(village) -> int:
    try:
        return profile_for(village).majority_age
    except NoProcedureError:
        return DEFAULT_MAJORITY_AGE  # the page says the commune has no procedure; change_draft refuses


class MortgageReleaseForm(forms.Form):
    deed_reference = forms.CharField(label=_("Reference of the release deed"), max_length=255)
    deed_date = forms.DateField(label=_("Date of the release deed"), widget=DateInput())
