"""The forms at the bottom of a claim's page: the objection under public notice, the committee's vote."""

from django import forms
from django.utils.translation import gettext_lazy as _

from landreg.adjudication.models import VoteDecision


class ObjectionForm(forms.Form):
    """An account holder objects in their own name (grounds only); an agent of the village may also record
    the objection of a person without an account, with how they were identified. The notice window and the
    agent's right are the service's to check."""

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

    def __init__(self, *args, for_others: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not for_others:
            del self.fields["objector_name"]
            del self.fields["objector_id_reference"]

    def clean(self):
        data = super().clean()
        if data.get("objector_name", "").strip() and not data.get("objector_id_reference", "").strip():
            self.add_error(
                "objector_id_reference",
                _("Record how the objector was identified (ID document or witnesses)."),
            )
        return data


class VoteForm(forms.Form):
    """A committee member's vote; the service checks the step, the membership and a second vote."""

    decision = forms.ChoiceField(label=_("Vote"), choices=VoteDecision.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"))
