"""A limit per client address on failed logins, on every door, beside the lockout per user name.

The lockout (django-axes, 5 failures) is per user name and address: one address may try a few passwords
against each of as many user names as it likes. Axes cannot add a separate per-address limit: it has one
AXES_FAILURE_LIMIT, compared with the largest count of all AXES_LOCKOUT_PARAMETERS, so an "ip_address"
parameter would lock a land office whose staff share one address (NAT) after 5 typing errors; and its reset
on success deletes every row of the address, so one clerk's login would wipe a guesser's count. Hence this
small layer, with its own, higher limit (LANDREG_LOGIN_FAILURES_PER_ADDRESS, 50 in 15 minutes by default):

- every wrong password reaches Django's ``user_login_failed`` (sent by authenticate() for the login page, the
  admin, ODK Collect's Basic login and the API's token endpoint): its time joins the address's recent
  failures, kept in the cache the server's processes share (CACHES["throttle"], Redis or a folder), the
  address read as the lockout reads it (accounts.lockout.client_address, the proxy's own X-Forwarded-For
  entry when trusted). The failure that reaches the limit is answered as blocked, as axes does for a user;
- the lockout backend (accounts/backends.py), first of the backends, refuses any login from a blocked address
  before a password is checked, and flags the request as axes flags a locked-out one, so each door answers
  where it answers the lockout: 429, Retry-After (until the oldest counted failure is older than the
  period), a message about the address rather than the user;
- a refused attempt is no failure (no password was checked): it neither extends the block nor counts towards
  a user's lockout (RegistryAxesHandler). A successful login touches nothing: other users' failures stand.

Counted atomically, so that failures at the same instant in several processes (gunicorn's workers) each
count: every failure takes the next number of its address's sequence with the cache's own atomic operations
(``add`` creates the counter when there is none, ``incr`` counts; Redis, the memory cache, and the folder
cache under its lock, tiles.filecache), then writes its time into slot ``number % failures`` of a ring. The
ring holds the times of the last ``failures`` failures, each in its own slot, so the window is as before: the
address is blocked while its last ``failures`` failures all lie within the period, until the oldest of them
is older. Reading it costs two look-ups (the counter and the slot of the oldest). Each failure keeps the
counter a period longer: it expires only once every failure it numbered is out of the window, and a new
sequence then starts over stale slots harmlessly.
"""

import math
import time

from django.conf import settings
from django.core.cache import caches

from landreg.accounts.limit_settings import FailureLimit

# Set on the HttpRequest (also read through DRF's Request, which falls back to it): the seconds to wait.
BLOCKED = "landreg_address_blocked"
# Set on the request authenticate() was given when the attempt was refused before any password check: by
# "address" (this limit) or by the "lockout" (axes, per user name and address).
REFUSED = "landreg_login_refused"


def failure_limit() -> FailureLimit | None:
    return settings.LANDREG_LOGIN_FAILURES_PER_ADDRESS


def _key(address: str | None) -> str:
    return f"login-failures:{address or 'unknown'}"


def _slot(address: str | None, number: int, limit: FailureLimit) -> str:
    return f"{_key(address)}:{number % limit.failures}"


def _number(address: str | None, limit: FailureLimit) -> int:
    """The next number of the address's failures, taken atomically (one per failure, whatever the process).
    The counter may expire (or be removed by an unblock) between ``add`` and ``incr``: then ``incr`` finds
    nothing and the counter is added again."""
    cache, key = caches["throttle"], _key(address)
    for _attempt in range(5):
        cache.add(key, 0, timeout=limit.seconds + 1)
        try:
            number = cache.incr(key)
        except ValueError:
            continue
        # Kept a period after its last failure. A counter that expired just before this (Redis' incr then
        # recreates it without an expiry) gets one again here.
        cache.touch(key, timeout=limit.seconds + 1)
        return number
    # Only if the counter vanished five times in a row between two calls: count from one again.
    cache.set(key, 1, timeout=limit.seconds + 1)
    return 1


def _left(address: str | None, last: int | None, limit: FailureLimit, now: float) -> int:
    """Seconds until the oldest of the last ``failures`` failures (numbers ``last - failures + 1`` to
    ``last``) is older than the period; 0 when fewer were counted or it is older already."""
    if not last or last < limit.failures:
        return 0
    oldest = caches["throttle"].get(_slot(address, last + 1, limit))
    if oldest is None or oldest <= now - limit.seconds:
        return 0
    return max(1, math.ceil(oldest + limit.seconds - now))


def seconds_blocked(address: str | None) -> int:
    """How long logins from ``address`` stay refused (0: not blocked)."""
    limit = failure_limit()
    if limit is None:
        return 0
    return _left(address, caches["throttle"].get(_key(address)), limit, time.time())


def failure_record(address: str | None) -> int:
    """Count a failed login from ``address``; returns how long it is now blocked (0: not blocked)."""
    limit = failure_limit()
    if limit is None:
        return 0
    now = time.time()
    number = _number(address, limit)
    caches["throttle"].set(_slot(address, number, limit), now, timeout=limit.seconds + 1)
    return _left(address, number, limit, now)


def address_unblock(address: str) -> int:
    """Forget the failed logins counted for ``address`` (an administrator lifting a block, e.g. for an office
    whose device kept an old password); returns how long it was still blocked (0: it was not)."""
    left = seconds_blocked(address)
    limit = failure_limit()
    slots = [_slot(address, n, limit) for n in range(limit.failures)] if limit else []
    caches["throttle"].delete_many([_key(address), *slots])
    return left


def mark_blocked(request, seconds: int) -> None:
    """Flag the request as blocked for its address: the doors' lockout answers then give 429."""
    request.axes_locked_out = True  # what every door already checks (AxesMiddleware, token view, OpenRosa)
    setattr(getattr(request, "_request", request), BLOCKED, seconds)


def blocked_seconds_of(request) -> int:
    """The seconds to wait if this request was refused for its address (0 if not)."""
    return getattr(request, BLOCKED, 0)
