"""A rate per address on certificate verification: the page a QR code opens (``/verify/<token>``) and its API
(``/api/v1/certificates/verify/<token>/``), one count for both (the scope ``verify``).

Both are public and answer at once whether a number or a code is the registry's: without a rate, anyone could
try numbers or codes one after another. The rate, REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["verify"]
(``LANDREG_THROTTLE_VERIFY``, default 30 a minute), leaves plenty for a person scanning certificates; above
it, 429 with Retry-After (the page in the visitor's language, the API with its usual error body).

Counted as every page throttle counts (accounts.throttle: per client address read as the lockout reads it,
atomically in CACHES["throttle"], shared by the server's workers); the API's view counts through
api.throttles.AddressRateThrottle, the same count. Logged-in users count too: the API's view authenticates
nobody, and asking who is logged in would cost the page a session read.
"""

import functools

from landreg.accounts.throttle import page_throttle, scope_rate

SCOPE = "verify"

verification_throttle = page_throttle(
    scope=SCOPE,
    rate=functools.partial(scope_rate, SCOPE),
    template="certificates/verify_throttled.html",
    count_logged_in=True,
)
