import logging

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from django.core.exceptions import PermissionDenied

from landreg.accounts import address_limit
from landreg.accounts.lockout import client_address

logger = logging.getLogger(__name__)


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout, and the limit per address (accounts/address_limit.py), for logins that come over
    the network. First of the backends: a refused login never reaches the password check.

    authenticate() without a request (the test client's login(), a management command) has no address to
    count failures for, and Axes would raise instead of letting the next backend answer.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        seconds = address_limit.seconds_blocked(client_address(request))
        if seconds:
            setattr(request, address_limit.REFUSED, "address")
            address_limit.mark_blocked(request, seconds)
            raise PermissionDenied("Too many failed logins from this address.")
        try:
            return super().authenticate(request, username, password, **kwargs)
        except PermissionDenied:
            setattr(request, address_limit.REFUSED, "lockout")
            raise


def login_failure_count(sender, credentials, request=None, **kwargs):
    """Django's user_login_failed: a wrong password counts towards its address's limit (connected in
    AccountsConfig.ready). An attempt refused before its password was checked does not."""
    if request is None or getattr(request, address_limit.REFUSED, None):
        return
    address = client_address(request)
    seconds = address_limit.failure_record(address)
    if seconds:
        # Axes keeps each user name's failures (AccessAttempt, in the admin); the block itself only here.
        logger.warning(
            "Logins from %s refused for %s s: too many failed logins from this address", address, seconds
        )
        address_limit.mark_blocked(request, seconds)


class RegistryAxesHandler(AxesDatabaseHandler):
    """Axes' own handler (AXES_HANDLER), except that a login refused for its address is not recorded as a
    failure of the user name it named: no password was checked, and a clerk who tried to log in from a
    blocked office address must not find herself locked out once the address is free."""

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if request is not None and getattr(request, address_limit.REFUSED, None) == "address":
            return
        super().user_login_failed(sender, credentials, request, **kwargs)
