"""Permission names in the reader's language.

A permission's name is stored once, in English, when migrate creates it ("Can add claim", or the English of a
model's Meta.permissions), and Django's admin shows that stored text in every language. These functions say it
again from the model: Django's four default actions with the model's translated verbose name, a custom
permission from its gettext_lazy name in Meta.permissions; a permission whose model is gone keeps its stored
name."""

from django import forms
from django.contrib.auth.models import Permission
from django.utils.translation import gettext

# One message per action: French agrees the phrase as a whole ("Peut ajouter « demande »"), not word by word.
DEFAULT_ACTIONS = {
    "add": lambda name: gettext("Can add %(model)s") % {"model": name},
    "change": lambda name: gettext("Can change %(model)s") % {"model": name},
    "delete": lambda name: gettext("Can delete %(model)s") % {"model": name},
    "view": lambda name: gettext("Can view %(model)s") % {"model": name},
}


def permission_name(permission: Permission) -> str:
    """The permission's name in the active language."""
    model = permission.content_type.model_class()
    if model is None:
        return permission.name
    options = model._meta
    for codename, name in options.permissions:
        if codename == permission.codename:
            return str(name)
    action, _sep, model_name = permission.codename.partition("_")
    if (
        model_name == options.model_name
        and action in options.default_permissions
        and action in DEFAULT_ACTIONS
    ):
        return DEFAULT_ACTIONS[action](options.verbose_name)
    return permission.name


def permission_label(permission: Permission) -> str:
    """What the admin's permission lists show: "application | model | permission", all translated."""
    return f"{permission.content_type} | {permission_name(permission)}"


class PermissionChoiceField(forms.ModelMultipleChoiceField):
    """The admin's permission choices (groups, users) labelled in the reader's language."""

    def label_from_instance(self, obj):
        return permission_label(obj)
