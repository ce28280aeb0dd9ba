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
from fractions import Fraction

from django.contrib.gis.gdal import OGRGeometry
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy

from landreg.adjudication.claims.batch import (
    DraftValues,
    batch_screen,
    draft_faults,
    drafts_prepare,
    drafts_write,
)
from landreg.adjudication.claims.content import ClaimContent, draft_from, update_from
from landreg.adjudication.exceptions import ClaimFaults
from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimState
from landreg.audit.models import AuditEvent, AuditHead
from landreg.collect.models import SyncRecord
from landreg.core.db.bulk import insert_values
from landreg.core.db.kept import KeptQuery
from landreg.core.exceptions import RegistryError
from landreg.core.formats.gdal_geojson import AGREES_WITH_GDAL, polygon_coordinates, polygon_geojson

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


def claim_snapshot(claim: Claim) -> dict:
    """What the device shows of a claim; its hash is the claim's version."""
    return _snapshot(
        claim_id=claim.pk,
        village=claim.village.code,
        state=claim.state,
        receipt_number=claim.receipt_number,
        return_reasons=claim.return_reasons,
        geometry=claim.geometry,
        right_type=claim.right_type.code,
        tenure_system=claim.tenure_system,
        land_use=claim.land_use,
        survey_method=claim.survey_method,
        local_name=claim.local_name,
        limits={side: getattr(claim, f"limit_{side}") for side in SIDES},
        claimants=[
            _claimant(c.role, c.kind, c.last_name, c.first_names, c.name, c.group_type, c.sex, c.share)
            for c in claim.claimants.all()
        ],
    )


def draft_snapshot(content: ClaimContent, values: DraftValues, *, wkb: bytes | None = None) -> dict:
    """``claim_snapshot`` of a draft just written from ``values`` (``drafts_write``), without reading it
    back: the same values the database gives back (tests/collect check they hash the same). ``wkb``: the
    geometry's, when the caller has it already."""
    claim = values.claim
    return _snapshot(
        claim_id=claim["id"],
        village=content.village.code,
        state=ClaimState.DRAFT,
        receipt_number=None,
        return_reasons="",
        geometry=claim["geometry"] if wkb is None else wkb,
        right_type=content.right_type,
        tenure_system=claim["tenure_system"],
        land_use=claim["land_use"],
        survey_method=claim["survey_method"],
        local_name=claim["local_name"],
        limits={side: claim[f"limit_{side}"] for side in SIDES},
        claimants=[
            _claimant(
                *(c[name] for name in CLAIMANT_SHOWN), Fraction(c["share_numerator"], c["share_denominator"])
            )
            for c in values.claimants
        ],
    )


SIDES = ("north", "east", "south", "west")
CLAIMANT_SHOWN = ("role", "kind", "last_name", "first_names", "name", "group_type", "sex")  # and the share


def _claimant(role, kind, last_name, first_names, name, group_type, sex, share) -> dict:
    return {
        "role": role,
        "kind": kind,
        "last_name": last_name,
        "first_names": first_names,
        "name": name,
        "group_type": group_type,
        "sex": sex,
        "share": str(share),
    }


def _snapshot(
    *,
    claim_id,
    village,
    state,
    receipt_number,
    return_reasons,
    geometry,
    right_type,
    tenure_system,
    land_use,
    survey_method,
    local_name,
    limits,
    claimants,
) -> dict:
    return {
        "id": str(claim_id),
        "village": village,
        "state": state,
        "receipt_number": receipt_number or "",
        "return_reasons": return_reasons,
        "geometry": geojson_value(geometry),
        "right_type": right_type,
        "tenure_system": tenure_system,
        "land_use": land_use,
        "survey_method": survey_method,
        "local_name": local_name,
        "limits": limits,
        "claimants": sorted(claimants, key=lambda c: json.dumps(c, sort_keys=True)),
    }


