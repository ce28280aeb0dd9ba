from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "landreg.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")
