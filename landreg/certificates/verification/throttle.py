"""A rate per address on certificate verification: the page a QR code opens (``/verify/<token>``) and its API
(``/api/v1/certificates/verify/<token>/``), one count for both.

Both are public and answer at once whether a number or a code is the registry's: without a rate, anyone could
try numbers or codes one after another. The rate, REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["verify"]
(``LANDREG_THROTTLE_VERIFY``, default 30 a minute), leaves plenty for a person scanning certificates; above
it, 429 with Retry-After (the page in the visitor's language, the API with its usual error body).

Counted as the token endpoints count (api.throttles.AddressRateThrottle): per client address read as the
lockout reads it (behind a trusted proxy, the one the proxy saw), in CACHES["throttle"], which the server's
processes share (a folder of the machine, or Redis for several machines), so the rate holds across gunicorn's
workers. Logged-in users count too: the API's view authenticates nobody, and asking who is logged in would
cost the page a session read.
"""

import functools
import math
from types import SimpleNamespace

from django.shortcuts import render

from landreg.api.throttles import AddressRateThrottle

SCOPE = "verify"
# What the throttle reads of a view (its scope), for the page, which is no DRF view.
_PAGE = SimpleNamespace(throttle_scope=SCOPE)


def verification_throttle(view):
    @functools.wraps(view)
    def throttled(request, *args, **kwargs):
        throttle = AddressRateThrottle()
        if throttle.allow_request(request, _PAGE):
            return view(request, *args, **kwargs)
        seconds = max(1, math.ceil(throttle.wait() or throttle.duration))
        response = render(request, "certificates/verify_throttled.html", {"seconds": seconds}, status=429)
        response["Retry-After"] = str(seconds)
        return response

    return throttled
