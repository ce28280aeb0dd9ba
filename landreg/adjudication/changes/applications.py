"""Applications for later changes to what is registered (demandes de mutation).

A transfer, split, merge, lease, loan or correction whose kind the commune's profile puts through steps
(``ProcedureProfile.change_steps``: public notice, site verification, committee, authority) is lodged by the
land office as an application. It is a claim with a ``purpose``: the same moves, notice board, objections,
site record, votes and history as a first claim; on approval ``change_apply`` writes the change to the
register with the same functions the direct path uses. Nothing changes in the register before approval.
"""

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.db import transaction
from django.utils.translation import gettext as _

from landreg.accounts.selectors import has_unit_perm
from landreg.adjudication.changes import later_life, mortgages, transfers
from landreg.adjudication.changes.consents import primary_right_of
from landreg.adjudication.changes.minors import check_minors_represented
from landreg.adjudication.claims.registration import holders_from_claimants
from landreg.adjudication.claims.services import ClaimantInput, claimant_add
from landreg.adjudication.exceptions import TransferError
from landreg.adjudication.models import Claim, ClaimantRole
from landreg.adjudication.profiles import profile_for
from landreg.adjudication.selectors import changes_in_progress
from landreg.adjudication.states import (
    CHANGE_KINDS,
    KINDS_WITH_NEW_HOLDERS,
    TRANSFER_KINDS,
    ClaimPurpose,
)
from landreg.audit.services import audit_record
from landreg.core import clock
from landreg.core.exceptions import PermissionDeniedError
from landreg.core.geojson_crs import LegacyCrsError, geometry_in_wgs84
from landreg.disputes.cases.freeze import require_no_open_case
from landreg.parcels.models import Parcel
from landreg.parties.models import Party, PartyKind
from landreg.rights.holding import right_type_taken
from landreg.rights.models import Right, RightType

# What a correction may change (the number, village, computed area and history fields never change).
CORRECTABLE_PARCEL_FIELDS = {"geometry", "land_use", "local_name", "survey_method", "accuracy_m"}
CORRECTABLE_PARTY_FIELDS = {
    "last_name",
    "first_names",
    "name",
    "sex",
    "birth_date",
    "birth_date_is_approximate",
    "birth_place",
    "id_document_type",
    "id_document_number",
    "profession",
    "domicile",
    "marital_status",
    "registration_number",
    "group_type",
}

# Corrected values shown only to users with ``view_personal_data`` on the village.
PERSONAL_FIELDS = {
    "birth_date",
    "birth_date_is_approximate",
    "birth_place",
    "id_document_type",
    "id_document_number",
}


def change_data_for(claim: Claim, *, personal: bool) -> dict:
    """The application's details as a user may read them: corrected personal data masked without the right."""
    data = dict(claim.change_data)
    if not personal and isinstance(data.get("changes"), dict):
        data["changes"] = {k: ("***" if k in PERSONAL_FIELDS else v) for k, v in data["changes"].items()}
    return data


def _geometry(value) -> GEOSGeometry:
    try:
        return geometry_in_wgs84(value)
    except LegacyCrsError as exc:
        raise TransferError(str(exc)) from exc
    except (GEOSException, GDALException, ValueError, TypeError) as exc:
        raise TransferError(_("A boundary is not a readable GeoJSON geometry.")) from exc


