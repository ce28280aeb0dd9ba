"""Sync for a mobile app: a batch of claims made on the device, applied once whatever happens to the network.

Each record carries the device's own UUID (`client_id`) and the server version it was edited from
(`base_version`, empty for a new record). A batch is applied set-wise (`sync_batch`): the records already
held are read in one query, the new ones' boundaries screened together (village limits, overlaps with the
parcels, the claims in progress and the batch's other records) and their drafts written with bulk inserts,
one transaction per chunk; edits go one by one through the drafting service. A batch cut off halfway and
sent again ends as if sent once: a record already applied with the same content is
`unchanged`; a new one is `created`; an edit from the current version is `updated`; an edit from an older
version (the land office changed the claim meanwhile) is a `conflict` that overwrites nothing and returns both
versions; a record the registry's checks refuse is `rejected` with its reasons. Changes go down by a cursor
on the audit chain's sequence: every claim change is an event there, so nothing is missed.
"""

import hashlib
import json
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy

from landreg.adjudication.claims.batch import batch_screen, drafts_prepare, drafts_write
from landreg.adjudication.claims.content import ClaimContent, draft_from, update_from
from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimState
from landreg.audit.models import AuditEvent, AuditHead
from landreg.collect.models import SyncRecord
from landreg.core.bulk import insert_rows
from landreg.core.exceptions import RegistryError

EDITABLE = {ClaimState.DRAFT, ClaimState.RETURNED}
OTHER_VILLAGE = gettext_lazy("A claim stays in its village; another village is another claim.")


@dataclass
class RecordResult:
    client_id: str
    result: str  # created, updated, unchanged, rejected, conflict
    claim_id: str | None = None
    version: str | None = None
    errors: object = None
    server: dict | None = None

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def digest(data) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def claim_snapshot(claim: Claim, claimants=None) -> dict:
    """What the device shows of a claim; its hash is the claim's version. ``claimants``: its rows when the
    caller holds them already (a batch just written), else they are read."""
    return {
        "id": str(claim.pk),
        "village": claim.village.code,
        "state": claim.state,
        "receipt_number": claim.receipt_number or "",
        "return_reasons": claim.return_reasons,
        "geometry": json.loads(claim.geometry.json),
        "right_type": claim.right_type.code,
        "tenure_system": claim.tenure_system,
        "land_use": claim.land_use,
        "local_name": claim.local_name,
        "limits": {side: getattr(claim, f"limit_{side}") for side in ("north", "east", "south", "west")},
        "claimants": sorted(
            (
                {
                    "role": c.role,
                    "kind": c.kind,
                    "last_name": c.last_name,
                    "first_names": c.first_names,
                    "name": c.name,
                    "group_type": c.group_type,
                    "sex": c.sex,
                    "share": str(c.share),
                }
                for c in (claim.claimants.all() if claimants is None else claimants)
            ),
            key=lambda c: json.dumps(c, sort_keys=True),
        ),
    }


def claim_version(claim: Claim, claimants=None) -> str:
    return digest(claim_snapshot(claim, claimants))


@dataclass(frozen=True)
class SyncItem:
    """One record of a batch, validated: its content is None when the device resent what was applied."""

    client_id: str
    base_version: str
    digest: str  # of the record's claim as the device sent it
    content: ClaimContent | None
    label: str = ""  # names it in another record's overlap message


CHUNK = 250  # records per transaction: a failure costs one chunk's retry, not the batch's


def applied_digests(*, agent, client_ids: list[str]) -> dict[str, str]:
    """What the server holds of these records: client id -> digest of the content last applied."""
    rows = SyncRecord.objects.filter(agent=agent, client_id__in=client_ids)
    return dict(rows.values_list("client_id", "content_digest"))


def sync_batch(*, agent, items: list[SyncItem]) -> list[RecordResult]:
    """Each item's result, in order (see the module's docstring)."""
    held = {
        r.client_id: r
        for r in SyncRecord.objects.filter(agent=agent, client_id__in=[i.client_id for i in items])
        .select_related("claim__village", "claim__right_type")
        .prefetch_related("claim__claimants")
    }
    results: list[RecordResult | None] = [None] * len(items)
    fresh, edits, settled = [], [], []
    for k, item in enumerate(items):
        record = held.get(item.client_id)
        if record is None:
            fresh.append(k)
            continue
        claim = record.claim
        current = claim_version(claim)
        if record.content_digest == item.digest:
            results[k] = RecordResult(item.client_id, "unchanged", str(claim.pk), current)
            settled.append(claim)
        elif item.base_version != current or claim.state not in EDITABLE:
            results[k] = RecordResult(
                item.client_id, "conflict", str(claim.pk), current, server=claim_snapshot(claim)
            )
        elif claim.village_id != item.content.village.pk:
            results[k] = RecordResult(item.client_id, "rejected", errors=[str(OTHER_VILLAGE)])
        else:
            edits.append(k)
    fresh = [k for k in fresh if items[k].content is not None]  # see applied_digests: cannot be None
    checked = fresh + edits
    reasons = batch_screen(
        [items[k].content for k in checked], labels=[items[k].label for k in checked], settled=settled
    )
    for position, messages in reasons.items():
        k = checked[position]
        results[k] = RecordResult(items[k].client_id, "rejected", errors={"geometry": messages})
    fresh = [k for k in fresh if results[k] is None]
    prepared = drafts_prepare(actor=agent, contents=[items[k].content for k in fresh])
    accepted = []
    for k, rows in zip(fresh, prepared, strict=True):
        if isinstance(rows, RegistryError):
            results[k] = RecordResult(items[k].client_id, "rejected", errors=[str(rows)])
        else:
            accepted.append((k, rows))
    for start in range(0, len(accepted), CHUNK):
        _write_chunk(agent, items, accepted[start : start + CHUNK], results)
    for k in edits:
        if results[k] is None:
            results[k] = _one_by_one(agent, items[k])
    return results


