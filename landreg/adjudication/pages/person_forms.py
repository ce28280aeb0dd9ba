"""A person named on a claim: a registered party chosen from the user's villages, or a new person with
their civil status. One form per row of a formset; errors are put next to the field they concern."""

import dataclasses
import functools
from contextlib import suppress
from fractions import Fraction

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from landreg.adjudication.changes.minors import REPRESENTATIVE_FIELDS, Taker, representation_faults
from landreg.adjudication.claims.services import ClaimantInput
from landreg.adjudication.models import ClaimantRole
from landreg.core.exceptions import RegistryError
from landreg.core.search.collation import NameOrder
from landreg.core.search.folding import fold
from landreg.core.shares import parse_share
from landreg.parties.choice_labels import PartyLabels
from landreg.parties.models import IdDocumentType, Party, PartyKind, RepresentationBasis, Sex
from landreg.web.widgets import DateInput

CIVIL_STATUS = (
    "birth_date",
    "birth_place",
    "id_document_type",
    "id_document_number",
    "profession",
    "domicile",
)
SEARCH_LIMIT = 200


def parties_for_choice(scope: QuerySet[Party], query: str = "", *, user=None) -> "Offered":
    """Current parties of the user's villages matching a name or an ID number (the search on the form), as
    the rows of a page list them, labelled for ``user`` (parties.choice_labels)."""
    # In the alphabet's order (core.search.collation): a ŊƆMBƆ was listed after ZONGO, past the list's limit.
    parties = scope.current().order_by(NameOrder("last_name"), NameOrder("first_names"), NameOrder("name"))
    query = query.strip()
    if query:
        # Each word typed in the folded names (the party's search_name, as the header search reads it): with
        # or without accents, Ɓ ɛ ŋ as b e n, given and family names in either order, a part of either.
        # The whole text against each name column found neither « Bationo Téné » nor « tene bationo ».
        named = Q()
        for word in query.split():
            named &= Q(search_name__contains=fold(word))
        parties = parties.filter(named | Q(id_document_number__iexact=query))
    return Offered(parties, PartyLabels(user))


class Offered:
    """The people a page's rows list (a search's matches, at most SEARCH_LIMIT): read once for the page,
    with their village (each label names it), and labelled once, then shared by every row. Each row read
    them again: four rows of a change application, nine of the claim form, each a statement of up to 200
    people."""

    def __init__(self, shown: QuerySet[Party], labels: PartyLabels | None = None):
        self.shown = shown
        self.labels = labels or PartyLabels()

    @functools.cached_property
    def parties(self) -> list[Party]:
        return list(self.shown.select_related("village")[:SEARCH_LIMIT])

    @functools.cached_property
    def choices(self) -> list[tuple]:
        """(id, label) of each person listed: what tells namesakes apart (parties.choice_labels)."""
        return [(p.pk, self.labels(p)) for p in self.parties]

    @functools.cached_property
    def person_choices(self) -> list[tuple]:
        """``choices`` of the natural persons only (who may represent a child)."""
        people = {p.pk for p in self.parties if p.kind == PartyKind.NATURAL}
        return [(pk, label) for pk, label in self.choices if pk in people]


def offer_parties(
    form, parties: QuerySet[Party], shown: Offered | None, name: str = "party", people_only: bool = False
) -> None:
    """The ``party`` field (or ``name``) accepts anyone of ``parties`` (the user's villages) but lists only
    ``shown`` (the search's matches, at most SEARCH_LIMIT; ``people_only``: its natural persons) plus the
    person already chosen."""
    field = form.fields[name]
    field.queryset = parties
    if shown is None:
        shown = Offered(parties)
    chosen = form[name].value()
    choices = shown.person_choices if people_only else shown.choices
    if chosen and all(str(pk) != str(chosen) for pk, _label in choices):
        with suppress(ValidationError):  # not a party's id: the field says so when the form is checked
            extra = list(parties.select_related("village").filter(pk=chosen)[:1])
            choices = choices + [(p.pk, shown.labels(p)) for p in extra]
    field.widget.choices = [("", "—"), *choices]


class PartyChoiceField(forms.ModelChoiceField):
    """A registered person; its choices are those ``offer_parties`` lists, labelled for the user."""

    def label_from_instance(self, party):
        return PartyLabels()(party)


