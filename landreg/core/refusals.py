"""A page's form refused by the registry: the reason shown on the form, and the page's status."""

from django import forms

from landreg.core.exceptions import PermissionDeniedError, RegistryError


def refused(form: forms.Form, exc: RegistryError) -> int:
    """Puts the registry's reason on ``form`` (above its fields: it is about the whole request) and gives the
    status of the page shown again: 403 when the user may not do this, else 400."""
    form.add_error(None, str(exc))
    return 403 if isinstance(exc, PermissionDeniedError) else 400