def geojson(geometry) -> str:
    """``geometry.json`` (GDAL's GeoJSON, which the versions hash) without the spatial reference Django
    builds for it and GeoJSON does not carry. ``geometry`` may be its WKB already (bytes), or a
    ``WKBGeometry``. A 2-D polygon's text is written in Python (``core.formats.gdal_geojson``: the same
    bytes)."""
    wkb = _wkb(geometry)
    text = polygon_geojson(wkb) if AGREES_WITH_GDAL else None
    return text if text is not None else OGRGeometry(memoryview(wkb)).json


def geojson_value(geometry) -> dict:
    """``json.loads(geojson(geometry))``: for a 2-D polygon, its coordinates as that text holds them,
    without writing and reading the text (a fifth of a sync batch's work when GDAL wrote it)."""
    wkb = _wkb(geometry)
    coordinates = polygon_coordinates(wkb) if AGREES_WITH_GDAL else None
    if coordinates is None:
        return json.loads(OGRGeometry(memoryview(wkb)).json)
    return {"type": "Polygon", "coordinates": coordinates}  # GDAL's order of members


def _wkb(geometry) -> bytes:
    return geometry if isinstance(geometry, bytes) else bytes(geometry.wkb)


def claim_version(claim: Claim) -> str:
    return digest(claim_snapshot(claim))


# Members a device's stored version may have been computed without: the snapshot gained ``survey_method``
# (how the boundary was surveyed, which the device sends up) in December 2026.
_ADDED_SINCE = ("survey_method",)


def edited_from(base_version: str, claim: Claim, current: str) -> bool:
    """The device edited the claim as it is now: ``base_version`` is its ``current`` version, or the same
    version as computed before the snapshot gained its latest members (``_ADDED_SINCE``). Without the second,
    every edit pending on a device when the server was upgraded came back once as a conflict."""
    if base_version == current:
        return True
    snapshot = claim_snapshot(claim)
    return bool(base_version) and base_version == digest(
        {key: value for key, value in snapshot.items() if key not in _ADDED_SINCE}
    )


@dataclass(frozen=True)
class SyncItem:
    """One record of a batch, validated: its content is None when the device resent what was applied."""

    client_id: str
    base_version: str
    digest: str  # of the record's claim as the device sent it
    content: ClaimContent | None
    label: str = ""  # names it in another record's overlap message
    # The reader's reasons to refuse it (people the agent may not name, see collect.api): it is screened and
    # checked with the others, so that it hears of every fault at once, and never written.
    refusal: dict | None = None


# Records per transaction: one for a whole batch (at most 1,000 records). Four of 250 cost three more
# commits and twelve more COPY statements, a tenth of a batch on PostgreSQL; the rare failure (the same
# batch sent twice at once) costs the batch's retry record by record instead of a quarter's.
CHUNK = 1000


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
        elif item.refusal:
            # Refused whatever its version, as when the reader refused it alone; screened as an edit would
            # be only when it could be one (a claim in progress would overlap itself).
            if claim.state in EDITABLE and claim.village_id == item.content.village.pk:
                edits.append(k)
            else:
                results[k] = _refused(item)
        elif not edited_from(item.base_version, claim, current) or claim.state not in EDITABLE:
            results[k] = RecordResult(
                item.client_id, "conflict", str(claim.pk), current, server=claim_snapshot(claim)
            )
        elif claim.village_id != item.content.village.pk:
            results[k] = RecordResult(item.client_id, "rejected", errors=[str(OTHER_VILLAGE)])
        else:
            edits.append(k)
    fresh = [k for k in fresh if items[k].content is not None]  # see applied_digests: cannot be None
    checked = fresh + edits
    # Each boundary serialised once (by the reader, see collect.api), for the screening, the rows and the
    # new records' versions.
    wkbs = [items[k].content.boundary_wkb() for k in checked]
    reasons = batch_screen(
        [items[k].content for k in checked],
        labels=[items[k].label for k in checked],
        settled=settled,
        wkbs=wkbs,
    )
    for position, messages in reasons.items():
        k = checked[position]
        results[k] = _refused(items[k], geometry=messages)
    for k in checked:
        if results[k] is None and items[k].refusal:
            results[k] = _refused(items[k])
    fresh = [k for k in fresh if results[k] is None]
    prepared = drafts_prepare(actor=agent, contents=[items[k].content for k in fresh])
    accepted = []
    for k, values in zip(fresh, prepared, strict=True):
        if isinstance(values, RegistryError):
            messages = values.messages if isinstance(values, ClaimFaults) else [str(values)]
            results[k] = RecordResult(items[k].client_id, "rejected", errors=messages)
        else:
            accepted.append((k, values))
    for start in range(0, len(accepted), CHUNK):
        _write_chunk(agent, items, accepted[start : start + CHUNK], results)
    for k in edits:
        if results[k] is None:
            results[k] = _one_by_one(agent, items[k])
    return results


