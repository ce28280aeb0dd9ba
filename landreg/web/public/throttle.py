"""A cap on anonymous requests to the public register per client address and minute, against scraping.

Counted in Django's cache (per process with the default local-memory cache; give the deployment a shared
cache such as Redis or Memcached for one count across workers). Logged-in users are not counted: their
reads are scoped and accountable. Over the cap: 429 with Retry-After, a French page for people.
"""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from landreg.accounts.lockout import client_address

WINDOW_SECONDS = 60


def requests_per_minute() -> int:
    return getattr(settings, "LANDREG_PUBLIC_REQUESTS_PER_MINUTE", 60)


def _count(address: str) -> tuple[int, int]:
    """This request's number in the current window, and the seconds left in it."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"landreg:public-register:{address}:{window}"
    # add() then incr(): both atomic in Django's caches, so two workers never lose a count.
    count = 1 if cache.add(key, 1, timeout=WINDOW_SECONDS + 5) else cache.incr(key)
    return count, WINDOW_SECONDS - int(now % WINDOW_SECONDS)


def public_throttle(view):
    @functools.wraps(view)
    def throttled(request, *args, **kwargs):
        if not request.user.is_authenticated:
            count, retry_after = _count(client_address(request) or "unknown")
            if count > requests_per_minute():
                response = render(request, "web/public/throttled.html", {"seconds": retry_after}, status=429)
                response["Retry-After"] = str(retry_after)
                return response
        return view(request, *args, **kwargs)

    return throttled
