"""A cap on requests per client address and period: the public register's pages, certificate verification
(page and API in one count) and the API's token endpoints all count here.

- Per client address read as the login lockout reads it (accounts.lockout.client_address: behind a trusted
  proxy, the entry the proxy itself added to X-Forwarded-For; without one, the connection's address, so a
  forged header dodges nothing).
- In fixed windows (a minute for "30/minute"): each request takes the next number of its address's window
  with the cache's own atomic operations, ``add`` (the first of the window) then ``incr``, in
  CACHES["throttle"], which the server's processes share (Redis, or a folder of the machine whose ``add``
  and ``incr`` run under a lock, tiles.filecache). Two gunicorn workers counting at the same instant never
  lose a count, as DRF's list of times per address (read, append, write back) did.
- Over the rate: 429 with Retry-After, the seconds left in the window; for people a page in their language,
  for the API DRF's Throttled (api.throttles), answered with the API's usual error body.

A scope names what is counted together: two doors with the same scope share one count per address.
"""

import functools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.shortcuts import render

from landreg.accounts.lockout import client_address

PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    requests: int
    seconds: int


def rate_parse(text: str | None) -> Rate | None:
    """DRF's form of a rate, "<number>/<second|minute|hour|day>" (checked by the settings); None: no limit."""
    if not text:
        return None
    number, _slash, period = text.partition("/")
    return Rate(int(number), PERIOD_SECONDS[period[0]])


def scope_rate(scope: str) -> Rate | None:
    """The rate REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] gives a scope (read at each use: tests change it)."""
    return rate_parse(settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get(scope))


def _number(key: str, rate: Rate) -> int:
    """The next number of ``key``'s count, taken atomically. The counter may expire between ``add`` and
    ``incr`` (the window's end): then ``incr`` finds nothing and the counter is added again."""
    counts = caches["throttle"]
    for _attempt in range(5):
        if counts.add(key, 1, timeout=rate.seconds + 5):
            return 1
        try:
            return counts.incr(key)
        except ValueError:
            continue
    return 1  # the counter vanished five times in a row between two calls: this request is let through


def wait_seconds(request: HttpRequest, *, scope: str, rate: Rate | None) -> int:
    """Count this request in ``scope`` for its client address; the seconds it must wait (0: served)."""
    if rate is None:
        return 0
    now = time.time()
    window = int(now // rate.seconds)
    key = f"landreg:throttle:{scope}:{client_address(request) or 'unknown'}:{window}"
    if _number(key, rate) <= rate.requests:
        return 0
    return max(1, math.ceil((window + 1) * rate.seconds - now))


def page_throttle(*, scope: str, rate: Callable[[], Rate | None], template: str, count_logged_in: bool):
    """A view decorator: over ``rate()`` requests from one address in ``scope``, the 429 page ``template``
    (given ``seconds``, the wait) with Retry-After instead of the view. ``count_logged_in=False`` lets
    logged-in users through uncounted (their reads are scoped and accountable); counting everyone spares a
    page the session read."""

    def decorate(view):
        @functools.wraps(view)
        def throttled(request, *args, **kwargs):
            if count_logged_in or not request.user.is_authenticated:
                seconds = wait_seconds(request, scope=scope, rate=rate())
                if seconds:
                    response = render(request, template, {"seconds": seconds}, status=429)
                    response["Retry-After"] = str(seconds)
                    return response
            return view(request, *args, **kwargs)

        return throttled

    return decorate
