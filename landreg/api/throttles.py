"""A rate per address on the API's public endpoints: the token endpoints (on top of django-axes' lockout) and
certificate verification (counted with its page).

The lockout stops guessing one user's password (5 failures per user name and address); it does not stop one
address trying a few passwords against many user names, nor a client refreshing in a loop. Each view names
its scope (``throttle_scope``); the rate is REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope].

Counted per address whoever asks (these views authenticate nobody) by accounts.throttle, as the pages are:
the address read as the lockout reads it, atomically in the cache shared by the server's processes, so a
page and an API view of one scope share one count. A refused request gets DRF's Throttled, which the API's
error handler answers with 429, Retry-After and its usual body.
"""

from rest_framework.throttling import BaseThrottle

from landreg.accounts.throttle import scope_rate, wait_seconds


class AddressRateThrottle(BaseThrottle):
    seconds = 0

    def allow_request(self, request, view):
        scope = view.throttle_scope
        self.seconds = wait_seconds(request, scope=scope, rate=scope_rate(scope))
        return not self.seconds

    def wait(self):
        return self.seconds
