from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "landreg.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")

    def ready(self):
        from landreg.accounts.models import User
        from landreg.accounts.user_cache import connect_signals

        connect_signals(User)  # every save and delete of a user's row: its kept copy is not used again
