"""A cap on anonymous requests to the public register per client address and minute, against scraping.

Counted in the throttle cache (``CACHES["throttle"]``, as the API's and the verification's counts: a folder
shared by one machine's gunicorn workers, Redis by ``LANDREG_THROTTLE_CACHE_URL`` for several machines); it
was the default cache, each worker's own memory, so an address got the allowance once per worker.
Logged-in users are not counted: their reads are scoped and accountable. Over the cap: 429 with
Retry-After, a French page for people.
"""

import functools
import time

from django.conf import settings
from django.core.cache import caches
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
    counts = caches["throttle"]
    count = 1 if counts.add(key, 1, timeout=WINDOW_SECONDS + 5) else counts.incr(key)
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