def _one_by_one(agent, item: SyncItem) -> RecordResult:
    return sync_claim(
        agent=agent,
        client_id=item.client_id,
        base_version=item.base_version,
        content=item.content,
        content_digest=item.digest,
    )


def _write_chunk(agent, items, chunk, results) -> None:
    try:
        with transaction.atomic():
            claims = drafts_write(actor=agent, drafts=[rows for _k, rows in chunk])
            insert_rows(
                SyncRecord,
                [
                    SyncRecord(
                        agent=agent, client_id=items[k].client_id, claim=claim, content_digest=items[k].digest
                    )
                    for (k, _rows), claim in zip(chunk, claims, strict=True)
                ],
            )
    except IntegrityError:
        # Another request applied some of these records meanwhile (the same batch sent twice at once):
        # this chunk goes one record at a time, each answered as created or as a resend.
        for k, _rows in chunk:
            results[k] = _one_by_one(agent, items[k])
        return
    for (k, rows), claim in zip(chunk, claims, strict=True):
        # The version from the rows just written: the same values the database gives back (the tests
        # check it, an edit from it is an update and not a conflict).
        version = claim_version(claim, rows.claimants)
        results[k] = RecordResult(items[k].client_id, "created", str(claim.pk), version)


def sync_claim(
    *, agent, client_id: str, base_version: str, content: ClaimContent, content_digest: str
) -> RecordResult:
    """One record applied on its own (an edit, a claim POSTed with an Idempotency-Key, a chunk's retry)."""
    try:
        with transaction.atomic():
            return _apply(agent, client_id, base_version, content, content_digest)
    except IntegrityError:
        # The same record arriving twice at once: the other request applied it; answer as a resend.
        with transaction.atomic():
            return _apply(agent, client_id, base_version, content, content_digest)
    except RegistryError as error:
        return RecordResult(client_id, "rejected", errors=[str(error)])


def _apply(agent, client_id, base_version, content: ClaimContent, content_digest: str) -> RecordResult:
    record = (
        SyncRecord.objects.select_for_update()
        .select_related("claim__village", "claim__right_type")
        .filter(agent=agent, client_id=client_id)
        .first()
    )
    if record is None:
        claim = draft_from(content, actor=agent)
        SyncRecord.objects.create(
            agent=agent, client_id=client_id, claim=claim, content_digest=content_digest
        )
        return RecordResult(client_id, "created", str(claim.pk), claim_version(claim))
    claim = record.claim
    current = claim_version(claim)
    if record.content_digest == content_digest:
        return RecordResult(client_id, "unchanged", str(claim.pk), current)
    if base_version != current or claim.state not in EDITABLE:
        return RecordResult(client_id, "conflict", str(claim.pk), current, server=claim_snapshot(claim))
    if claim.village_id != content.village.pk:
        raise RegistryError(str(OTHER_VILLAGE))
    claim = update_from(content, actor=agent, claim=claim)
    record.content_digest = content_digest
    record.save(update_fields=["content_digest", "updated_at"])
    return RecordResult(client_id, "updated", str(claim.pk), claim_version(claim))


def changes_since(*, agent, villages, cursor: int, limit: int = 500) -> tuple[list[dict], int]:
    """Claims of the agent's villages changed after `cursor` (an audit sequence number); the next cursor."""
    head = AuditHead.objects.filter(pk=1).values_list("last_seq", flat=True).first() or 0
    events = AuditEvent.objects.filter(seq__gt=cursor, seq__lte=head, object_type="adjudication.claim")
    changed = list(dict.fromkeys(events.order_by("seq").values_list("object_id", flat=True)))
    claims = (
        Claim.objects.filter(pk__in=changed[:limit], village__in=villages)
        .select_related("village", "right_type")
        .prefetch_related("claimants")
    )
    by_claim = dict(
        SyncRecord.objects.filter(agent=agent, claim__in=claims).values_list("claim_id", "client_id")
    )
    items = []
    for claim in claims:
        snapshot = claim_snapshot(claim)
        items.append(
            {
                "client_id": str(by_claim[claim.pk]) if claim.pk in by_claim else None,
                "version": digest(snapshot),
                "claim": snapshot,
            }
        )
    if len(changed) > limit:  # more than a page: the next cursor stops before the first claim left out
        first_left = changed[limit]
        head = events.filter(object_id=first_left).order_by("seq").values_list("seq", flat=True).first() - 1
    return items, head
