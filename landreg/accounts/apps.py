from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "landreg.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")

    def ready(self):
        from django.contrib.auth.models import Group
        from django.contrib.auth.signals import user_login_failed

        from landreg.accounts.backends import login_failure_count
        from landreg.accounts.models import User
        from landreg.accounts.roles import group_label
        from landreg.accounts.user_cache import connect_signals

        # Everything that shows a group (the admin's list, titles, filters, a user's groups) shows it by its
        # label in the reader's language; code still finds it by its stored English name.
        Group.__str__ = group_label

        connect_signals(User)  # every save and delete of a user's row: its kept copy is not used again
        # After axes' own receiver (its app comes first): each wrong password counts towards its address.
        user_login_failed.connect(login_failure_count, dispatch_uid="landreg-login-failures-per-address")
