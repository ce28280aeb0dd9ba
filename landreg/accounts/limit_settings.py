"""LANDREG_LOGIN_FAILURES_PER_ADDRESS read from the environment (see accounts/address_limit.py).

"<failures>/<period>": "50/15m" is 50 failed logins in 15 minutes, the period a number (1 if left out) and a
unit, s, m, h or d ("20/h", "100/900s"); "none" turns the limit off. Anything else stops the start-up with
the variable's name and what it accepts, as the token endpoints' rates do. Nothing here is imported from
Django's set-up, so settings.py can call it.
"""

import re
from typing import NamedTuple

from django.core.exceptions import ImproperlyConfigured

DEFAULT = "50/15m"
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_PATTERN = re.compile(r"(\d+)/(\d*)([smhd])")


class FailureLimit(NamedTuple):
    failures: int  # this many failed logins from one address...
    seconds: int  # ...within this many seconds block it until the oldest of them is older


def failure_limit_parse(value: str, name: str = "LANDREG_LOGIN_FAILURES_PER_ADDRESS") -> FailureLimit | None:
    text = value.strip().lower()
    if text == "none":
        return None
    match = _PATTERN.fullmatch(text)
    failures = int(match[1]) if match else 0
    seconds = int(match[2] or 1) * UNIT_SECONDS[match[3]] if match else 0
    if failures < 1 or seconds < 1:
        raise ImproperlyConfigured(
            f'{name}: "{value}" is not <failures>/<period> with a period in s, m, h or d '
            f'(e.g. "{DEFAULT}": {DEFAULT.split("/")[0]} failed logins in 15 minutes) nor "none"'
        )
    return FailureLimit(failures, seconds)
