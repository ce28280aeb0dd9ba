"""The claim form: the parcel, the right claimed and who claims it, alone, jointly or as a group.

``ClaimForms`` bundles the claim's own fields with the holders' and the members' formsets, checks them
together (one person alone, exact shares adding up to 1, one mandatary and a mandate for a group) and hands
the service explicit values. A form that fails keeps everything typed, with each error next to its field.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from landreg.adjudication.changes.minors import REPRESENTATIVE_FIELDS
from landreg.adjudication.claims.services import ClaimantInput
from landreg.adjudication.models import ClaimantRole
from landreg.adjudication.pages.person_forms import (
    HolderForm,
    MemberForm,
    parties_for_choice,
    person_formset,
    representation_errors,
)
from landreg.adjudication.pages.secondary_forms import secondary_formset, secondary_initial
from landreg.adjudication.profiles import NoProcedureError, profile_for
from landreg.parcels.checks import BoundaryErrors, check_boundary
from landreg.parcels.models import SurveyMethod
from landreg.parties.minority import DEFAULT_MAJORITY_AGE
from landreg.parties.models import GroupType, Party, PartyKind
from landreg.rights.models import RightType, TenureSystem
from landreg.web.boundary import BoundaryField
from landreg.web.widgets import DateInput

INDIVIDUAL, JOINT, COLLECTIVE = "individual", "joint", "collective"
HOLDINGS = [
    (INDIVIDUAL, _("one person")),
    (JOINT, _("several persons jointly (spouses, co-heirs…), with their shares")),
    (COLLECTIVE, _("a family or lineage, represented by its mandatary")),
]
LAND_USES = [
    ("cropland", _("cropland")),
    ("residential", _("residential")),
    ("pasture", _("pasture")),
    ("forest", _("forest")),
    ("orchard", _("orchard")),
    ("other", _("other")),
]


class RightTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, right_type):
        return str(right_type)


# What the agent is offered: « method not stated » is what the doors that did not ask record, not an answer.
STATED_METHODS = [(value, label) for value, label in SurveyMethod.choices if value != SurveyMethod.UNKNOWN]


class SurveyMethodField(forms.ChoiceField):
    """A stated method, or « method not stated » kept as it is: a draft the API or a device recorded
    without its method shows it so (see ClaimForm), and saving its other corrections keeps it, true, rather
    than a method preselected and saved unseen, as GPS was."""

    def valid_value(self, value):
        return value == SurveyMethod.UNKNOWN or super().valid_value(value)


class ClaimForm(forms.Form):
    village = forms.ModelChoiceField(queryset=None, label=_("Village"), empty_label=None)
    right_type = RightTypeChoiceField(
        queryset=RightType.objects.filter(kind="right", is_secondary=False),
        to_field_name="code",
        label=_("Right claimed"),
        empty_label=None,
        initial="customaryType",
    )
    tenure_system = forms.ChoiceField(
        label=_("Tenure system"), choices=TenureSystem.choices, initial=TenureSystem.CUSTOMARY
    )
    land_use = forms.ChoiceField(label=_("Land use"), choices=LAND_USES, initial="cropland")
    local_name = forms.CharField(label=_("Place"), max_length=200, required=False)
    geometry = BoundaryField(
        label=_("Boundary: draw it on the map, load a GPS file or paste its coordinates")
    )
    # The form had no such field, so every claim was « levé GPS par cheminement », even one drawn on the map,
    # and the parcel's page, certificate and register extract printed it. A boundary is most often drawn on
    # the map's imagery here, hence the choice offered first; the agent who walked it with a GPS says so.
    # The map editor (web/static/web/maps/editor.js) presets it as the boundary is made: « levé GPS par
    # cheminement » for a GPS file or typed points, « numérisé sur imagerie » when drawn; a choice made by
    # hand stands.
    survey_method = SurveyMethodField(
        label=_("Survey method"),
        choices=STATED_METHODS,
        initial=SurveyMethod.IMAGERY,
        widget=forms.Select(attrs={"data-method-from-boundary": ""}),
    )
    limit_north = forms.CharField(label=_("North"), max_length=200, required=False)
    limit_east = forms.CharField(label=_("East"), max_length=200, required=False)
    limit_south = forms.CharField(label=_("South"), max_length=200, required=False)
    limit_west = forms.CharField(label=_("West"), max_length=200, required=False)
    holding = forms.ChoiceField(
        label=_("Who claims"), choices=HOLDINGS, initial=INDIVIDUAL, widget=forms.RadioSelect
    )
    group_name = forms.CharField(label=_("Name of the family or lineage"), max_length=200, required=False)
    group_type = forms.ChoiceField(
        label=_("Kind of group"), choices=[("", "—"), *GroupType.choices], required=False
    )
    mandate_reference = forms.CharField(label=_("Reference of the mandate"), max_length=120, required=False)
    mandate_date = forms.DateField(label=_("Date of the mandate"), required=False, widget=DateInput())
    mandate_file = forms.FileField(label=_("Scan of the mandate"), required=False)

    # The family's part of the form, read for a family or lineage only (``clean``).
    GROUP_FIELDS = ("group_name", "group_type", "mandate_reference", "mandate_date", "mandate_file")

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self.fields["geometry"].widget.villages = villages
        shown = (
            self.data.get(self.add_prefix("survey_method"))
            if self.is_bound
            else self.initial.get("survey_method")
        )
        if (
            shown == SurveyMethod.UNKNOWN
        ):  # a draft recorded without its method: said so, until the agent says
            self.fields["survey_method"].choices = [
                (SurveyMethod.UNKNOWN, SurveyMethod.UNKNOWN.label),
                *STATED_METHODS,
            ]

    def clean(self):
        data = super().clean()
        village, geometry = data.get("village"), data.get("geometry")
        if village is not None and geometry is not None:
            try:  # the village's boundary, when known, is checked now rather than at the mayor's approval
                check_boundary(geometry, srid=4326, village=village)
            except BoundaryErrors as exc:
                self.add_error("geometry", [issue.message for issue in exc.issues])
        if data.get("holding") in (INDIVIDUAL, JOINT):
            # The family's part, shown to whoever has no script, is not read for a person or persons: what it
            # holds (a date of mandate the browser kept half typed) refuses nothing.
            for name in self.GROUP_FIELDS:
                self.errors.pop(name, None)
                data.pop(name, None)
        if data.get("holding") == COLLECTIVE:
            for name, message in (
                ("group_name", _("Give the name of the family or lineage.")),
                ("group_type", _("Say what kind of group claims.")),
                ("mandate_reference", _("Give the reference of the mandate naming the mandatary.")),
                ("mandate_date", _("Give the date of the mandate.")),
            ):
                if not data.get(name):
                    self.add_error(name, message)
        return data


class ClaimForms:
    """The claim form and its two tables of people, checked together. Only the table of the holding chosen is
    read: the claimants' rows for one person or several jointly, the members' for a family or lineage. The
    page shows the other one only to a browser without script (adjudication/holding.js hides it), and what
    is left in it neither refuses the claim nor reaches it."""

    def __init__(self, *, user, user_villages, parties, query: str = "", data=None, files=None, initial=None):
        initial = initial or {}
        shown = parties_for_choice(parties, query, user=user)
        self.claim = ClaimForm(data=data, files=files, villages=user_villages, initial=initial.get("claim"))
        self.holders = person_formset(
            HolderForm,
            prefix="holders",
            data=data,
            initial=initial.get("holders"),
            parties=parties,
            shown=shown,
        )
        self.members = person_formset(
            MemberForm,
            prefix="members",
            data=data,
            initial=initial.get("members"),
            parties=parties,
            shown=shown,
            extra=4,
        )
        self.secondary = secondary_formset(
            data=data, initial=initial.get("secondary"), parties=parties, shown=shown
        )
        self.errors: list[str] = []  # problems of the whole table, shown above it
        # The table not read for the holding chosen, whose rows the page shows without their errors.
        self.holders_ignored = self.members_ignored = False

    def is_valid(self) -> bool:
        valid = self.claim.is_valid() & self.secondary.is_valid()
        holding = self.claim.cleaned_data.get("holding")
        if holding is None:
            return False
        people = self.members if holding == COLLECTIVE else self.holders
        self.holders_ignored, self.members_ignored = holding == COLLECTIVE, holding != COLLECTIVE
        valid &= people.is_valid()
        # The checks across rows run even when a field is wrong, so every problem is said at once.
        rows = people.filled()
        if holding == COLLECTIVE:
            self._check_collective(rows)
        else:
            self._check_holders(holding, rows)
            self._check_minors(rows)
        self._check_repeated(rows)
        return valid and not self.errors and not any(f.errors for f in rows)

    def _check_holders(self, holding, holders) -> None:
        # A registered family or lineage chosen in a row claims alone (claims.services.check_claimant_inputs):
        # said beside the row that chose it, where the agent corrects it (it was said above the form only).
        if len(holders) > 1:
            for row in holders:
                party = row.cleaned_data.get("party")
                if party is not None and party.kind != PartyKind.NATURAL:
                    row.add_error(
                        "party", _("A group claims alone; its members are listed with their shares.")
                    )
        if not holders:
            self.errors.append(_("Name the person who claims."))
        elif holding == INDIVIDUAL and len(holders) > 1:
            self.errors.append(_("One person claims alone: choose “several persons jointly” for more."))
        elif holding == INDIVIDUAL and holders[0].cleaned_data.get("share") not in (None, 1):
            holders[0].add_error("share", _("A person claiming alone holds the whole (1)."))
        elif holding == JOINT:
            if len(holders) < 2:
                self.errors.append(_("A joint claim names at least two persons."))
            problem = self.holders.shares_error(required=True)
            if problem:
                self.errors.append(problem)

    def _check_collective(self, members) -> None:
        if not members:
            self.errors.append(_("List the members of the family or lineage with their shares."))
            return
        problem = self.members.shares_error(required=True)
        if problem:
            self.errors.append(problem)
        if sum(1 for m in members if m.cleaned_data.get("mandatary")) != 1:
            self.errors.append(_("Tick exactly one mandatary among the members."))

    def _check_minors(self, holders) -> None:
        """A child claiming is named with their legal representative, beside their row (changes.minors, as
        ``claim_draft`` refuses it), minority read against the profile of the village chosen."""
        village = self.claim.cleaned_data.get("village")
        if village is None:
            return

        def majority_age() -> int:
            try:
                return profile_for(village).majority_age
            except NoProcedureError:
                return DEFAULT_MAJORITY_AGE  # claim_draft refuses the claim and says why

        representation_errors(holders, majority_age=majority_age)

    def _check_repeated(self, rows) -> None:
        chosen = [f.cleaned_data["party"].pk for f in rows if f.cleaned_data.get("party")]
        if len(chosen) != len(set(chosen)):
            self.errors.append(_("A registered person is chosen twice."))

    def claimants(self) -> list[ClaimantInput]:
        """What the service is given: the holders, or the group and its members."""
        data = self.claim.cleaned_data
        if data["holding"] != COLLECTIVE:
            return [form.to_input() for form in self.holders.filled()]
        group = ClaimantInput(
            kind=PartyKind.GROUP, name=data["group_name"].strip(), group_type=data["group_type"], share="1"
        )
        members = [
            form.to_input(
                role=ClaimantRole.MANDATARY if form.cleaned_data["mandatary"] else ClaimantRole.MEMBER
            )
            for form in self.members.filled()
        ]
        return [group, *members]

    def secondary_rights(self) -> list:
        return [form.to_input() for form in self.secondary.filled()]

    def limits(self) -> dict:
        return {side: self.claim.cleaned_data[f"limit_{side}"] for side in ("north", "east", "south", "west")}


def claim_initial(claim) -> dict:
    """A draft's values as the form shows them for editing."""
    holders, members, group = [], [], None
    for row in claim.claimants.order_by("id"):
        values = {
            "party": row.party_id,
            "last_name": row.last_name,
            "first_names": row.first_names,
            "sex": row.sex,
            "birth_date": row.birth_date,
            "birth_place": row.birth_place,
            "id_document_type": row.id_document_type,
            "id_document_number": row.id_document_number,
            "profession": row.profession,
            "domicile": row.domicile,
            "share": str(row.share),
        }
        # A family or lineage typed on the form is its "collective" part; a registered group chosen in a row
        # stays that row, chosen (its name, members and mandate are the register's).
        if row.role == ClaimantRole.HOLDER and row.kind == PartyKind.GROUP and row.party_id is None:
            group = row
        elif row.role == ClaimantRole.HOLDER:
            holders.append(values | {name: getattr(row, name) for name in REPRESENTATIVE_FIELDS})
        else:
            members.append(values | {"mandatary": row.role == ClaimantRole.MANDATARY})
    mandate = claim.documents.filter(source_type="mandate").order_by("-document_date").first()
    claim_values = {
        "village": claim.village_id,
        "right_type": claim.right_type_id,
        "tenure_system": claim.tenure_system,
        "land_use": claim.land_use,
        "survey_method": claim.survey_method,
        "local_name": claim.local_name,
        "geometry": claim.geometry,
        **{f"limit_{side}": getattr(claim, f"limit_{side}") for side in ("north", "east", "south", "west")},
        "holding": COLLECTIVE if group else (JOINT if len(holders) > 1 else INDIVIDUAL),
        "group_name": group.public_name if group else "",
        "group_type": group.group_type if group else "",
        "mandate_reference": mandate.reference if mandate else "",
        "mandate_date": mandate.document_date if mandate else None,
    }
    return {
        "claim": claim_values,
        "holders": holders,
        "members": members,
        "secondary": secondary_initial(claim),
    }


def scoped_parties(villages) -> "Party.objects":
    """Registered people an agent may name on a claim: those of the villages where they record claims."""
    return Party.objects.current().filter(village__in=villages).select_related("village")