class PeopleRowForm(forms.Form):
    """A row of a table of people: a registered party chosen among those offered (``offer_parties``), or a
    new person by name, with their share. The claim's people and a change's new holders are such rows."""

    party = PartyChoiceField(
        queryset=Party.objects.none(), required=False, label=_("Registered person"), empty_label="—"
    )
    last_name = forms.CharField(label=_("Last name"), max_length=120, required=False)
    first_names = forms.CharField(label=_("First names"), max_length=200, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    share = forms.CharField(
        label=_("Share"), max_length=24, required=False, widget=forms.TextInput(attrs={"placeholder": "1/2"})
    )

    def __init__(self, *args, parties: QuerySet[Party], shown: Offered | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_parties(self, parties, shown)

    def clean_share(self) -> Fraction | None:
        text = self.cleaned_data["share"].strip()
        if not text:
            return None
        try:
            return parse_share(text)
        except RegistryError as exc:
            raise forms.ValidationError(str(exc)) from exc


class RepresentedRowForm(PeopleRowForm):
    """A row of a person taking a right (a claimant, an heir, a buyer…): a child, younger than the profile's
    age of majority today, is named with their legal representative, a registered person chosen or a name
    typed, with the basis of the representation (and a guardian's deliberation or judgment).
    ``representation_errors`` puts what is missing beside the row's fields, as the services refuse it
    (adjudication.changes.minors)."""

    representative_party = PartyChoiceField(
        queryset=Party.objects.none(),
        required=False,
        label=_("Legal representative (registered person)"),
        empty_label="—",
    )
    representative_name = forms.CharField(
        label=_("or name of the legal representative of a minor"), max_length=200, required=False
    )
    representative_basis = forms.ChoiceField(
        label=_("Basis of the representation"),
        choices=[("", "—"), *RepresentationBasis.choices],
        required=False,
    )
    representative_reference = forms.CharField(
        label=_("Reference of the deliberation or judgment"), max_length=200, required=False
    )

    def __init__(self, *args, parties: QuerySet[Party], shown: Offered | None = None, **kwargs):
        super().__init__(*args, parties=parties, shown=shown, **kwargs)
        offer_parties(
            self, parties.filter(kind=PartyKind.NATURAL), shown, name="representative_party", people_only=True
        )

    def clean(self):
        data = super().clean()
        chosen, typed = data.get("representative_party"), (data.get("representative_name") or "").strip()
        if chosen is not None and typed and typed != chosen.display_name:
            self.add_error(
                "representative_name", _("Choose the representative in the list or type a name, not both.")
            )
        elif chosen is not None:
            data["representative_name"] = chosen.display_name  # kept as the register names them
        return data

    def representation(self) -> dict:
        """The representative named, as the claimant's row keeps them."""
        data = self.cleaned_data
        return {name: (data.get(name) or "").strip() for name in REPRESENTATIVE_FIELDS}

    def taker(self) -> Taker | None:
        """The row as a natural person taking the right (None for a group chosen, or an empty row)."""
        data = self.cleaned_data
        party = data.get("party")
        if party is not None and party.kind != PartyKind.NATURAL:
            return None
        if party is None and not (data.get("last_name") or "").strip():
            return None
        if party is not None:
            name, birth_date = party.display_name, party.birth_date
        else:
            name = f"{data['last_name'].strip().upper()} {(data.get('first_names') or '').strip()}".strip()
            birth_date = data.get("birth_date")
        return Taker(
            name=name, birth_date=birth_date, party_id=getattr(party, "pk", None), **self.representation()
        )


def representation_errors(rows, *, majority_age) -> None:
    """``changes.minors.representation_faults`` of the rows (``RepresentedRowForm``s whose fields are
    clean), each said beside its field; ``majority_age`` as there (a function: read only for a child)."""
    takers = [(row, row.taker()) for row in rows]
    takers = [(row, taker) for row, taker in takers if taker is not None]
    faults = representation_faults([taker for _row, taker in takers], majority_age=majority_age)
    for index, found in faults.items():
        row = takers[index][0]
        for field, message in found.items():
            row.add_error(field, message)


class PersonForm(PeopleRowForm):
    """One person: a registered party, or a new natural person with a last name and a sex."""

    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    birth_place = forms.CharField(label=_("Place of birth"), max_length=200, required=False)
    id_document_type = forms.ChoiceField(
        label=capfirst(_("ID document")), choices=[("", "—"), *IdDocumentType.choices], required=False
    )
    id_document_number = forms.CharField(
        label=capfirst(_("ID document number")), max_length=64, required=False
    )
    profession = forms.CharField(label=_("Profession"), max_length=120, required=False)
    domicile = forms.CharField(label=_("Domicile"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("party"):
            return data  # a registered person keeps their record; corrections are a later change
        if not (data.get("last_name") or "").strip():
            self.add_error("last_name", _("Give the last name, or choose a registered person."))
        if not data.get("sex"):
            self.add_error("sex", _("Give the sex."))
        if data.get("id_document_number") and not data.get("id_document_type"):
            self.add_error("id_document_type", _("Say which document the number is from."))
        number, kind = data.get("id_document_number"), data.get("id_document_type")
        if (
            number
            and kind
            and self.fields["party"]
            .queryset.current()
            .filter(id_document_type=kind, id_document_number=number)
            .exists()
        ):
            self.add_error(
                "id_document_number",
                _("A person with this ID document is registered: choose them in the list."),
            )
        return data

    def to_input(self, *, role: str = ClaimantRole.HOLDER, share: Fraction | None = None) -> ClaimantInput:
        data = self.cleaned_data
        party = data.get("party")
        if party is not None:
            return ClaimantInput(
                party=party, kind=party.kind, role=role, share=str(share or data["share"] or 1)
            )
        return ClaimantInput(
            last_name=data["last_name"].strip(),
            first_names=data["first_names"].strip(),
            sex=data["sex"],
            share=str(share or data["share"] or 1),
            role=role,
            kind=PartyKind.NATURAL,
            extra={name: data[name] or (None if name == "birth_date" else "") for name in CIVIL_STATUS},
        )


class HolderForm(PersonForm, RepresentedRowForm):
    """A claimant of a claim by one person or several jointly: a child among them is named with their legal
    representative (the claim's village says the age of majority: ``ClaimForms`` checks the rows)."""

    def to_input(self, *, role: str = ClaimantRole.HOLDER, share: Fraction | None = None) -> ClaimantInput:
        data = super().to_input(role=role, share=share)
        return dataclasses.replace(data, extra={**data.extra, **self.representation()})


class MemberForm(PersonForm):
    """A member of a claiming family or lineage; one of them is the mandatary."""

    mandatary = forms.BooleanField(label=_("Mandatary"), required=False)


class PersonFormSet(forms.BaseFormSet):
    """Rows left empty are ignored; the filled ones are the people."""

    def initial_form_count(self):
        # Rows shown with a draft's people are ordinary rows: one the agent empties is dropped, not refused.
        return super().initial_form_count() if self.is_bound else 0

    def filled(self) -> list[PersonForm]:
        return [f for f in self.forms if f.has_changed() and f not in self.deleted_forms]

    def shares_error(self, *, required: bool) -> str | None:
        """Checks the exact shares of the filled rows add up to 1; the message to show, if not."""
        rows = self.filled()
        if any("share" in f.errors for f in rows):
            # A share typed but not read (« 0,5 », « ½ ») is said beside it; « each share is needed » above
            # the form told the agent who had typed every share that one was missing.
            return None
        shares = [f.cleaned_data.get("share") for f in rows]
        if required and any(s is None for s in shares):
            for form, share in zip(rows, shares, strict=True):
                if share is None and "share" not in form.errors:
                    form.add_error("share", _("Give the share, e.g. 1/2."))
            return _("Each person's share is needed.")
        total = sum((s for s in shares if s is not None), Fraction(0))
        if shares and total != 1:
            return _("The shares add up to %(total)s, not 1.") % {"total": total}
        return None


def person_formset(form_class, *, prefix: str, data=None, initial=None, parties, shown, extra: int = 3):
    factory = forms.formset_factory(form_class, formset=PersonFormSet, extra=extra + len(initial or []))
    return factory(
        data=data, initial=initial, prefix=prefix, form_kwargs={"parties": parties, "shown": shown}
    )
