"""Register rows in the chain: each write records a hash of the rows' new content, so an edit made outside
the registry (SQL, a restored dump, a script) is visible.

The register is the tables below. Every service that writes them ends with ``register_write``, in its
own transaction: the rows are read back from the database, hashed, and the hashes go into one chained
event (``payload["rows"]``: ``[table, id, hash]``, at most ``ROWS_PER_EVENT`` per event) and into the
``RowHash`` index. ``rows_verify`` (run by ``verify_audit``) hashes every current row again and compares.

A row's hash is the SHA-256 of the RFC 8785 JSON ``{"table": ..., "id": ..., "fields": {...}}`` where the
fields are the columns by attribute name, values as text (dates and times in ISO 8601, UTC; floats as
Python's shortest round-trip text; decimals without trailing zeros; geometries as
``SRID=<srid>;<WKB hex>``), integers and booleans as JSON. ``updated_at`` is left out (it says when, not
what), and so are empty values (NULL and ""), so that adding an optional column to a register table does
not change the hash of the rows already recorded. A migration that adds a column with another default
must record the rows again (``register_baseline`` shows how).
"""

import datetime as dt
import decimal
import functools
import hashlib
import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import AsWKB
from django.db import connection, transaction
from django.db.models import JSONField
from django.utils.translation import gettext as _

from landreg.audit.canonical import canonical_json
from landreg.audit.models import AuditEvent, RowHash
from landreg.audit.services import audit_record, audit_record_table_rows

REGISTER_TABLES = (
    "parties.party",
    "parties.groupmembership",
    "parcels.parcel",
    "rights.right",
    "rights.rightholder",
    "certificates.certificate",
    # What happened to a certificate (issue, prints, signature, delivery, revocation) and to whom it was
    # handed: a row added, changed or removed in SQL is reported like a row of the register.
    "certificates.certificateevent",
    "certificates.certificatedelivery",
)
ROWS_PER_EVENT = 5000
_CHUNK = 2000  # ids per query: under SQLite's bound-parameter limit, large enough to keep round trips few
# Left out of the hash: when a row was saved says nothing of what it holds; a certificate's print count is
# counted by its own events (prints and duplicates), not a fact of the register, and the run that printed it
# first is named by its chained print event (« batch <run id> »).
_SKIPPED = {"updated_at"}
_SKIPPED_IN = {"certificates.certificate": {"print_count", "batch_id"}}


def register_models(app_registry=apps) -> list:
    return [app_registry.get_model(label) for label in REGISTER_TABLES]


def _same(value):
    return value


def _integer(value: int):
    return value if -(2**53) < value < 2**53 else str(value)


def _decimal(value: decimal.Decimal) -> str:
    return format(value.normalize(), "f")


@functools.lru_cache(maxsize=64)
def _moment(value: dt.datetime) -> str:
    # Cached: the rows of one bulk write share their times (an import's 100,000 rows, two each).
    return value.astimezone(dt.UTC).isoformat()


# One look-up by type per value: this runs for every column of every row an import writes.
_TEXT = {
    str: _same,
    bool: _same,
    int: _integer,
    float: repr,
    decimal.Decimal: _decimal,
    dt.datetime: _moment,
    dt.date: dt.date.isoformat,
    uuid.UUID: str,
    dict: _same,
    list: _same,
}


def _hashed_columns(model):
    skipped = _SKIPPED | _SKIPPED_IN.get(model._meta.label_lower, set())
    fields = [f for f in model._meta.concrete_fields if f.attname not in skipped]
    plain = [f.attname for f in fields if not isinstance(f, GeometryField)]
    geometries = {f"_wkb_{f.attname}": f for f in fields if isinstance(f, GeometryField)}
    has_json = any(isinstance(f, JSONField) for f in fields)
    return plain, geometries, has_json


