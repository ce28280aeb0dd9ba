from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "landreg.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")

    def ready(self):
        from django.contrib.auth.signals import user_login_failed

        from landreg.accounts.backends import login_failure_count
        from landreg.accounts.models import User
        from landreg.accounts.user_cache import connect_signals

        connect_signals(User)  # every save and delete of a user's row: its kept copy is not used again
        # After axes' own receiver (its app comes first): each wrong password counts towards its address.
        user_login_failed.connect(login_failure_count, dispatch_uid="landreg-login-failures-per-address")