def _date(value, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise TransferError(_("Give the %(what)s as YYYY-MM-DD.") % {"what": label}) from exc


def _current_parcels(parcels: Iterable[Parcel]) -> list[Parcel]:
    parcels = sorted({p.pk: p for p in parcels}.values(), key=lambda p: p.number)
    if not parcels:
        raise TransferError(_("Name the parcel the change concerns."))
    if any(not p.is_current for p in parcels):
        raise TransferError(_("Only current parcels can be changed; use their current successor."))
    return parcels


def _amount(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise TransferError(_("Give the amount the mortgage secures in figures.")) from exc


def _mortgage_kept(data: dict) -> dict:
    """A mortgage's terms, checked, as the application keeps them until approval (JSON: text and ISO days)."""
    terms = {
        "amount": _amount(data.get("amount")),
        "currency": str(data.get("currency") or ""),
        "deed_reference": str(data.get("legal_basis") or ""),
        "deed_date": _date(data.get("deed_date"), _("date of the deed")),
        "start_date": _date(data.get("start_date"), _("start date")),
        "end_date": _date(data.get("end_date"), _("end date")),
    }
    mortgages.check_mortgage_terms(**terms)
    return {
        "amount": str(terms["amount"]),
        "currency": terms["currency"],
        "legal_basis": terms["deed_reference"].strip(),
        "deed_date": terms["deed_date"].isoformat(),
        "start_date": terms["start_date"].isoformat(),
        "end_date": terms["end_date"].isoformat() if terms["end_date"] else None,
    }


def _subject(kind: str, right, parcels, party, data: dict):
    """Check what the change acts on; return (parcels, right type, tenure system, boundary, data to keep)."""
    keep = {"reason": data.get("reason", "")}
    # « Current » here is the registry's one rule, in force today (rights.models.in_force_on): a lease or loan
    # past its own end date is neither transferred, nor the parcel's primary right, nor a holding to correct.
    if kind in TRANSFER_KINDS:
        if right is None or not right.is_in_force(clock.today()):
            raise TransferError(_("Name the current right that is transferred."))
        parcels = [right.parcel]
        return parcels, right.right_type, right.tenure_system, right.parcel.geometry, keep
    parcels = _current_parcels(parcels)
    first = parcels[0]
    # The parcel's primary right: its first right read in the table's order was a lease, a loan or a mortgage
    # whose type's code came first (« mortgage » before « ownership »), and a split then claimed its type.
    primary = primary_right_of(first)
    if kind == ClaimPurpose.MORTGAGE:
        return (
            parcels[:1],
            RightType.objects.get(code=kind),
            "formal",
            first.geometry,
            keep | _mortgage_kept(data),
        )
    if kind in {ClaimPurpose.LEASE, ClaimPurpose.LOAN}:
        start, end = (
            _date(data.get("start_date"), _("start date")),
            _date(data.get("end_date"), _("end date")),
        )
        later_life.check_secondary_right(kind, start, end)
        if not str(data.get("legal_basis", "")).strip():
            raise TransferError(_("Give the legal basis of the lease or loan (deed, customary agreement)."))
        keep |= {
            "start_date": start.isoformat(),
            "end_date": end.isoformat() if end else None,
            "legal_basis": data["legal_basis"],
        }
        tenure = "formal" if kind == ClaimPurpose.LEASE else "customary"
        return parcels[:1], RightType.objects.get(code=kind), tenure, first.geometry, keep
    if primary is None:
        raise TransferError(_("Parcel %(number)s has no current right.") % {"number": first.number})
    if kind == ClaimPurpose.SPLIT:
        if len(parcels) != 1:
            raise TransferError(_("A split concerns one parcel."))
        parts = later_life.split_parts_checked(first, [_geometry(p) for p in data.get("parts") or []])
        keep["parts"] = [json.loads(p.geojson) for p in parts]
        return parcels, primary.right_type, primary.tenure_system, first.geometry, keep
    if kind == ClaimPurpose.MERGE:
        boundary = later_life.merged_boundary(parcels)
        return parcels, primary.right_type, primary.tenure_system, boundary, keep
    # correction: of the parcel itself, or of a person or group who holds a right on it
    changes = data.get("changes")
    if not isinstance(changes, dict) or not changes:
        raise TransferError(_("List the corrected fields and their new values."))
    allowed = CORRECTABLE_PARTY_FIELDS if party is not None else CORRECTABLE_PARCEL_FIELDS
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise TransferError(
            _("These fields cannot be corrected: %(fields)s.") % {"fields": ", ".join(unknown)}
        )
    if party is not None and not first.rights.in_force().filter(holders__party=party).exists():
        raise TransferError(_("The person corrected must hold a right on the parcel named."))
    if "geometry" in changes:
        boundary = later_life.corrected_boundary_checked(first, _geometry(changes["geometry"]))
        changes = {**changes, "geometry": json.loads(boundary.geojson)}
    keep["changes"] = changes
    return parcels[:1], primary.right_type, primary.tenure_system, first.geometry, keep


@transaction.atomic
def change_draft(
    *,
    actor,
    kind: str,
    right: Right | None = None,
    parcels: Sequence[Parcel] = (),
    party: Party | None = None,
    new_holders: Sequence[ClaimantInput] = (),
    data: dict | None = None,
    documents: Iterable = (),
) -> Claim:
    """A draft application for a later change, lodged by the land office of the parcel's commune.

    ``data`` carries ``reason`` always, ``parts`` (GeoJSON) for a split, ``changes`` for a correction,
    ``legal_basis``, ``start_date``, ``end_date`` for a lease or loan, and for a mortgage these (the deed's
    reference as ``legal_basis``; no ``end_date``: until repayment) with ``amount``, ``currency`` and
    ``deed_date``; its one new holder is the creditor, an organisation. The application is checked now
    against the register as it stands; it is checked again when approved.
    """
    data = dict(data or {})
    if kind not in CHANGE_KINDS:
        raise TransferError(_("Unknown kind of change “%(kind)s”.") % {"kind": kind})
    parcels, right_type, tenure, boundary, keep = _subject(kind, right, list(parcels), party, data)
    village = parcels[0].village
    if not has_unit_perm(actor, "record_transactions", village):
        raise PermissionDeniedError(_("You may not record transactions in this village."))
    require_no_open_case(parcels=parcels, rights=[right] if kind in TRANSFER_KINDS else [])
    if not keep["reason"].strip():
        raise TransferError(_("Give the reason and the reference of the act."))
    if kind in KINDS_WITH_NEW_HOLDERS and not new_holders:
        raise TransferError(_("Name who takes the right, with their shares."))
    if kind == ClaimPurpose.MORTGAGE and (
        len(new_holders) != 1 or new_holders[0].kind != PartyKind.NON_NATURAL
    ):
        raise TransferError(_("A mortgage names one creditor: the bank or microfinance institution."))
    if kind not in KINDS_WITH_NEW_HOLDERS and new_holders:
        raise TransferError(_("This kind of change keeps the holders; name none."))
    if kind in TRANSFER_KINDS:
        # The application shows the type the takers will hold (rights.holding): transfer_apply computes it
        # again from the holders registered at approval, so a holder changed meanwhile is followed.
        right_type = RightType.objects.get(
            pk=right_type_taken(
                right_type=right.right_type_id,
                tenure_system=tenure,
                holder_kinds=[
                    (h.party.kind if h.party is not None else h.kind)
                    for h in new_holders
                    if h.role == ClaimantRole.HOLDER
                ],
            )
        )
    claim = Claim.objects.create(
        village=village,
        profile=profile_for(village),
        purpose=kind,
        geometry=boundary,
        right_type=right_type,
        tenure_system=tenure,
        land_use=parcels[0].land_use,
        survey_method=parcels[0].survey_method,
        local_name=parcels[0].local_name,
        subject_right=right if kind in TRANSFER_KINDS else None,
        subject_party=party,
        change_data=keep,
        created_by=actor,
    )
    claim.subject_parcels.set(parcels)
    claim.documents.add(*documents)
    for holder in new_holders:
        claimant_add(claim=claim, data=holder)
    check_minors_represented(claim)
    audit_record(
        action="change.draft",
        obj=claim,
        actor=actor,
        payload={"kind": kind, "parcels": [p.number for p in parcels], "reason": keep["reason"]},
    )
    return claim


def check_subject_still_open(claim: Claim) -> None:
    """At submission and screening: the subject is still current and no other change of it is in progress."""
    # Lock the parcels concerned: two applications on one parcel submitted at the same moment take turns,
    # and the second sees the first (each application has its own row lock, which would not serialise them).
    parcels = list(
        Parcel.objects.select_for_update(of=("self",))
        .filter(pk__in=claim.subject_parcels.values("pk"))
        .order_by("pk")
    )
    subject_right = Right.objects.in_force().filter(pk=claim.subject_right_id)
    if claim.subject_right_id is not None and not subject_right.exists():
        raise TransferError(_("The right concerned has ended since the application was drafted."))
    if any(not p.is_current for p in parcels):
        raise TransferError(_("A parcel concerned has been retired since the application was drafted."))
    other = changes_in_progress(parcels).exclude(pk=claim.pk).values_list("receipt_number", flat=True).first()
    if other:
        raise TransferError(
            _("Application %(receipt)s already concerns this parcel; finish or withdraw it first.")
            % {"receipt": other}
        )


def change_apply(claim: Claim, *, actor) -> list[str]:
    """Write the approved change to the register (inside the approving move's transaction).

    Returns the claim fields it set. The register is checked again: a right that ended or a parcel retired
    since the application was lodged stops the approval, and nothing is written.
    """
    kind, data = claim.purpose, claim.change_data
    reason = f"{data.get('reason', '')} ({claim.receipt_number})"
    documents = list(claim.documents.all())
    parcels = list(claim.subject_parcels.order_by("number"))
    if kind in TRANSFER_KINDS:
        transfer = transfers.transfer_apply(
            right=claim.subject_right,
            kind=kind,
            new_holders=holders_from_claimants(claim, actor=actor),
            actor=actor,
            reason=reason,
            documents=documents,
        )
        claim.transfer, claim.right, claim.parcel = transfer, transfer.new_right, transfer.parcel
        return ["transfer", "right", "parcel"]
    if kind in {ClaimPurpose.LEASE, ClaimPurpose.LOAN}:
        claim.right = later_life.secondary_right_apply(
            parcel=Parcel.objects.get(pk=parcels[0].pk),
            kind=kind,
            holders=holders_from_claimants(claim, actor=actor),
            actor=actor,
            legal_basis=data["legal_basis"],
            start_date=_date(data["start_date"], "start_date"),
            end_date=_date(data.get("end_date"), "end_date"),
            documents=documents,
        )
        claim.parcel = parcels[0]
        return ["right", "parcel"]
    if kind == ClaimPurpose.MORTGAGE:
        (creditor,) = holders_from_claimants(claim, actor=actor)
        claim.right = mortgages.mortgage_apply(
            parcel=parcels[0],
            creditor=creditor.party,
            amount=Decimal(data["amount"]),
            currency=data["currency"],
            deed_reference=data["legal_basis"],
            deed_date=_date(data["deed_date"], "deed_date"),
            start_date=_date(data["start_date"], "start_date"),
            end_date=_date(data.get("end_date"), "end_date"),
            actor=actor,
            documents=documents,
        )
        claim.parcel = parcels[0]
        return ["right", "parcel"]
    if kind == ClaimPurpose.SPLIT:
        change = later_life.split_apply(
            parcel=parcels[0],
            parts=[_geometry(p) for p in data["parts"]],
            actor=actor,
            reason=reason,
            documents=documents,
        )
        claim.parcel_change = change
        return ["parcel_change"]
    if kind == ClaimPurpose.MERGE:
        change = later_life.merge_apply(parcels=parcels, actor=actor, reason=reason, documents=documents)
        claim.parcel_change, claim.parcel = change, change.new_parcels.get()
        return ["parcel_change", "parcel"]
    changes = dict(data["changes"])
    if "geometry" in changes:  # the neighbours may have changed since the draft: checked again
        changes["geometry"] = later_life.corrected_boundary_checked(
            parcels[0], _geometry(changes["geometry"])
        )
    if "birth_date" in changes:
        changes["birth_date"] = _date(changes["birth_date"], _("date of birth"))
    record = claim.subject_party or parcels[0]
    corrected = later_life.correction_apply(
        record=type(record).objects.get(pk=record.pk),
        changes=changes,
        actor=actor,
        reason=reason,
        documents=documents,
    )
    if isinstance(corrected, Parcel):
        claim.parcel = corrected
        return ["parcel"]
    return []


def created_parcels(claim: Claim) -> list[Parcel]:
    """The parcels an approved split or merge made; none for another change (a sale, a lease, a mortgage or a
    correction keeps its parcel): the application's page says « Parcelles issues » of these only."""
    if claim.parcel_change_id:
        return list(claim.parcel_change.new_parcels.order_by("number"))
    return []


def result_parcels(claim: Claim) -> list[Parcel]:
    """The parcels whose certificate an approved application changes (new ones after a split or merge)."""
    return created_parcels(claim) or ([claim.parcel] if claim.parcel_id else [])