def _hashes(model, queryset) -> Iterator[tuple[str, str]]:
    """(id, hash) of each row of the queryset, read with one query and no model instances."""
    label = model._meta.label_lower
    plain, geometries, has_json = _hashed_columns(model)
    # The geometry as the database stores it (WKB), without building a GEOS object per row.
    rows = queryset.annotate(**{name: AsWKB(f.attname) for name, f in geometries.items()}).values_list(
        *plain, *geometries
    )
    pk_index = plain.index(model._meta.pk.attname)
    geometry_names = [(f.attname, f.srid) for f in geometries.values()]
    width = len(plain)
    for row in rows:
        content = {
            name: _TEXT[type(value)](value)
            for name, value in zip(plain, row[:width], strict=True)
            if value is not None and value != ""
        }
        for (name, srid), wkb in zip(geometry_names, row[width:], strict=True):
            if wkb is not None:
                content[name] = f"SRID={srid};{bytes(wkb).hex()}"
        pk = str(row[pk_index])
        body = {"table": label, "id": pk, "fields": content}
        # Without JSON columns every value is text, a safe integer or a boolean and every key ASCII:
        # json.dumps then writes RFC 8785 bytes as they are, and the per-value check can be skipped.
        text = canonical_json(body) if has_json else _dumps(body)
        yield pk, hashlib.sha256(text).hexdigest()


def _dumps(body) -> bytes:
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def row_hashes(model, pks: Iterable) -> dict[str, str]:
    """The current hash of each of the given rows (id as text -> hash)."""
    pks = list(pks)
    found = {}
    for start in range(0, len(pks), _CHUNK):
        found.update(_hashes(model, model._base_manager.filter(pk__in=pks[start : start + _CHUNK])))
    return found


@transaction.atomic
def register_write(
    *,
    action: str,
    rows: Iterable = (),
    model=None,
    pks: Iterable = (),
    actor=None,
    obj=None,
    payload: dict | None = None,
) -> list[AuditEvent]:
    """Record register rows just written: instances in ``rows``, or ``model`` and ``pks`` for bulk writes.

    Call it in the transaction that wrote them, after the write: the hashes are of the rows as stored.
    ``obj`` names the event's subject (default: the first row).
    """
    groups = defaultdict(list)
    for row in rows:
        groups[type(row)._meta.label_lower, type(row)].append(row.pk)
    if model is not None:
        groups[model._meta.label_lower, model].extend(pks)
    entries = []
    for (label, table), ids in groups.items():
        entries += [[label, pk, digest] for pk, digest in row_hashes(table, dict.fromkeys(ids)).items()]
    if not entries:
        return []
    subject = {"obj": obj} if obj is not None else {"object_type": entries[0][0], "object_id": entries[0][1]}
    events = []
    for start in range(0, len(entries), ROWS_PER_EVENT):
        chunk = entries[start : start + ROWS_PER_EVENT]
        body = {**(payload or {}), "rows": chunk}
        event = audit_record(action=action, actor=actor, payload=body, **subject)
        _index(chunk, event.seq)
        events.append(event)
    return events


@transaction.atomic
def register_hashed(
    *, action: str, model, table: str, actor=None, obj=None, progress=None, new_rows: bool = False
) -> int:
    """Record register rows written in bulk whose hashes the database computed as they were written
    (``rows_sql.row_hash_sql``), listed in ``table``: a temporary table ``(k, object_id, hash)``, k
    numbering the rows from 1. A NULL hash (a value PostgreSQL does not write as Python) is computed here.
    The same events and index as ``register_write``, the rows not read back into Python; the number of
    events recorded. ``new_rows``: the rows were created by the caller's transaction with new random ids,
    so none is in the index yet (one that were would fail the statement, and the caller's transaction).
    """
    label = model._meta.label_lower
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT object_id FROM {table} WHERE hash IS NULL")  # noqa: S608 - caller's table
        missing = [row[0] for row in cursor.fetchall()]
        to_python = model._meta.pk.to_python
        for pk, digest in row_hashes(model, [to_python(pk) for pk in missing]).items():
            cursor.execute(f"UPDATE {table} SET hash = %s WHERE object_id = %s", [digest, pk])  # noqa: S608
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
        total = cursor.fetchone()[0]
    per_event = ROWS_PER_EVENT
    if not total:
        return 0
    if obj is not None:
        object_type, object_id = obj._meta.label_lower, obj.pk
    else:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT object_id FROM {table} WHERE k = 1")  # noqa: S608 - caller's table
            object_type, object_id = label, cursor.fetchone()[0]
    # The events written by the database from the table, the rows never read into Python.
    seqs = audit_record_table_rows(
        action=action,
        object_type=object_type,
        object_id=object_id,
        actor=actor,
        label=label,
        table=table,
        total=total,
        per_event=per_event,
        progress=progress,
    )
    if seqs is None:
        seqs = _events_one_by_one(action, label, table, total, actor, obj, progress)
    _index_from(table, label, seqs, new_rows)
    return len(seqs)


