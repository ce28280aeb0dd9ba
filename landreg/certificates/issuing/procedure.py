"""What a certificate says of the procedure, read only from the procedure's own records.

The references (receipt number, application date, notice dates, site-visit record, committee decision,
approval) come from the claim that created the right, found through the registry, never typed by the
registrar: a certificate must not print a step that did not happen. A right written by an approved change
(the heirs' right, the parts of a split) refers to that change's application. Rights recorded otherwise (a
former register, a change recorded directly) have no claim: the certificate prints dashes.

Whether the authority's signature is required before the certificate is in force is the procedure profile's
rule (``ProcedureProfile.certificate_signature_required``); without a profile it is required. So is the
language a certificate is printed in (``certificate_language``), French without a profile.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from landreg.adjudication.claims.spatial import neighbour_gap_of
from landreg.adjudication.models import Claim
from landreg.adjudication.profiles import NoProcedureError, profile_for
from landreg.adjudication.selectors import recorded_limits
from landreg.parties.minority import DEFAULT_MAJORITY_AGE
from landreg.rights.models import Right


@dataclass(frozen=True)
class Procedure:
    claim: Claim | None = None
    references: dict = field(default_factory=dict)
    limits: dict = field(default_factory=dict)  # side (N/E/S/W) -> the limit the agent wrote on the claim
    # The procedure's neighbour gap: the certificate's neighbours are the ones the site visit invited.
    neighbour_gap_m: float = 5.0


def _event_date(claim: Claim, move: str, *, first: bool = False):
    order = ("occurred_at", "id") if first else ("-occurred_at", "-id")
    event = claim.events.filter(move=move).order_by(*order).first()
    return timezone.localdate(event.occurred_at) if event else None


def claim_of(right: Right) -> Claim | None:
    return (
        Claim.objects.filter(right=right).first()
        or Claim.objects.filter(parcel_change__new_parcels=right.parcel_id).order_by("-created_at").first()
    )


def procedure_of(right: Right) -> Procedure:
    claim = claim_of(right)
    limits = recorded_limits(right.parcel)
    if claim is None:
        return Procedure(limits=limits, neighbour_gap_m=neighbour_gap_of(right.parcel.village))
    visit = claim.site_visits.order_by("-visit_date").first()
    found = {
        "application_reference": claim.receipt_number or "",
        # The first lodging, not a resubmission after the claim was returned.
        "application_date": _event_date(claim, "submit", first=True),
        "notice_start": claim.notice_start,
        "notice_end": claim.notice_end,
        # The site record has no number of its own: it is the visit of this application.
        "site_record_reference": f"PV-{claim.receipt_number}" if visit and claim.receipt_number else "",
        "site_record_date": visit.visit_date if visit else None,
        "committee_date": _event_date(claim, "committee_validate"),
        "approval_date": _event_date(claim, "authority_approve"),
    }
    return Procedure(
        claim=claim,
        references={name: value for name, value in found.items() if value},
        limits=limits,
        neighbour_gap_m=claim.profile.neighbour_gap_m,
    )


def signature_required(right: Right) -> bool:
    try:
        return profile_for(right.parcel.village).certificate_signature_required
    except NoProcedureError:
        return True


def certificate_language(right: Right) -> str:
    """The language the profile prints certificates in; French without a profile."""
    try:
        return profile_for(right.parcel.village).certificate_language
    except NoProcedureError:
        return "fr"


def majority_age(right: Right) -> int:
    """The profile's age of majority: a holder younger on the day of issue is printed as a minor."""
    try:
        return profile_for(right.parcel.village).majority_age
    except NoProcedureError:
        return DEFAULT_MAJORITY_AGE
