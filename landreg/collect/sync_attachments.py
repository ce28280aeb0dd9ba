"""Photos, signatures and fingerprints a sync push carries: documents of the record's claim, as ODK Collect's
become (collect.submissions), stored once however often the device sends them.

A record declares each attachment (``collect.api.AttachmentIn``: its id on the device, the document type,
whose or which paper, its content type, size and optionally its SHA-256) and sends its bytes inline (base64,
in a JSON push) or as a part of a multipart push named by its id. The bytes are checked before the record is
applied: within the size limit, of the size and hash declared (a cut-off upload is refused, not kept
truncated), and a scan or photograph by their first bytes as every document upload is (documents.content),
of the type declared. A record with a faulty attachment is refused whole, with the reason, and nothing of it
is applied: the device keeps it and sends it again.

Once the record's claim exists (created, updated, or resent unchanged), each attachment becomes a source
document of the claim (documents.services.source_attach, the document upload's service) unless the claim
holds its bytes already under the same type: a push sent again after a network cut stores nothing twice.
Signatures, fingerprints and identity papers are personal data (documents.models.PERSONAL_PAPERS): opened
only by who sees the village's personal data, as the ODK path's.
"""

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction

from landreg.adjudication.claims.services import claim_attach_documents
from landreg.adjudication.models import Claim
from landreg.collect.instance import PAPER_KINDS
from landreg.core import clock
from landreg.documents.content import kind_of
from landreg.documents.models import SourceType
from landreg.documents.services import source_attach, source_holding

# What a field app captures: the papers an agent photographs (their kinds as ODK's « Ce papier est »), a
# paper unsaid, the parcel's photo, each claimant's signature or mark and fingerprint.
FIELD_TYPES = PAPER_KINDS | {
    SourceType.DOCUMENT_PHOTO,
    SourceType.PHOTO,
    SourceType.SIGNATURE,
    SourceType.FINGERPRINT,
}
FIELD_TYPE_CHOICES = sorted(FIELD_TYPES)  # the API's choices (and their enum in the OpenAPI schema)
MAX_ATTACHMENTS = 20  # per record: a family's signatures, fingerprints and papers


@dataclass(frozen=True)
class FieldAttachment:
    id: str  # the device's
    source_type: str
    reference: str
    content: bytes


def _stored_name(item: FieldAttachment) -> str:
    return f"{item.id}{kind_of(item.content[:16]).extension}"


@transaction.atomic
def claim_attachments_add(*, agent, claim_id, attachments: list[FieldAttachment]) -> list[dict]:
    """Each attachment as a document of the claim, stored once: ``{"id", "document", "stored"}`` for each
    (``stored`` False: the claim held these bytes already, under that type)."""
    # Locked: the same push arriving twice at once must not store its attachments twice.
    claim = Claim.objects.select_for_update().select_related("village").get(pk=claim_id)
    answers, new, seen = [], [], {}
    for item in attachments:
        key = (item.source_type, hashlib.sha256(item.content).hexdigest())
        file = ContentFile(item.content, name=_stored_name(item))
        held = seen.get(key) or source_holding(
            among=claim.documents.filter(source_type=item.source_type), file=file
        )
        stored = held is None
        if stored:
            held = source_attach(
                source_type=item.source_type,
                document_date=clock.today(),
                village=claim.village,
                reference=item.reference,
                file=file,
                recorded_by=agent,
            )
            new.append(held)
        answers.append({"id": item.id, "document": str(held.pk), "stored": stored})
        seen[key] = held
    if new:
        claim_attach_documents(claim=claim, actor=agent, documents=new)
    return answers
