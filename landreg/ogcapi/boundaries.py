"""Where the whole collection's pages start: the number and id of every EVERY-th current parcel in the
collection's order (number, then id), kept until the registry changes (PostgreSQL only).

A page of the whole collection at offset N was found by walking the index of the current parcels on
(number, id) past N entries: at 100,000 parcels, a random offset walked 50,000 of them, some 4 ms of
PostgreSQL's 5 for the page. The boundaries are read once in one walk of the same index (about 20 ms at
100,000 parcels); a page then starts at the boundary at or before its offset (a row comparison on the index)
and walks at most EVERY - 1 entries. Its rows, count and links are those of the plain path: only where the
walk starts changes. Pages before the first boundary but one (offset < EVERY) walk from the start as before.

Kept until the registry changes, as the home page's figures (web/home/figures.py): every service writing a
parcel records an audit event in the same transaction, which moves the chain's head. The boundaries hold
the head they were read under, read in their own statement (one snapshot for both), and the page's statement
reads the head again beside the page (``HEAD``): a page read under another head is thrown away and read the
plain way (features.page_in_database), and the boundaries are read again at the next deep page. So a page
is never placed with the boundaries of another state of the registry, not even when a write commits between
two statements. A backstop: a write outside the chain (there should be none) is seen within KEPT_SECONDS.
"""

import dataclasses
import time

from django.db import connections

from landreg.audit.models import AuditHead
from landreg.parcels.models import Parcel

EVERY = 1000
KEPT_SECONDS = 600


def _names(db: str) -> dict:
    quote = connections[db].ops.quote_name
    meta = Parcel._meta
    return {
        "table": quote(meta.db_table),
        "id": quote(meta.get_field("id").column),
        "number": quote(meta.get_field("number").column),
        "end": quote(meta.get_field("end_lifespan").column),
        "head": quote(AuditHead._meta.db_table),
        "seq": quote(AuditHead._meta.get_field("last_seq").column),
        "hash": quote(AuditHead._meta.get_field("last_hash").column),
        "head_id": quote(AuditHead._meta.pk.column),
    }


# The chain's head as one text ('' before the first event): its number, and its hash, since a rolled-back
# write's number can be reached again by another.
_HEAD = (
    "COALESCE((SELECT {head}.{seq}::text || ' ' || {head}.{hash} FROM {head} WHERE {head}.{head_id} = 1), '')"
)

# Every EVERY-th current parcel in the collection's order, and the head, in one statement.
_READ = """
SELECT {head_text}, array_agg(s.number ORDER BY s.position), array_agg(s.id ORDER BY s.position)
FROM (SELECT {table}.{number} AS number, {table}.{id} AS id,
             row_number() OVER (ORDER BY {table}.{number}, {table}.{id}) - 1 AS position
      FROM {table} WHERE {table}.{end} IS NULL) s
WHERE s.position %% %s = 0
"""

# The keys of a page from a boundary (its number and id, then the page's size and the rows to skip after it):
# the keys' query of features.keys_and_count for the whole collection, with the row comparison that the
# index on (number, id) of the current parcels starts its walk at.
_KEYS = (
    'SELECT {table}.{id} AS "pk" FROM {table}'
    " WHERE ({table}.{end} IS NULL AND ({table}.{number}, {table}.{id}) >= (%s, %s))"
    " ORDER BY {table}.{number} ASC, {table}.{id} ASC LIMIT %s OFFSET %s"
)


def head_sql(db: str) -> str:
    """The chain's head as the boundaries hold it, an expression for the page's statement."""
    return _HEAD.format(**_names(db))


def keys_sql(db: str) -> str:
    return _KEYS.format(**_names(db))


@dataclasses.dataclass(frozen=True)
class Boundaries:
    head: str
    numbers: tuple
    ids: tuple
    expires: float


_kept: dict[str, Boundaries] = {}


def boundaries(db: str) -> Boundaries:
    kept = _kept.get(db)
    if kept is None or kept.expires <= time.monotonic():
        kept = _kept[db] = _read(db)
    return kept


def _read(db: str) -> Boundaries:
    names = _names(db)
    with connections[db].cursor() as cursor:
        cursor.execute(_READ.format(head_text=_HEAD.format(**names), **names), [EVERY])
        head, numbers, ids = cursor.fetchone()
    return Boundaries(head, tuple(numbers or ()), tuple(ids or ()), time.monotonic() + KEPT_SECONDS)


def forget(db: str) -> None:
    """After a page read under another head: read the boundaries again at the next deep page."""
    _kept.pop(db, None)


def start(db: str, offset: int) -> tuple[tuple, int, str] | None:
    """For a page of the whole collection at ``offset``: the number and id of the boundary at or before it,
    the rows to skip after it, and the head the boundaries hold; None for a page the index's start serves as
    well (offset < EVERY) or an empty collection."""
    if offset < EVERY:
        return None
    kept = boundaries(db)
    if not kept.numbers:
        return None
    k = min(offset // EVERY, len(kept.numbers) - 1)
    return (kept.numbers[k], kept.ids[k]), offset - k * EVERY, kept.head
