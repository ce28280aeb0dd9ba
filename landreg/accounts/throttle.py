"""A cap on requests per client address and period: the public register's pages, certificate verification
(page and API in one count) and the API's token endpoints all count here.

- Per client address read as the login lockout reads it (accounts.lockout.client_address: behind a trusted
  proxy, the entry the proxy itself added to X-Forwarded-For; without one, the connection's address, so a
  forged header dodges nothing).
- Over a sliding period, estimated from two windows of the rate's period (a minute for "30/minute"): the
  requests served in this window, plus those of the previous window still within the last period, taken as
  spread evenly from that window's start to its last request. Counted in fixed windows alone, a client could
  make twice the rate across a window's edge (the rate at the end of one minute, the rate again at the start
  of the next); now the requests just before the edge still count just after it. Each window keeps its count
  and the time of its last request served, nothing per request.
- Each request takes the next number of its address's window with the cache's own atomic operations, ``add``
  (the first of the window) then ``incr``, in CACHES["throttle"], which the server's processes share (Redis,
  or a folder of the machine whose ``add`` and ``incr`` run under a lock, tiles.filecache). Two gunicorn
  workers counting at the same instant never lose a count, as DRF's list of times per address (read, append,
  write back) did. A refused request gives its number back (``decr``): only served requests count, so the
  wait a refusal names is the wait.
- Over the rate: 429 with Retry-After, the seconds until one more request is within the rate (never more
  than the period); for people a page in their language, for the API DRF's Throttled (api.throttles),
  answered with the API's usual error body.

A scope names what is counted together: two doors with the same scope share one count per address.
"""

import contextlib
import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.shortcuts import render

from landreg.accounts.lockout import client_address
from landreg.core import clock

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


def _kept(rate: Rate) -> int:
    """How long a window's count lives: through the next window, which reads it as its previous."""
    return 2 * rate.seconds + 5


def _number(key: str, rate: Rate) -> int:
    """The next number of ``key``'s count, taken atomically. The counter may expire between ``add`` and
    ``incr``: then ``incr`` finds nothing and the counter is added again."""
    counts = caches["throttle"]
    for _attempt in range(5):
        if counts.add(key, 1, timeout=_kept(rate)):
            return 1
        try:
            return counts.incr(key)
        except ValueError:
            continue
    return 1  # the counter vanished five times in a row between two calls: this request is let through


def _still_in(count: int, start: float, last: float, since: float) -> float:
    """How many of ``count`` requests, spread evenly over [start, last], came after ``since``."""
    if count <= 0 or last <= since:
        return 0.0
    if since <= start:
        return float(count)
    return count * (last - since) / (last - start)


def _room_from(count: int, start: float, last: float, room: int, period: int) -> float:
    """The first moment at which at most ``room`` of those requests are still within the last period."""
    if count <= room:
        return -math.inf
    if room < 0:
        return math.inf
    return last + period - room * (last - start) / count


def _wait(rate: Rate, now: float, start: float, previous: tuple[int, float], served: tuple[int, float]):
    """The seconds until one more request from the address is within the rate, if it sends nothing else
    meanwhile: in this window once enough of the previous window's requests are out of the last period, else
    in the next once enough of this window's are. ``previous``, ``served``: the previous window's and this
    window's count and last request's time; ``start``: this window's start."""
    room = rate.requests - 1  # what the last period may hold beside that request
    (previous_count, previous_last), (served_count, served_last) = previous, served
    period = rate.seconds
    moment = _room_from(previous_count, start - period, previous_last, room - served_count, period)
    if moment < start + period:
        return max(now, moment) - now
    return max(start + period, _room_from(served_count, start, served_last, room, period)) - now


def wait_seconds(request: HttpRequest, *, scope: str, rate: Rate | None) -> int:
    """Count this request in ``scope`` for its client address; the seconds it must wait (0: served)."""
    if rate is None:
        return 0
    now = clock.now().timestamp()
    window = int(now // rate.seconds)
    start = float(window * rate.seconds)
    address = f"landreg:throttle:{scope}:{client_address(request) or 'unknown'}"
    key, previous_key = f"{address}:{window}", f"{address}:{window - 1}"
    counts = caches["throttle"]
    number = _number(key, rate)
    kept = counts.get_many([previous_key, f"{previous_key}:last"])
    previous = (kept.get(previous_key, 0), kept.get(f"{previous_key}:last", start))
    within = _still_in(previous[0], start - rate.seconds, previous[1], now - rate.seconds) + number
    if within <= rate.requests + 1e-9:  # the rounding of the share of the previous window
        counts.set(f"{key}:last", now, timeout=_kept(rate))
        return 0
    with contextlib.suppress(ValueError):  # the counter expired meanwhile: nothing to give back
        counts.decr(key)  # refused: not counted, so that the wait said is the wait
    served = (number - 1, counts.get(f"{key}:last", start))
    return max(1, math.ceil(_wait(rate, now, start, previous, served) - 1e-9))


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
