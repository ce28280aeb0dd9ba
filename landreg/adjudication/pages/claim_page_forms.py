"""The forms of a claim's page: a document added, the objection under public notice, the committee's vote."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from landreg.adjudication.models import VoteDecision
from landreg.documents.content import DocumentFileError, check_document
from landreg.documents.models import SourceType


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


class DocumentForm(forms.Form):
    """A document added on the claim's page: its type, date, reference and its scan or photograph, checked
    here (kind and size read from the bytes, documents.content) so that a refusal says why beside the
    field; the right to add it and the claim's state are the service's to check. An office without a
    scanner records the paper by its reference alone (as the API allows): the file or the reference."""

    source_type = forms.ChoiceField(label=_("Type"), choices=SourceType.choices)
    document_date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reference = forms.CharField(label=_("Reference"), max_length=120, required=False)
    file = forms.FileField(label=_("File"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "document_%s")  # the page's other forms have their own fields
        super().__init__(*args, **kwargs)

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file is None:
            return None
        try:
            check_document(file)
        except DocumentFileError as exc:
            raise ValidationError(str(exc)) from exc
        return file

    def clean(self):
        data = super().clean()
        if "file" in data and data["file"] is None and not data.get("reference", "").strip():
            self.add_error(
                "file",
                _(
                    "Choose the file (a scan or a photograph of the document), "
                    "or give the reference of the paper."
                ),
            )
        return data
