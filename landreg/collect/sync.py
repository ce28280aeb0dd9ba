"""Sync for a mobile app: a batch of claims made on the device, applied once whatever happens to the network.

Each record carries the device's own UUID (`client_id`) and the server version it was edited from
(`base_version`, empty for a new record). Applied one by one, each in its own transaction, so a batch cut off
halfway and sent again ends as if sent once: a record already applied with the same content is
`unchanged`; a new one is `created`; an edit from the current version is `updated`; an edit from an older
version (the land office changed the claim meanwhile) is a `conflict` that overwrites nothing and returns both
versions; a record the registry's checks refuse is `rejected` with its reasons. Changes go down by a cursor
on the audit chain's sequence: every claim change is an event there, so nothing is missed.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from landreg.adjudication.claims.services import claim_draft, claim_update
from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimState
from landreg.audit.models import AuditEvent, AuditHead
from landreg.collect.models import SyncRecord
from landreg.core.exceptions import RegistryError

EDITABLE = {ClaimState.DRAFT, ClaimState.RETURNED}


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
                for c in claim.claimants.all()
            ),
            key=lambda c: json.dumps(c, sort_keys=True),
        ),
    }


def claim_version(claim: Claim) -> str:
    return digest(claim_snapshot(claim))


@dataclass
class ClaimContent:
    """A record's claim, validated by the API's serializer and turned into the services' inputs."""

    village: object
    geometry: object
    right_type: str
    tenure_system: str
    land_use: str
    local_name: str
    limits: dict
    claimants: list
    secondary_rights: list = field(default_factory=list)
    digest: str = ""  # of the record as the device sent it


def sync_claim(*, agent, client_id: str, base_version: str, content: ClaimContent) -> RecordResult:
    try:
        with transaction.atomic():
            return _apply(agent, client_id, base_version, content)
    except IntegrityError:
        # The same record arriving twice at once: the other request applied it; answer as a resend.
        with transaction.atomic():
            return _apply(agent, client_id, base_version, content)
    except RegistryError as error:
        return RecordResult(client_id, "rejected", errors=[str(error)])


def _apply(agent, client_id, base_version, content: ClaimContent) -> RecordResult:
    record = (
        SyncRecord.objects.select_for_update()
        .select_related("claim__village", "claim__right_type")
        .filter(agent=agent, client_id=client_id)
        .first()
    )
    if record is None:
        claim = claim_draft(
            actor=agent,
            village=content.village,
            geometry=content.geometry,
            right_type=content.right_type,
            claimants=content.claimants,
            tenure_system=content.tenure_system,
            land_use=content.land_use,
            local_name=content.local_name,
            limits=content.limits,
            secondary_rights=content.secondary_rights,
        )
        SyncRecord.objects.create(
            agent=agent, client_id=client_id, claim=claim, content_digest=content.digest
        )
        return RecordResult(client_id, "created", str(claim.pk), claim_version(claim))
    claim = record.claim
    current = claim_version(claim)
    if record.content_digest == content.digest:
        return RecordResult(client_id, "unchanged", str(claim.pk), current)
    if base_version != current or claim.state not in EDITABLE:
        return RecordResult(client_id, "conflict", str(claim.pk), current, server=claim_snapshot(claim))
    if claim.village_id != content.village.pk:
        raise RegistryError(_("A claim stays in its village; another village is another claim."))
    claim = claim_update(
        actor=agent,
        claim=claim,
        geometry=content.geometry,
        right_type=content.right_type,
        claimants=content.claimants,
        tenure_system=content.tenure_system,
        land_use=content.land_use,
        local_name=content.local_name,
        limits=content.limits,
        secondary_rights=content.secondary_rights,
    )
    record.content_digest = content.digest
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
