"""Forms of the dispute pages: each validates named fields, then the view calls one service or move."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from landreg.core import clock
from landreg.disputes.cases.transitions import JUDGEMENT_SCAN_REQUIRED
from landreg.disputes.models import SIGNED_MARKS
from landreg.disputes.outcomes.changes import change_refusal, changes_that_apply
from landreg.disputes.outcomes.joint_withdrawal import PartyMark
from landreg.disputes.selectors import TypedParty, party_typed
from landreg.disputes.states import AgreedChange, DisputeKind, DisputeRole, OutcomeKind
from landreg.documents.forms import FileOrReference
from landreg.documents.models import SourceType
from landreg.parcels.models import Parcel
from landreg.parties.choice_labels import PartyLabels
from landreg.parties.models import IdDocumentType, Party, Sex
from landreg.web.boundary import BoundaryField
from landreg.web.widgets import DateInput

NEW_PERSON = "new"  # a party of the case registered as a new person by the agreement's form
# What the agreement's form may say of such a new person, each an optional field « person_<pk>_<detail> ».
DETAILS = ("birth_year", "domicile", "id_document_type", "id_document_number")
BIRTH_YEAR_MIN = 1880  # as the API's year of birth (disputes.api)

# Changes a page may ask for; revised shares name registered parties by their identifier (API or below).
PAGE_CHANGES = [
    AgreedChange.NONE,
    AgreedChange.WITHDRAW_OBJECTION,
    AgreedChange.REJECT_OBJECTION,
    AgreedChange.LIFT_DISAGREEMENT,
    AgreedChange.WITHDRAW_CLAIM,
    AgreedChange.BOUNDARY,
    AgreedChange.SHARES,
    AgreedChange.END_RIGHT,
]


NOT_REGISTERED = "none"  # a party typed on a new case who is none of the registered namesakes


class CaseOpenForm(forms.Form):
    """A case opened directly on registered parcels of one village, with up to three parties. A party typed
    by name is linked to the registered person they are: the one holder of the parcels who bears that name,
    none of the village's other persons bearing it too; where several persons of the village bear it (or one
    who holds none of the parcels), the form asks « Qui est … ? » among them, as the agreement does, and the
    case is opened once the user has said (one of them, or none: a person not registered)."""

    village = forms.ModelChoiceField(label=_("Village"), queryset=None, empty_label="—")
    parcels = forms.CharField(label=_("Parcel numbers"), help_text=_("Separated by commas."))
    kind = forms.ChoiceField(label=_("Type"), choices=DisputeKind.choices)
    subject = forms.CharField(label=_("Subject"), max_length=500)
    grounds = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    PARTY_ROWS = 3

    def __init__(self, *args, villages, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self.namesakes: dict[int, TypedParty] = {}  # row -> whom the party typed may be (selectors)
        for i in range(self.PARTY_ROWS):
            # A table's cells without a label of their own: each named for a screen reader (« Rôle de la
            # partie 1 »).
            row = {"number": i + 1}
            self.fields[f"party{i}_role"] = forms.ChoiceField(
                label=pgettext_lazy("capacity", "Role"),
                choices=[("", "—"), *DisputeRole.choices],
                required=False,
                widget=forms.Select(attrs={"aria-label": _("Role of party %(number)s") % row}),
            )
            self.fields[f"party{i}_name"] = forms.CharField(
                label=_("Name"),
                max_length=200,
                required=False,
                widget=forms.TextInput(attrs={"aria-label": _("Name of party %(number)s") % row}),
            )
            self.fields[f"party{i}_sex"] = forms.ChoiceField(
                label=_("Sex"),
                choices=[("", "—"), *Sex.choices],
                required=False,
                widget=forms.Select(attrs={"aria-label": _("Sex of party %(number)s") % row}),
            )
        if self.is_bound:
            self._ask_who(PartyLabels(user))

    def _typed_land(self):
        """The village and the current parcels as typed, read before the form is checked (the questions
        « Qui est … ? » are fields of the form): nothing when the village is not one offered."""
        try:
            village = self.fields["village"].clean(self.data.get("village"))
        except forms.ValidationError:
            return None, []
        numbers = [n.strip() for n in (self.data.get("parcels") or "").split(",") if n.strip()]
        return village, list(Parcel.objects.current().filter(village=village, number__in=numbers))

    def _ask_who(self, labels) -> None:
        """For each party typed whom registered persons of the village may be, a question « Qui est … ? »
        offering them (the parcels' holders said as such) or none of them; none for a name the village's
        persons do not bear."""
        village, parcels = self._typed_land()
        for i in range(self.PARTY_ROWS):
            name = " ".join((self.data.get(f"party{i}_name") or "").split())
            typed = party_typed(village, parcels, name, self.data.get(f"party{i}_sex") or "")
            self.namesakes[i] = typed
            if not typed.to_ask:
                continue  # no one of this name, or the one holder of this land who bears it
            people, holding = typed.people, typed.holding
            question = gettext("Who is %(name)s?") % {"name": name}
            self.fields[f"party{i}_person"] = forms.ChoiceField(
                label=question,
                required=False,
                choices=[
                    ("", "—"),
                    *(
                        (
                            str(p.pk),
                            gettext("%(person)s, holder of this land") % {"person": labels(p)}
                            if p.pk in holding
                            else labels(p),
                        )
                        for p in people
                    ),
                    (NOT_REGISTERED, gettext("None of them: not registered")),
                ],
                widget=forms.Select(attrs={"aria-label": question}),
            )

    def party_rows(self):
        return [
            (
                self[f"party{i}_role"],
                self[f"party{i}_name"],
                self[f"party{i}_sex"],
                self[f"party{i}_person"] if f"party{i}_person" in self.fields else None,
            )
            for i in range(self.PARTY_ROWS)
        ]

    def _person(self, i: int, name: str):
        """The registered person party ``i`` is (None: not registered), or an error beside the question."""
        typed = self.namesakes.get(i, TypedParty([], set()))
        field = f"party{i}_person"
        if field not in self.fields:
            return typed.linked
        chosen = self.cleaned_data.get(field)
        if not chosen:
            self.add_error(
                field,
                _(
                    "Registered persons of the village bear the name %(name)s: say which one is this party, "
                    "or that none of them is."
                )
                % {"name": name},
            )
            return None
        return next((p for p in typed.people if str(p.pk) == chosen), None)

    def clean(self):
        data = super().clean()
        village = data.get("village")
        numbers = [n.strip() for n in (data.get("parcels") or "").split(",") if n.strip()]
        if village is not None and numbers:
            found = list(Parcel.objects.current().filter(village=village, number__in=numbers))
            missing = sorted(set(numbers) - {p.number for p in found})
            if missing:
                self.add_error(
                    "parcels",
                    _("No current parcel %(numbers)s in this village.") % {"numbers": ", ".join(missing)},
                )
            data["parcel_objects"] = found
        rows = [
            (
                data.get(f"party{i}_role"),
                (data.get(f"party{i}_name") or "").strip(),
                data.get(f"party{i}_sex") or "",
            )
            for i in range(self.PARTY_ROWS)
        ]
        typed = [(i, *r) for i, r in enumerate(rows) if r[0] or r[1]]
        if not typed:
            raise forms.ValidationError(_("Name the parties to the dispute."))
        if any(not role or not name for _i, role, name, _sex in typed):
            raise forms.ValidationError(_("Each party needs a name and a role from the list."))
        data["party_rows"] = []
        for i, role, name, sex in typed:
            person = self._person(i, name)
            data["party_rows"].append((role, name, sex or (person.sex if person else ""), person))
        return data


class ScheduleForm(forms.Form):
    scheduled_for = forms.DateField(label=_("Scheduled for"), widget=DateInput())
    # In its own context: the site visit's "Place" is a lieu-dit, a session's is where it sits.
    place = forms.CharField(label=pgettext_lazy("session", "Place"), max_length=200)


class SessionChoiceForm(forms.Form):
    """A form about one of the case's sessions scheduled and not yet held (``sessions``, by day), chosen by
    its day and place."""

    session = forms.ChoiceField(label=pgettext_lazy("dispute session", "Session"))

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [
            (str(s.pk), f"{date_format(s.scheduled_for, 'SHORT_DATE_FORMAT')} — {s.place}") for s in sessions
        ]


class RescheduleForm(SessionChoiceForm):
    scheduled_for = forms.DateField(label=_("New date"), widget=DateInput())
    place = forms.CharField(
        label=pgettext_lazy("session", "Place"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to keep the place."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CancelSessionForm(SessionChoiceForm):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the session is cancelled.")},
    )


class HoldForm(forms.Form):
    """A held session, with for each party of the case whether they came and what they said."""

    session = forms.UUIDField(widget=forms.HiddenInput)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    conciliators = forms.CharField(label=_("Conciliators present"), max_length=500)
    language = forms.CharField(label=_("Language of the session"), max_length=64)
    translation_language = forms.CharField(
        label=pgettext_lazy("dispute session", "Translated into"), max_length=64, required=False
    )
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = list(parties)
        for party in self.parties:
            # In a table row without a label of their own: named for a screen reader by the party's name.
            named = {"name": party.name}
            self.fields[f"present_{party.pk}"] = forms.BooleanField(
                label=party.name,
                required=False,
                widget=forms.CheckboxInput(attrs={"aria-label": _("%(name)s present") % named}),
            )
            self.fields[f"position_{party.pk}"] = forms.CharField(
                label=_("Position"),
                widget=forms.Textarea(attrs={"rows": 2, "aria-label": _("Position of %(name)s") % named}),
                required=False,
            )

    def party_rows(self):
        return [(p, self[f"present_{p.pk}"], self[f"position_{p.pk}"]) for p in self.parties]

    def positions(self):
        from landreg.disputes.cases.transitions import PositionInput

        data = self.cleaned_data
        return [PositionInput(p.pk, data[f"present_{p.pk}"], data[f"position_{p.pk}"]) for p in self.parties]


class OutcomeForm(forms.Form):
    decided_on = forms.DateField(label=_("Date"), widget=DateInput())
    summary = forms.CharField(
        label=pgettext_lazy("dispute outcome", "Terms"), widget=forms.Textarea(attrs={"rows": 4})
    )


class AgreementForm(OutcomeForm):
    outcome_kind = OutcomeKind.AGREEMENT  # which changes apply (outcomes.changes.change_refusal)
    signatures = forms.CharField(label=_("Signatures and marks"), widget=forms.Textarea(attrs={"rows": 2}))
    change = forms.ChoiceField(
        label=_("Change to the register"), choices=[(c.value, c.label) for c in PAGE_CHANGES]
    )
    geometry = BoundaryField(label=_("Agreed boundary"), required=False)
    holders = forms.CharField(
        label=_("Agreed holders"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_(
            "For revised shares: one line per holder, “name as in the register = share”, "
            "e.g. KABORÉ Salamata = 1/2."
        ),
    )

    def __init__(self, *args, people, newcomers=(), user=None, case=None, **kwargs):
        """``people``: the registered persons the case's land names (selectors.people_of_case), whom the
        agreed holders are chosen among; read only when the form is checked. ``newcomers``: the case's parties
        known only by name, each with the registered persons of the village of the same name (selectors.
        parties_to_identify): one may be named a holder once the user says who they are, one of those
        namesakes or a new person of the village (never registered twice without the user saying so)."""
        super().__init__(*args, **kwargs)
        self.case = case
        offered = PAGE_CHANGES
        if case is not None:  # only the changes that can apply to this case (outcomes.changes)
            offered = changes_that_apply(case, PAGE_CHANGES, kind=self.outcome_kind)
            self.fields["change"].widget.choices = [(c.value, c.label) for c in offered]
        if AgreedChange.SHARES not in offered:
            # Only revised holders name a person: where no change offered does (an objection withdrawn, a
            # boundary), « Qui est … ? » would ask a question nothing the form records needs answered.
            newcomers = ()
        self.people = people
        self.newcomers: dict[str, tuple] = {}  # field name -> (the case's party, its namesakes by pk)
        self.identified: dict[int, tuple] = {}  # the case's party pk -> (that party, the namesake or None)
        labels = PartyLabels(user)  # namesakes told apart, for what the user may see
        for case_party, namesakes in newcomers:
            name = f"person_{case_party.pk}"
            self.newcomers[name] = (case_party, {str(p.pk): p for p in namesakes})
            village = case_party.case.village.name
            self.fields[name] = forms.ChoiceField(
                label=gettext("Who is %(name)s?") % {"name": case_party.name},
                required=False,
                choices=[
                    ("", "—"),
                    *((str(p.pk), labels(p)) for p in namesakes),
                    (
                        NEW_PERSON,
                        gettext("Not registered yet: register as a new person of %(village)s")
                        % {"village": village},
                    ),
                ],
                help_text=_(
                    "A party of the case not registered in the village. To name them a holder, choose the "
                    "registered person of the same name if it is them, or register them."
                ),
            )
            self._offer_details(name, case_party, personal=labels.personal_at(case_party.case.village.path))

    def clean_change(self):
        """A change the page does not offer this case (a forged form, a page left open while the case
        changed) is refused with the reason, not Django's « choose a valid choice »."""
        change = self.cleaned_data["change"]
        refusal = change_refusal(self.case, change, kind=self.outcome_kind) if self.case is not None else None
        if refusal:
            raise forms.ValidationError(refusal)
        return change

    def _offer_details(self, name: str, case_party, *, personal: bool) -> None:
        """What the office would complete of a person registered by the agreement, all optional: the year of
        birth, the domicile and, for a user who may see the personal data of the case's village, the ID
        document (as a claim's new person gives them: adjudication.pages.person_forms.PersonForm). A family or
        lineage (``is_group``, selectors.parties_to_identify) is asked its domicile only: it has no year of
        birth and no ID document."""
        who = {"name": case_party.name}
        natural = not getattr(case_party, "is_group", False)
        if natural:
            self.fields[f"{name}_birth_year"] = forms.IntegerField(
                label=gettext("%(name)s: year of birth") % who,
                required=False,
                min_value=BIRTH_YEAR_MIN,
                help_text=_("For a new person only, if known: kept as an approximate date of birth."),
            )
        self.fields[f"{name}_domicile"] = forms.CharField(
            label=gettext("%(name)s: domicile") % who, max_length=200, required=False
        )
        if personal and natural:
            self.fields[f"{name}_id_document_type"] = forms.ChoiceField(
                label=gettext("%(name)s: ID document") % who,
                choices=[("", "—"), *IdDocumentType.choices],
                required=False,
            )
            self.fields[f"{name}_id_document_number"] = forms.CharField(
                label=gettext("%(name)s: ID document number") % who, max_length=64, required=False
            )

    def _details(self, field: str, case_party) -> dict:
        """The details typed for a party of the case registered as a new person (``new_person_details``),
        checked as a claim's new person's are; typed for one not registered by this form, an error, not
        dropped."""
        data = self.cleaned_data
        names = [f"{field}_{detail}" for detail in DETAILS if f"{field}_{detail}" in self.fields]
        typed = {name: data.get(name) for name in names if data.get(name) not in (None, "")}
        if not typed:
            return {}
        chosen = data.get(field)
        if chosen != NEW_PERSON or case_party.pk not in self.identified:
            for name in typed:
                self.add_error(
                    name,
                    _(
                        'Only for a party registered as a new person by this agreement: choose "not '
                        'registered yet" and name them among the holders, or leave this empty.'
                    ),
                )
            return {}
        year = data.get(f"{field}_birth_year")
        if year and year > clock.today().year:
            self.add_error(f"{field}_birth_year", _("The year of birth is in the future."))
        number = (data.get(f"{field}_id_document_number") or "").strip()
        kind = data.get(f"{field}_id_document_type") or ""
        if number and not kind:
            self.add_error(f"{field}_id_document_type", _("Say which document the number is from."))
        elif (
            number
            and Party.objects.current()
            .filter(village=case_party.case.village_id, id_document_type=kind, id_document_number=number)
            .exists()
        ):
            self.add_error(
                f"{field}_id_document_number",
                _("A person of the village is registered with this ID document: if it is them, choose them."),
            )
        return {
            "birth_year": year,
            "domicile": (data.get(f"{field}_domicile") or "").strip(),
            "id_document_type": kind if number else "",
            "id_document_number": number,
        }

    def _holder_rows(self, text: str) -> list[dict]:
        """Each line « name = share » as the registered person's identifier and the share; a name not found
        among the case's people, or borne by two of them, is an error on the field that lists the names."""
        lines = [line.partition("=") for line in text.splitlines() if line.strip()]
        if not lines:
            return []
        by_name: dict[str, list] = {}
        for person in self.people:
            by_name.setdefault(" ".join(person.display_name.casefold().split()), []).append(person)
            by_name.setdefault(str(person.pk), []).append(person)
        named: dict[str, list] = {}  # the case's parties known only by name, by their name
        for field, (case_party, _namesakes) in self.newcomers.items():
            named.setdefault(" ".join(case_party.name.casefold().split()), []).append(field)
        rows, unknown = [], []
        for name, _sep, share in lines:
            key = " ".join(name.casefold().split())
            found = by_name.get(key, [])
            if len(found) == 1:
                rows.append({"party": str(found[0].pk), "share": share.strip() or "1"})
            elif not found and len(named.get(key, [])) == 1:
                rows += self._newcomer_row(named[key][0], share.strip() or "1")
            else:
                unknown.append(name.strip())
        if unknown:
            names = ", ".join(sorted({p.display_name for p in self.people})) or "—"
            self.add_error(
                "holders",
                _(
                    "Not found among the registered persons of this land: %(unknown)s. "
                    "Registered persons: %(names)s."
                )
                % {"unknown": ", ".join(unknown), "names": names},
            )
        return rows

    def _newcomer_row(self, field: str, share: str) -> list[dict]:
        """The row of a party of the case known only by name, once the user said who they are (the view
        links them to that person, or registers them, before the agreement: ``identified``)."""
        case_party, namesakes = self.newcomers[field]
        chosen = self.cleaned_data.get(field)
        if not chosen:
            self.add_error(
                field,
                _(
                    "This party is named among the holders: choose the registered person of the same name "
                    "if it is them, or register them."
                ),
            )
            return []
        self.identified[case_party.pk] = (case_party, namesakes.get(chosen))
        return [{"case_party": case_party.pk, "share": share}]

    def clean(self):
        data = super().clean()
        change = data.get("change")
        if change == AgreedChange.BOUNDARY and not data.get("geometry"):
            self.add_error("geometry", _("Give the agreed boundary."))
        rows = self._holder_rows(data.get("holders") or "") if change == AgreedChange.SHARES else []
        waiting = any(field in self.errors for field in self.newcomers)
        if change == AgreedChange.SHARES and not rows and "holders" not in self.errors and not waiting:
            self.add_error("holders", _("Name the registered holders and their shares agreed."))
        data["change_data"] = {}
        if change == AgreedChange.BOUNDARY and data.get("geometry"):
            data["change_data"] = {"geometry": data["geometry"].geojson}
        if change == AgreedChange.SHARES:
            data["change_data"] = {"holders": rows}
        # What the office knows of each party registered by the agreement, by the case's party's pk.
        self.new_person_details = {}
        for field, (case_party, _namesakes) in self.newcomers.items():
            details = self._details(field, case_party)
            if details:
                self.new_person_details[case_party.pk] = details
        return data


class NonConciliationForm(OutcomeForm):
    signatures = forms.CharField(
        label=_("Signatures and marks"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ReferForm(forms.Form):
    court_name = forms.CharField(label=_("Court"), max_length=200)
    court_reference = forms.CharField(label=_("Court reference"), max_length=120)
    referred_on = forms.DateField(label=_("Referred on"), widget=DateInput())


class DecisionForm(AgreementForm):
    """The court's decision: its document is required; no signatures of the parties."""

    outcome_kind = OutcomeKind.COURT_DECISION
    signatures = None
    document = forms.FileField(
        label=_("Court decision (scan)"), error_messages={"required": JUDGEMENT_SCAN_REQUIRED}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What the court decided, not what the parties agreed (the labels read « Limites convenues »).
        self.fields["geometry"].label = _("Boundary set by the court")
        self.fields["holders"].label = _("Holders set by the court")

    document_reference = forms.CharField(label=_("Reference of the decision"), max_length=120)


class AppealForm(forms.Form):
    court_name = forms.CharField(label=_("Court"), max_length=200)
    court_reference = forms.CharField(label=_("Court reference"), max_length=120)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


MOVE_FORMS = {
    "session_schedule": ScheduleForm,
    "session_hold": HoldForm,
    "session_reschedule": RescheduleForm,
    "session_cancel": CancelSessionForm,
    "agree": AgreementForm,
    "non_conciliation": NonConciliationForm,
    "refer": ReferForm,
    "decide": DecisionForm,
    "appeal": AppealForm,
    "finalise": ReasonForm,
    "withdraw": ReasonForm,
}


def initial_for(move: str) -> dict:
    today = clock.today()
    return {"scheduled_for": today, "held_on": today, "decided_on": today, "referred_on": today}


class PersonChoiceField(forms.ModelChoiceField):
    labels = PartyLabels()  # the form's own, for its user

    def label_from_instance(self, party):
        return self.labels(party)


class PartyAddForm(forms.Form):
    """A party who joins the case after it was opened; the case's state and the right to add are the
    service's to check. ``people`` are the registered persons the case's land names (dispute selectors)."""

    role = forms.ChoiceField(label=pgettext_lazy("capacity", "Role"), choices=DisputeRole.choices)
    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Give the name of the party.")}
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    party = PersonChoiceField(
        label=_("Registered person"),
        queryset=None,
        required=False,
        empty_label=_("— not registered —"),
        help_text=_("A person of the village recorded in the register, holder or claimant of the land."),
    )
    represented_by = forms.CharField(label=_("Represented by"), max_length=200, required=False)

    def __init__(self, *args, people, user, **kwargs):
        kwargs.setdefault("auto_id", "party_%s")  # the case page's other forms have fields of these names
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = people.select_related("village")
        self.fields["party"].labels = PartyLabels(user)  # namesakes told apart, for what the user may see

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())  # as the service keeps it, to find a retry


# What a dispute's file holds; the court's decision comes with its move, the application forms with claims.
CASE_DOCUMENT_TYPES = [
    SourceType.SITE_RECORD,
    SourceType.MINUTES,
    SourceType.WITNESS_STATEMENT,
    SourceType.SKETCH,
    SourceType.PHOTO,
    SourceType.DEED,
    SourceType.CUSTOMARY_ATTESTATION,
    SourceType.MANDATE,
    SourceType.ID_DOCUMENT,
    SourceType.OTHER,
]


class CaseDocumentForm(FileOrReference):
    """A document brought to the case, its file or the paper's reference alone checked as on a claim's page
    (documents.forms.FileOrReference)."""

    source_type = forms.ChoiceField(
        label=_("Type of document"), choices=[(t.value, t.label) for t in CASE_DOCUMENT_TYPES]
    )
    document_date = forms.DateField(label=_("Date"), widget=DateInput())
    reference = forms.CharField(label=_("Reference"), max_length=120, required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    file = forms.FileField(label=_("File"), required=False)


class HomologationForm(FileOrReference):
    """The court's approval of the procès-verbal of conciliation: the decision's date, court and reference,
    and the judgement's scan, required as for the court's decision on a case (the register keeps the proof of
    a court's act: transitions.require_judgement_scan) and checked as every document
    (documents.forms.FileOrReference)."""

    decided_on = forms.DateField(
        label=_("Date of the court's decision"),
        widget=DateInput(),
    )
    court_name = forms.CharField(label=_("Court"), max_length=200)
    reference = forms.CharField(label=_("Reference of the decision"), max_length=120)
    file = forms.FileField(label=_("Judgement (scan)"), error_messages={"required": JUDGEMENT_SCAN_REQUIRED})

    def __init__(self, *args, **kwargs):
        # The case page's other forms have fields of these names.
        kwargs.setdefault("auto_id", "homologation_%s")
        super().__init__(*args, **kwargs)


class HomologationRefusalForm(HomologationForm):
    """The court's refusal to homologate an agreement that awaits it: the same decision's fields, and its
    grounds."""

    grounds = forms.CharField(
        label=_("Grounds of the refusal"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "refusal_%s")
        super().__init__(*args, **kwargs)


class JointWithdrawalForm(FileOrReference):
    """The parties' joint withdrawal of the agreement awaiting homologation: its date, its reference and the
    signed paper's scan (checked as every document) or, without a scanner, the paper kept at the office under
    its reference; and for each party of the case the mark they signed it with. A party left « has not
    signed » is named by the refusal (joint_withdrawal: every party signs)."""

    signed_on = forms.DateField(
        label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reference = forms.CharField(
        label=_("Reference of the signed withdrawal"),
        max_length=120,
        help_text=_(
            "Without a scan, the signed withdrawal is recorded as a paper kept at the office under this "
            "reference."
        ),
    )
    file = forms.FileField(label=_("Signed withdrawal (scan)"), required=False)

    def __init__(self, *args, parties, **kwargs):
        # The case page's other forms have fields of these names.
        kwargs.setdefault("auto_id", "withdrawal_%s")
        super().__init__(*args, **kwargs)
        self.parties = list(parties)
        for party in self.parties:
            self.fields[f"mark_{party.pk}"] = forms.ChoiceField(
                label=f"{party.name} ({party.role_said})",
                choices=[("", _("— has not signed —")), *SIGNED_MARKS],
                required=False,
            )
            self.fields[f"mark_reference_{party.pk}"] = forms.CharField(
                label=_("Mark reference of %(name)s") % {"name": party.name}, max_length=128, required=False
            )

    def marks(self) -> list[PartyMark]:
        data = self.cleaned_data
        return [
            PartyMark(p.pk, data[f"mark_{p.pk}"], data[f"mark_reference_{p.pk}"])
            for p in self.parties
            if data[f"mark_{p.pk}"]
        ]