def _events_one_by_one(action, label, table, total, actor, obj, progress) -> list[int]:
    """``register_hashed``'s events through ``audit_record``, a chunk of rows read at a time."""
    subject = {"obj": obj} if obj is not None else {}
    # The events are not kept: each holds its 5,000 rows' payload (about 1.6 MB in Python), and a list
    # of them grew with the import (330 MB at a million parcels).
    per_event, seqs = ROWS_PER_EVENT, []
    for start in range(0, total, per_event):
        end = start + per_event
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT object_id, hash FROM {table} WHERE k > %s AND k <= %s ORDER BY k",  # noqa: S608
                [start, end],
            )
            chunk = [[label, pk, digest] for pk, digest in cursor.fetchall()]
        if not subject:
            subject = {"object_type": label, "object_id": chunk[0][1]}
        seqs.append(audit_record(action=action, actor=actor, payload={"rows": chunk}, **subject).seq)
        del chunk
        if progress:
            progress(min(end, total), total)
    return seqs


def _index_from(table: str, label: str, seqs: list[int], new_rows: bool) -> None:
    """The RowHash index of ``register_hashed``'s rows, each pointing at its event."""
    per_event = ROWS_PER_EVENT
    if seqs:
        # The index in one statement, each row pointing at its event, in key order: the unique index
        # (model, object_id) is then filled page after page rather than at random (100,000 rows: 0.8 s
        # instead of 1.5 to 2.3 s in 20 statements of 5,000 with ON CONFLICT).
        conflict = (
            ""
            if new_rows
            else " ON CONFLICT (model, object_id) "
            "DO UPDATE SET hash = EXCLUDED.hash, event_seq = EXCLUDED.event_seq"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {RowHash._meta.db_table} (model, object_id, hash, event_seq) "  # noqa: S608
                f"SELECT %s, object_id, hash, (%s::bigint[])[(k - 1) / %s + 1] FROM {table} "
                f"ORDER BY object_id{conflict}",
                [label, seqs, per_event],
            )


def _index(entries: list, seq: int) -> None:
    """Put the rows' hashes in the RowHash index (replacing a row's previous one). PostgreSQL: one
    statement over arrays (an import's 5,000 rows spent a second in bulk_create's per-value placeholders)."""
    if connection.vendor == "postgresql":
        table = RowHash._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (model, object_id, hash, event_seq) "  # noqa: S608 - the model's table
                "SELECT model, object_id, hash, %s FROM unnest(%s::text[], %s::text[], %s::text[]) "
                "AS t(model, object_id, hash) ON CONFLICT (model, object_id) "
                "DO UPDATE SET hash = EXCLUDED.hash, event_seq = EXCLUDED.event_seq",
                [seq, [e[0] for e in entries], [str(e[1]) for e in entries], [e[2] for e in entries]],
            )
        return
    RowHash.objects.bulk_create(
        [RowHash(model=label, object_id=pk, hash=h, event_seq=seq) for label, pk, h in entries],
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["model", "object_id"],
        update_fields=["hash", "event_seq"],
    )


@dataclass(frozen=True)
class RowProblem:
    table: str
    object_id: str
    problem: str

    def __str__(self):
        return _("%(table)s %(id)s: %(problem)s") % {
            "table": self.table,
            "id": self.object_id,
            "problem": self.problem,
        }


