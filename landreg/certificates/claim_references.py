"""What the certificate says of the procedure, read from the claim that created the right.

A right recorded through adjudication has its claim: the receipt (application reference and date), the
public notice dates and the site verification record. A right written by an approved change (the heirs'
right, or the copy on a parcel made by a split or merge) refers to that change's application. Rights
recorded otherwise (a former register, a change recorded directly) have none: the certificate shows dashes.
"""

from django.utils import timezone

from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimState
from landreg.rights.models import Right


def references_from_claim(right: Right) -> dict:
    claim = (
        Claim.objects.filter(right=right).first()
        or Claim.objects.filter(parcel_change__new_parcels=right.parcel_id).order_by("-created_at").first()
    )
    if claim is None:
        return {}
    submitted = claim.events.filter(to_state=ClaimState.SUBMITTED).order_by("occurred_at").first()
    visit = claim.site_visits.order_by("-visit_date").first()
    found = {
        "application_reference": claim.receipt_number or "",
        "application_date": timezone.localdate(submitted.occurred_at) if submitted else None,
        "notice_start": claim.notice_start,
        "notice_end": claim.notice_end,
        "site_record_reference": f"PV-{claim.receipt_number}" if visit and claim.receipt_number else "",
        "site_record_date": visit.visit_date if visit else None,
    }
    return {name: value for name, value in found.items() if value}
