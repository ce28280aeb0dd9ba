"""A document added to a claim: recorded as a source of the village and attached, once.

Sent twice (a double click, a page posted again after a network cut), the same document is attached once:
the claim's row is locked while its documents are compared, so two sends cannot both find it missing.
"""

import datetime as dt

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from landreg.accounts.selectors import has_unit_perm
from landreg.adjudication.claims.services import claim_attach_documents
from landreg.adjudication.models import Claim
from landreg.core.exceptions import PermissionDeniedError
from landreg.documents.models import Source
from landreg.documents.services import source_attach_once


@transaction.atomic
def claim_document_add(
    *,
    claim: Claim,
    actor,
    source_type: str,
    document_date: dt.date,
    reference: str = "",
    description: str = "",
    file: File | None = None,
) -> tuple[Source, bool]:
    """The claim's document of this type, date, reference and bytes: the one attached already if there is
    one (``False``), else a new source of the claim's village, attached (``True``)."""
    # Whoever may not attach is told so before anything is compared or stored.
    if not has_unit_perm(actor, claim.lodging_permission, claim.village):
        raise PermissionDeniedError(_("You may not add documents to claims of this village."))
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    source, added = source_attach_once(
        among=claim.documents.all(),
        source_type=source_type,
        document_date=document_date,
        village=claim.village,
        reference=reference,
        description=description,
        file=file,
        recorded_by=actor,
    )
    if added:
        claim_attach_documents(claim=claim, actor=actor, documents=[source])
    return source, added
