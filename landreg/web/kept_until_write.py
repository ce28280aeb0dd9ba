"""Keys of what pages keep in the process's cache until the registry changes (home figures, list pages).

A key holds the audit chain's head, which every write moves (each write records an event), read before what
is kept, so what is shown is never older than the last write; and the user's scope (the units their grants
cover, "*" for a superuser), so no one is shown what another scope keeps. The parts a caller adds say what
else the kept thing depends on (the page's query string, the language).
"""

import hashlib
from collections.abc import Callable

from landreg.accounts.selectors import granted_paths
from landreg.audit.kept import AUDIT_HEAD
from landreg.core import clock

# A backstop only: a write outside the audit chain (there should be none) shows within ten minutes.
KEPT_SECONDS = 600


def kept_key(user, kind: str, *parts: str) -> str:
    return kept_keys(user)(kind, *parts)


def kept_keys(user, head: tuple | None = None) -> Callable[..., str]:
    """``key(kind, *parts)``: keys for the user's scope at the chain's present head, read once for all the
    keys of a page (``head``: its row, when the page read it beside its other reads)."""
    if head is None:
        head = next(iter(AUDIT_HEAD.rows()), (0, ""))
    if user.is_authenticated and user.is_active and user.is_superuser:
        scope = ("*",)
    else:
        scope = tuple(sorted(granted_paths(user, "view_records")))

    def key(kind: str, *parts: str) -> str:
        # The chain's hash beside its number: a test's rolled-back events can reach the same number again.
        # The tuple's repr: no two different lists of scope and parts write the same text.
        # The day too: a lease or loan stops being in force when its term is over, with no write
        # (rights.models.in_force_on), and the figures and lists count the rights in force.
        text = repr((head[0], head[1], clock.today().isoformat(), scope, parts))
        return f"landreg:{kind}:{hashlib.sha256(text.encode()).hexdigest()}"

    return key
