"""A rate per address on the token endpoints, on top of django-axes' lockout.

The lockout stops guessing one user's password (5 failures per user name and address); it does not stop one
address trying a few passwords against many user names, nor a client refreshing in a loop. Each token view
names its scope (``throttle_scope``); the rate is REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope].

Counted per address whoever asks (the token views authenticate nobody), the address read as the lockout reads
it (behind a trusted proxy, the one the proxy saw), in the cache shared by the server's processes. A refused
request gets DRF's Throttled, which the API's error handler answers with 429, Retry-After and its usual body.
"""

from django.core.cache import caches
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle

from landreg.accounts.lockout import client_address


class AddressRateThrottle(ScopedRateThrottle):
    # Both looked up at each use (DRF binds them when its module is imported): settings changed later, as
    # tests do, are then followed.
    @property
    def cache(self):
        return caches["throttle"]

    @property
    def THROTTLE_RATES(self):  # noqa: N802 (DRF's name)
        return api_settings.DEFAULT_THROTTLE_RATES

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}
