"""The header search's lists of parcels, claims, certificates and people, kept as found and as printed until
the registry changes (as the home page's figures, ``home.figures``).

The load benchmark's registrar searched the same four names over and over: each search ran the name filter
and the parcels held (6-30 ms of PostgreSQL at 100,000 parcels, "Sawadogo" 2,715 people) and printed some
200 rows through the template engine (a third of the page's Python). What a search finds changes only with
the registry, and every write of the registry records an audit event, which moves the chain's head: kept
under that head, the lists are never older than the last write.

The key holds what the lists depend on besides the registry:
- the villages the user may see, as read at this request (their ids, names and codes: the scope of every
  kind, and what the rows print; a village added or renamed is not a registry write, so it is read each
  time);
- where the user may see personal data (the units of their ``view_personal_data`` grants): the people's
  rows print a year of birth and an ID number there only (parties.choice_labels), so two users of the same
  villages, a field agent and a committee member, never share a list;
- the text as typed (every kind is matched on it, the claims' and certificates' numbers as typed) and the
  language the lists are printed in.
Texts with digits are never kept: an ID document number finds a person only for users who may see the
personal data of that person's village, a scope this key does not hold. Nothing of the user's session is
kept (the lists print no form, no token), and the villages' own list is read at every search (cheap: it is
a comparison of the names just read, a statement only when a village matches).
"""

import hashlib
import threading
import time
from collections import OrderedDict

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from landreg.core import clock
from landreg.web.search.rows import Found

# A backstop only: a write outside the audit chain (there should be none) shows within ten minutes.
KEPT_SECONDS = 600
KEPT_SEARCHES = 500


class _Kept:
    """The lists kept by this process, the latest used last: as they are, not pickled (Django's memory
    cache pickles every value it keeps and unpickles it at every read, some 200 rows a search: a sixth of a
    kept search's Python). Never changed once kept: the page only reads them."""

    def __init__(self):
        self.kept: OrderedDict[str, tuple[float, tuple]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            found = self.kept.get(key)
            if found is None or found[0] < time.monotonic():
                return None
            self.kept.move_to_end(key)
            return found[1]

    def set(self, key: str, value, seconds: float) -> None:
        with self.lock:
            self.kept[key] = (time.monotonic() + seconds, value)
            self.kept.move_to_end(key)
            while len(self.kept) > KEPT_SEARCHES:
                self.kept.popitem(last=False)


cache = _Kept()
TEMPLATE = "web/search_found.html"


def found_kept(
    query: str, scope: list[tuple], head: list[tuple], find, *, personal: str
) -> tuple[dict[str, Found], SafeString]:
    """The lists for ``query`` in the villages ``scope`` ((id, name, code) each) and their HTML: ``find()``'s
    answer, printed, or the one kept since the registry last changed (``head``: the rows of ``AUDIT_HEAD``
    (audit.kept), read by the caller beside the scope, in the same round trip). ``personal``: where the user
    may see personal data (PartyLabels.personal_key), which the people's rows print there."""
    key = None if any(c.isdigit() for c in query) else _key(query, scope, head, personal)
    kept = cache.get(key) if key else None
    if kept is None:
        found = find()
        kept = (found, render_to_string(TEMPLATE, {"found": found}))
        if key:
            cache.set(key, kept, KEPT_SECONDS)
    found, html = kept
    return found, mark_safe(html)  # noqa: S308 (the template's own output, escaped when printed)


def _key(query: str, scope: list[tuple], head: list[tuple], personal: str) -> str:
    head = (head or [(0, "")])[0]
    villages = "\n".join(sorted(f"{pk}\t{name}\t{code}" for pk, name, code in scope))
    # The chain's hash beside its number: a test's rolled-back events can reach the same number again. The
    # day: a lease past its end date stops being in force without a write (rights.models.in_force_on).
    language, today = translation.get_language(), clock.today()
    text = f"{head[0]}\n{head[1]}\n{today}\n{language}\n{query}\n{villages}\n\n{personal}"
    return f"landreg:search:{hashlib.sha256(text.encode()).hexdigest()}"
