"""The admin's edit forms show the texts the registry keeps as messages (a transfer's or a dispute change's
description of a right, a case's subject, a power of attorney's description) in the reader's language, as
the lists and the pages do, rather than as stored (English, or the language of whoever recorded them). A
field left as shown keeps the stored text, so that an administrator who saves the form for another field
neither rewrites the message in their language nor marks the field changed in the audit chain."""

from collections.abc import Callable

from django import forms


def _lines(text) -> str:
    return text.replace("\r\n", "\n") if isinstance(text, str) else text


class StoredMessagesForm(forms.ModelForm):
    """``said_fields``: {field name: the function that says its stored text in the active language}."""

    said_fields: dict[str, Callable[[str], str]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stored = {}
        for name, said in self.said_fields.items():
            if name in self.fields and self.instance.pk:
                stored = getattr(self.instance, name)
                self._stored[name] = stored
                self.initial[name] = said(stored)

    def clean(self):
        data = super().clean()
        for name, stored in self._stored.items():
            if name in data and _lines(data[name]) == _lines(self.initial[name]):
                data[name] = stored
        return data


def said_form(said_fields: dict[str, Callable[[str], str]]) -> type[StoredMessagesForm]:
    """A ModelAdmin's ``form`` that shows those fields said again (the admin builds it for its model)."""
    return type("SaidForm", (StoredMessagesForm,), {"said_fields": said_fields})
