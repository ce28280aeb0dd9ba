"""What each page taking a document checks of it, beside its own fields (type, date, reference)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from landreg.documents.content import DocumentFileError, check_document


class FileOrReference(forms.Form):
    """A document's ``file`` (kind and size read from its bytes, documents.content), so that a refusal says
    why beside the field; or, for an office without a scanner, the ``reference`` of the paper it keeps: one of
    the two. The subclass declares both fields (their labels are its page's); its fields' ids begin with
    ``document_`` since the page has other forms."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "document_%s")
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
