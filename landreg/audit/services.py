"""Writing and verifying the hash chain of events."""

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils.translation import gettext as _

from landreg.audit.canonical import canonical_json, dumps_is_canonical
from landreg.audit.models import GENESIS_HASH, AuditEvent, AuditHead
from landreg.core import clock
from landreg.core.db.bulk import insert_values


def _body(
    *, seq: int, occurred_at: dt.datetime, actor_id, action, object_type, object_id, payload, prev_hash
):
    return {
        "seq": seq,
        "at": occurred_at.astimezone(dt.UTC).isoformat(),
        "actor": str(actor_id) if actor_id is not None else None,
        "action": action,
        "type": object_type,
        "id": str(object_id),
        "payload": payload,
        "prev": prev_hash,
    }


def _event_body(event: AuditEvent) -> dict:
    return _body(
        seq=event.seq,
        occurred_at=event.occurred_at,
        actor_id=event.actor_id,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        payload=event.payload,
        prev_hash=event.prev_hash,
    )


def event_hash(event: AuditEvent) -> str:
    """SHA-256 of the event's RFC 8785 canonical JSON, so any JCS library can recompute it."""
    return hashlib.sha256(canonical_json(_event_body(event))).hexdigest()


def _hash_matches(event: AuditEvent) -> bool:
    if event_hash(event) == event.hash:
        return True
    # Events recorded before RFC 8785 were hashed over Python's sorted json.dumps, the same bytes except for
    # floating-point numbers; those events keep verifying.
    legacy = json.dumps(_event_body(event), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(legacy.encode()).hexdigest() == event.hash


@transaction.atomic
def audit_record(*, action: str, obj=None, object_type: str = "", object_id="", actor=None, payload=None):
    """Append one event to the chain. Runs inside the caller's transaction: if it rolls back, so does this."""
    # The head row lock makes concurrent writers take turns; without it two events could share a parent.
    head, _created = AuditHead.objects.select_for_update().get_or_create(pk=1)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    payload = as_stored(payload)
    event = AuditEvent(
        seq=head.last_seq + 1,
        occurred_at=clock.now().replace(microsecond=0),
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        payload=payload,
        prev_hash=head.last_hash,
    )
    event.hash = event_hash(event)
    event.save()
    head.last_seq, head.last_hash = event.seq, event.hash
    head.save(update_fields=["last_seq", "last_hash"])
    return event


@transaction.atomic
def audit_record_many(
    *, action: str, object_type: str, object_ids: list, actor=None, payloads: list[dict]
) -> None:
    """Append one event per object (``object_type``, e.g. "adjudication.claim", and each one's id), in
    order, as ``audit_record`` would one by one, with one head lock and one insert: a batch of drafts from
    a device is many events, and the chain does not care how they came."""
    if not object_ids:
        return
    head, _created = AuditHead.objects.select_for_update().get_or_create(pk=1)
    occurred_at = clock.now().replace(microsecond=0)
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    seq, prev_hash = head.last_seq, head.last_hash
    canonical = _CanonicalBodies(
        occurred_at=occurred_at, actor_id=actor_id, action=action, object_type=object_type
    )
    rows = []
    for object_id, payload in zip(object_ids, payloads, strict=True):
        seq += 1
        row = {
            "seq": seq,
            "occurred_at": occurred_at,
            "actor_id": actor_id,
            "action": action,
            "object_type": object_type,
            "object_id": str(object_id),
            "payload": as_stored(payload),
            "prev_hash": prev_hash,
        }
        text = canonical.text(
            seq=seq, object_id=row["object_id"], payload=row["payload"], prev_hash=prev_hash
        )
        row["hash"] = prev_hash = hashlib.sha256(text).hexdigest()
        rows.append(row)
    insert_values(AuditEvent, rows)
    head.last_seq, head.last_hash = seq, prev_hash
    head.save(update_fields=["last_seq", "last_hash"])


@transaction.atomic
def audit_record_table_rows(
    *,
    action: str,
    object_type: str,
    object_id,
    actor=None,
    label: str,
    table: str,
    total: int,
    per_event: int,
    progress: Callable[[int, int], None] | None = None,
) -> list[int] | None:
    """PostgreSQL: append one event per ``per_event`` rows of ``table`` (a temporary table ``(k, object_id,
    hash)``, k numbering its ``total`` rows from 1, no hash NULL), each with the payload ``{"rows": [[label,
    id, hash], ...]}``, as ``audit_record`` would one by one (the same bodies, hashes and chain), but
    written by the database: the payload's canonical text is put together by ``string_agg`` and hashed by
    ``sha256()`` between the body's other members, which Python writes (``_CanonicalBodies``). An import's
    rows never come into Python: reading them, copying them, writing them as canonical JSON twice (to hash
    and to store) took 0.45 s of the 100,000-parcel import's main thread, while the database waited.
    The events' sequence numbers; None when the members shared by the events are not plain text (the
    caller records them one by one then)."""
    if connection.vendor != "postgresql":
        return None
    head, _created = AuditHead.objects.select_for_update().get_or_create(pk=1)
    occurred_at = clock.now().replace(microsecond=0)
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    canonical = _CanonicalBodies(
        occurred_at=occurred_at, actor_id=actor_id, action=action, object_type=object_type
    )
    object_id = str(object_id)
    if not (canonical.plain and dumps_is_canonical(label) and dumps_is_canonical(object_id)):
        return None
    seq, prev_hash, seqs = head.last_seq, head.last_hash, []
    # The row's text as json.dumps writes it: PostgreSQL's to_json escapes text as json.dumps with
    # ensure_ascii=False does (quotes, backslashes, control characters as lower-case \\u00xx).
    row = (
        f"'[' || {_sql_literal(_dumps(label))} || ',' || to_json(object_id)::text || ',' "
        "|| to_json(hash)::text || ']'"
    )
    with connection.cursor() as cursor:
        for start in range(0, total, per_event):
            seq += 1
            before = f'{canonical.head}{_dumps(object_id)},"payload":{{"rows":['
            after = f']}},"prev":{_dumps(prev_hash)},"seq":{seq}{canonical.tail}'
            cursor.execute(
                f"WITH p AS (SELECT string_agg({row}, ',' ORDER BY k) AS rows FROM {table} "  # noqa: S608 - caller's table
                "WHERE k > %s AND k <= %s) "
                f"INSERT INTO {AuditEvent._meta.db_table} (seq, occurred_at, actor_id, action, object_type, "
                "object_id, payload, prev_hash, hash) SELECT %s, %s, %s, %s, %s, %s, "
                "('{\"rows\":[' || rows || ']}')::jsonb, %s, "
                "encode(sha256(convert_to(%s || rows || %s, 'UTF8')), 'hex') FROM p RETURNING hash",
                [
                    start,
                    start + per_event,
                    seq,
                    occurred_at,
                    actor_id,
                    action,
                    object_type,
                    object_id,
                    prev_hash,
                    before,
                    after,
                ],
            )
            prev_hash = cursor.fetchone()[0]
            seqs.append(seq)
            if progress:
                progress(min(start + per_event, total), total)
    head.last_seq, head.last_hash = seq, prev_hash
    head.save(update_fields=["last_seq", "last_hash"])
    return seqs


def _sql_literal(text: str) -> str:
    # A literal in a statement with parameters: quotes doubled, and % too (psycopg's placeholders).
    return "'" + text.replace("'", "''").replace("%", "%%") + "'"


def as_stored(payload) -> dict:
    """The payload as either database gives it back, so that an event is hashed over what verifying it
    will read: a JSON round trip (``default=str`` for dates and the like), with floats of 1e21 or more
    written as text (``"1e+21"``). PostgreSQL's jsonb keeps numbers as decimals and writes them back
    without an exponent, so such a float came back as an integer, which canonical JSON writes otherwise
    (``1000000000000000000000``, not ``1e+21``): the event would no longer verify. SQLite gives the float
    back. As text the value reads back the same from both. A flat dict of strings, the usual payload of a
    batch, is stored as it is, and so is a dict of strings and of lists of lists of strings (the rows of
    a register write, ``[table, id, hash]``: the round trip of an import's 5,000 rows an event took 0.3 s
    per 100,000 parcels), copied."""
    if type(payload) is dict and all(type(k) is str for k in payload):
        if all(type(v) is str for v in payload.values()):
            return dict(payload)
        if all(type(v) is str or _text_rows(v) for v in payload.values()):
            return {k: v if type(v) is str else [list(row) for row in v] for k, v in payload.items()}
    return json.loads(json.dumps(payload or {}, default=str), parse_float=_float_or_text)


def _text_rows(value) -> bool:
    """Whether ``value`` is a list of lists of strings (which JSON gives back as they are)."""
    return type(value) is list and all(
        type(row) is list and all(type(item) is str for item in row) for row in value
    )


def _float_or_text(text: str):
    number = float(text)
    return text if abs(number) >= 1e21 else number


class _CanonicalBodies:
    """``canonical_json(_body(...))`` of the events of one batch, which share their time, actor, action
    and object type: those members are written once, and a body whose payload json.dumps writes in RFC
    8785 form already (``dumps_is_canonical``, as for the whole body in ``canonical_json``) is put together
    from its members' texts in the body's key order; any other goes through ``canonical_json``.
    tests/audit check both give the same bytes."""

    def __init__(self, *, occurred_at, actor_id, action, object_type):
        self.members = {
            "occurred_at": occurred_at,
            "actor_id": actor_id,
            "action": action,
            "object_type": object_type,
        }
        body = _body(seq=0, object_id="", payload={}, prev_hash="", **self.members)
        self.plain = all(dumps_is_canonical(body[key]) for key in ("at", "actor", "action", "type"))
        dumped = {key: _dumps(body[key]) for key in ("action", "actor", "at", "type")}
        self.head = f'{{"action":{dumped["action"]},"actor":{dumped["actor"]},"at":{dumped["at"]},"id":'
        self.tail = f',"type":{dumped["type"]}}}'

    def text(self, *, seq: int, object_id: str, payload, prev_hash: str) -> bytes:
        if not (
            self.plain and dumps_is_canonical(payload) and dumps_is_canonical(seq) and type(prev_hash) is str
        ):
            body = _body(seq=seq, object_id=object_id, payload=payload, prev_hash=prev_hash, **self.members)
            return canonical_json(body)
        return (
            f'{self.head}{_dumps(str(object_id))},"payload":{_dumps(payload)},"prev":{_dumps(prev_hash)},'
            f'"seq":{seq}{self.tail}'
        ).encode()


def _dumps(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class BrokenLink:
    seq: int
    problem: str

    def __str__(self):
        return _("event #%(seq)s: %(problem)s") % {"seq": self.seq, "problem": self.problem}


def audit_verify(batch_size: int = 2000) -> tuple[int, BrokenLink | None]:
    """Walk the chain in order; return how many events were checked and the first broken link, if any."""
    expected_prev, expected_seq, checked = GENESIS_HASH, 1, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            return checked, BrokenLink(
                expected_seq, _("missing (next stored event is #%(seq)s)") % {"seq": event.seq}
            )
        if event.prev_hash != expected_prev:
            return checked, BrokenLink(
                event.seq, _("does not follow the previous event (deleted or reordered)")
            )
        if not _hash_matches(event):
            return checked, BrokenLink(event.seq, _("its content was altered after it was recorded"))
        expected_prev, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.last_seq != checked or head.last_hash != expected_prev):
        return checked, BrokenLink(
            checked + 1, _("missing (the chain head says #%(seq)s is last)") % {"seq": head.last_seq}
        )
    return checked, None


# Apps whose own history rows copy chained events register a check that they still agree with the chain.
_CROSS_CHECKS: list[Callable[[], str | None]] = []


def register_cross_check(check: Callable[[], str | None]) -> None:
    if check not in _CROSS_CHECKS:
        _CROSS_CHECKS.append(check)


def audit_cross_check() -> str | None:
    """The first disagreement between an app's history rows and the chained events, if any."""
    for check in _CROSS_CHECKS:
        problem = check()
        if problem:
            return problem
    return None
