"""The registry's one source of "now".

Legal windows (public notice, objection deadlines) are counted from it, so tests can move time forward
without sleeping: ``with clock.frozen_at(dt): ...``.
"""

import contextlib
import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

_override: dt.datetime | None = None


def now() -> dt.datetime:
    return _override if _override is not None else timezone.now()


def today() -> dt.date:
    return timezone.localdate(now())


@contextlib.contextmanager
def frozen_at(moment: dt.datetime) -> Iterator[None]:
    global _override
    if timezone.is_naive(moment):
        raise ValueError("frozen_at needs an aware datetime")
    previous, _override = _override, moment
    try:
        yield
    finally:
        _override = previous