def _refused(item: SyncItem, *, geometry: list[str] | None = None) -> RecordResult:
    """A record refused with every fault at once, as an ODK record hears them: the reader's (its unknown
    people), the boundary's screening (``geometry``) and the right's and people's (the drafting's checks,
    which a record refused before the drafting never reached)."""
    errors = dict(item.refusal or {})
    if geometry:
        errors["geometry"] = geometry
    faults = draft_faults(item.content)
    if faults:
        errors["claim"] = faults
    return RecordResult(item.client_id, "rejected", errors=errors)


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
            drafts_write(
                actor=agent,
                drafts=[values for _k, values in chunk],
                payloads=[{"village": items[k].content.village.code} for k, _values in chunk],
            )
            insert_values(
                SyncRecord,
                [
                    {
                        "agent_id": agent.pk,
                        "client_id": items[k].client_id,
                        "claim_id": values.claim["id"],
                        "content_digest": items[k].digest,
                    }
                    for k, values in chunk
                ],
            )
    except IntegrityError:
        # Another request applied some of these records meanwhile (the same batch sent twice at once):
        # this chunk goes one record at a time, each answered as created or as a resend.
        for k, _values in chunk:
            results[k] = _one_by_one(agent, items[k])
        return
    for k, values in chunk:
        version = digest(draft_snapshot(items[k].content, values))
        results[k] = RecordResult(items[k].client_id, "created", str(values.claim["id"]), version)


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
    if not edited_from(base_version, claim, current) or claim.state not in EDITABLE:
        return RecordResult(client_id, "conflict", str(claim.pk), current, server=claim_snapshot(claim))
    if claim.village_id != content.village.pk:
        raise RegistryError(str(OTHER_VILLAGE))
    claim = update_from(content, actor=agent, claim=claim)
    record.content_digest = content_digest
    record.save(update_fields=["content_digest", "updated_at"])
    return RecordResult(client_id, "updated", str(claim.pk), claim_version(claim))


def _claim_events(cursor: int, head: int):
    return AuditEvent.objects.filter(seq__gt=cursor, seq__lte=head, object_type="adjudication.claim")


# The audit's head and the claims changed between two sequence numbers: every pull reads both, usually to
# find nothing new, so their statements are built once per process on PostgreSQL (core.db.kept). The
# placeholders: sequence numbers no registry reaches (and within the column's range, or the ORM would
# know that nothing matches and write no statement).
HEAD = KeptQuery(lambda: AuditHead.objects.filter(pk=1).values_list("last_seq"))
_CHANGED = KeptQuery(
    lambda cursor, head: _claim_events(cursor, head).order_by("seq").values_list("object_id"),
    cursor=2**63 - 3,
    head=2**63 - 2,
)


def changes_since(
    *, agent, villages, cursor: int, limit: int = 500, head_rows: list[tuple] | None = None
) -> tuple[list[dict], int]:
    """Claims of the agent's villages changed after `cursor` (an audit sequence number); the next cursor.
    ``head_rows``: the rows of ``HEAD`` when the caller read them with its own first read (one round trip)."""
    head = next((last_seq for (last_seq,) in (HEAD.rows() if head_rows is None else head_rows)), None) or 0
    events = _claim_events(cursor, head)
    changed = list(dict.fromkeys(object_id for (object_id,) in _CHANGED.rows(cursor=cursor, head=head)))
    if not changed:  # an agent's device pulling with nothing new: no claims' statement to build
        return [], head
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