def rows_verify(*, limit: int = 50) -> list[RowProblem]:
    """Compare the register's current rows with the hashes the chain recorded; the first ``limit``
    problems. Run after ``audit_verify``: the events themselves are then known to be intact."""
    problems = _index_against_chain(limit)
    if len(problems) < limit:
        problems += _rows_against_index(limit - len(problems))
    return problems


def _index_against_chain(limit: int) -> list[RowProblem]:
    """Each hash the chain recorded is the index's, unless a later event recorded the row again."""
    problems, matched = [], 0
    events = AuditEvent.objects.filter(payload__has_key="rows").order_by("seq").only("seq", "payload")
    for event in events.iterator(chunk_size=50):
        by_table = defaultdict(dict)
        for label, pk, digest in event.payload["rows"]:
            by_table[label][pk] = digest
        for label, recorded in by_table.items():
            ids = list(recorded)
            for start in range(0, len(ids), _CHUNK):
                index = RowHash.objects.filter(model=label, object_id__in=ids[start : start + _CHUNK])
                found = {r.object_id: r for r in index}
                for pk in ids[start : start + _CHUNK]:
                    entry = found.get(pk)
                    if entry is None:
                        problem = _("recorded by event #%(seq)s, not in the index") % {"seq": event.seq}
                        problems.append(RowProblem(label, pk, problem))
                    elif entry.event_seq == event.seq and entry.hash != recorded[pk]:
                        problem = _("index differs from event #%(seq)s") % {"seq": event.seq}
                        problems.append(RowProblem(label, pk, problem))
                    elif entry.event_seq < event.seq:
                        problem = _("index older than event #%(seq)s") % {"seq": event.seq}
                        problems.append(RowProblem(label, pk, problem))
                    elif entry.event_seq == event.seq:
                        matched += 1
        if len(problems) >= limit:
            return problems[:limit]
    if not problems and matched != RowHash.objects.count():
        problems.append(
            RowProblem("audit.rowhash", "*", _("the index holds hashes the chain never recorded"))
        )
    return problems


def _rows_against_index(limit: int) -> list[RowProblem]:
    """Each current row has the hash the index holds for it; the index names no row that is gone."""
    problems = []
    for model in register_models():
        label, indexed = model._meta.label_lower, 0
        for batch in _stream(model):
            index = RowHash.objects.filter(model=label, object_id__in=list(batch))
            index = dict(index.values_list("object_id", "hash"))
            indexed += len(index)
            for pk, digest in batch.items():
                if pk not in index:
                    problems.append(RowProblem(label, pk, _("added outside the registry (never recorded)")))
                elif index[pk] != digest:
                    problems.append(RowProblem(label, pk, _("edited outside the registry (content changed)")))
        if RowHash.objects.filter(model=label).count() > indexed:
            problems += _deleted_rows(model)
        if len(problems) >= limit:
            break
    return problems[:limit]


def _stream(model) -> Iterator[dict[str, str]]:
    """Every row's hash, a chunk at a time in id order (keyset paging: no OFFSET, bounded memory)."""
    last = None
    while True:
        queryset = model._base_manager.order_by("pk")
        if last is not None:
            queryset = queryset.filter(pk__gt=last)
        ids = list(queryset.values_list("pk", flat=True)[:_CHUNK])
        if not ids:
            return
        yield row_hashes(model, ids)
        last = ids[-1]


def _deleted_rows(model) -> list[RowProblem]:
    label, problems = model._meta.label_lower, []
    recorded = RowHash.objects.filter(model=label).order_by("object_id").values_list("object_id", flat=True)
    to_python = model._meta.pk.to_python
    for start in range(0, recorded.count(), _CHUNK):
        ids = list(recorded[start : start + _CHUNK])
        existing = model._base_manager.filter(pk__in=[to_python(i) for i in ids]).values_list("pk", flat=True)
        existing = {str(pk) for pk in existing}
        gone = [pk for pk in ids if pk not in existing]
        problems += [RowProblem(label, pk, _("deleted outside the registry")) for pk in gone]
    return problems
