"""The forms of a claim's page: a document added, the objection under public notice, the committee's vote."""

from django import forms
from django.utils.translation import gettext_lazy as _

from landreg.adjudication.models import VoteDecision
from landreg.documents.forms import FileOrReference
from landreg.documents.models import SourceType
from landreg.parties.choice_labels import PartyLabels
from landreg.parties.models import Party
from landreg.web.widgets import DateInput


class ObjectorChoiceField(forms.ModelChoiceField):
    """Namesakes told apart as in the claim's own form (year of birth, ID number where the user may see
    them): the demo's village has three « BATIONO Téné », listed as three identical lines."""

    labels = PartyLabels()

    def label_from_instance(self, party):
        return self.labels(party)


class ObjectionForm(forms.Form):
    """An account holder objects in their own name (grounds only); an agent of the village records the
    objection of someone else, who must be named: a person registered in the village, chosen, or a person not
    registered, by name with how they were identified. The notice window and the agent's right are the
    service's to check."""

    objector_party = ObjectorChoiceField(
        label=_("Objector registered in the village"),
        queryset=Party.objects.none(),
        required=False,
        empty_label="—",
    )
    objector_name = forms.CharField(
        label=_("Objector (person without an account)"),
        max_length=200,
        required=False,
    )
    objector_id_reference = forms.CharField(
        label=_("Identified by"),
        max_length=120,
        required=False,
    )
    grounds = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, for_others: bool, village=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_others = for_others
        if not for_others:
            del self.fields["objector_party"]
            del self.fields["objector_name"]
            del self.fields["objector_id_reference"]
        else:
            self.fields["objector_party"].queryset = (
                Party.objects.current()
                .filter(village=village)
                .select_related("village")
                .order_by("last_name", "first_names", "name")
            )
            self.fields["objector_party"].labels = PartyLabels(user)

    def clean(self):
        data = super().clean()
        if not self.for_others:
            return data
        party, name = data.get("objector_party"), data.get("objector_name", "").strip()
        if party is not None and name:
            self.add_error(
                "objector_name",
                _("Choose the registered person or write the name of someone not registered, not both."),
            )
        elif party is None and not name and "objector_party" not in self.errors:
            self.add_error(
                "objector_name",
                _(
                    "Name the objector: choose them among the people registered in the village, or write "
                    "their name and how they were identified."
                ),
            )
        elif name and not data.get("objector_id_reference", "").strip():
            self.add_error(
                "objector_id_reference",
                _("Record how the objector was identified (ID document or witnesses)."),
            )
        return data


class VoteForm(forms.Form):
    """A committee member's vote; the service checks the step, the membership and a second vote."""

    decision = forms.ChoiceField(label=_("Vote"), choices=VoteDecision.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"))


class DocumentForm(FileOrReference):
    """A document added on the claim's page: its type, date, reference and its scan or photograph, or the
    paper's reference alone (documents.forms.FileOrReference checks the file or asks for one of the two);
    the right to add it and the claim's state are the service's to check."""

    source_type = forms.ChoiceField(label=_("Type"), choices=SourceType.choices)
    document_date = forms.DateField(label=_("Date"), widget=DateInput())
    reference = forms.CharField(label=_("Reference"), max_length=120, required=False)
    file = forms.FileField(label=_("File"), required=False)
