"""A cap on anonymous requests to the public register per client address and minute, against scraping
(``LANDREG_PUBLIC_REQUESTS_PER_MINUTE``, default 60).

Counted as every page throttle counts (accounts.throttle: atomic, in CACHES["throttle"], shared by the
server's workers). Logged-in users are not counted: their reads are scoped and accountable. Over the cap:
429 with Retry-After, a page in the visitor's language.
"""

from django.conf import settings

from landreg.accounts.throttle import Rate, page_throttle


def _rate() -> Rate:
    return Rate(getattr(settings, "LANDREG_PUBLIC_REQUESTS_PER_MINUTE", 60), 60)


public_throttle = page_throttle(
    scope="public-register", rate=_rate, template="web/public/throttled.html", count_logged_in=False
)
