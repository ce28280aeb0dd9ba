"""Mortgages (hypothèques) on registered land: a bank or a microfinance institution takes the parcel as the
security of a credit, and releases it (mainlevée) when the credit is repaid.

As a lease: the land office records it directly when the commune's profile puts a mortgage through no step
and the land has one holder; otherwise an application (``changes.applications``) carries each co-holder's
consent (a family's every member: they pledge their land) through the profile's steps, and its approval calls
``mortgage_apply``. The mortgage is a restriction whose one holder is the creditor (rights.mortgages says how
it follows the land through transfers and splits). Its release ends the restriction's lifespan: nothing is
deleted, and the parcel's history keeps the mortgage with its deed of release.
"""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from landreg.accounts.selectors import has_unit_perm
from landreg.adjudication.changes.consents import primary_right_of, refuse_direct_disposal
from landreg.adjudication.changes.later_life import check_direct
from landreg.adjudication.exceptions import TransferError
from landreg.audit.services import audit_record
from landreg.core.exceptions import PermissionDeniedError
from landreg.disputes.cases.freeze import require_no_open_case
from landreg.parcels.models import Parcel
from landreg.parties.models import Party, PartyKind
from landreg.rights.models import Currency, MortgageTerms, Right, RightType
from landreg.rights.mortgages import MORTGAGE
from landreg.rights.services import HolderShare, right_end, right_register


def check_mortgage_terms(
    *,
    amount: Decimal | None,
    currency: str,
    deed_reference: str,
    deed_date: dt.date | None,
    start_date: dt.date | None,
    end_date: dt.date | None,
) -> None:
    """The terms every path checks the same way (the page's form and the API's serializer check types)."""
    if amount is None or amount <= 0:
        raise TransferError(_("Give the amount the mortgage secures (more than zero)."))
    if currency not in Currency.values:
        raise TransferError(_("Choose the currency: FCFA or Ariary."))
    if not deed_reference.strip():
        raise TransferError(_("Give the reference of the mortgage deed."))
    if deed_date is None or start_date is None:
        raise TransferError(_("Give the date of the deed and the date the mortgage starts."))
    if end_date is not None and end_date < start_date:
        raise TransferError(_("The end date is before the start date."))


@transaction.atomic
def mortgage_register(
    *,
    parcel: Parcel,
    creditor: Party,
    amount: Decimal,
    currency: str,
    deed_reference: str,
    deed_date: dt.date,
    start_date: dt.date,
    end_date: dt.date | None = None,
    actor,
    documents: Iterable = (),
) -> Right:
    """Record a mortgage directly (a sole holder, and the profile puts a mortgage through no step)."""
    documents = list(documents)
    check_direct(actor, parcel.village, MORTGAGE, documents)
    refuse_direct_disposal(right=primary_right_of(parcel), kind=MORTGAGE)
    return mortgage_apply(
        parcel=parcel,
        creditor=creditor,
        amount=amount,
        currency=currency,
        deed_reference=deed_reference,
        deed_date=deed_date,
        start_date=start_date,
        end_date=end_date,
        actor=actor,
        documents=documents,
    )


def mortgage_apply(
    *,
    parcel: Parcel,
    creditor: Party,
    amount: Decimal,
    currency: str,
    deed_reference: str,
    deed_date: dt.date,
    start_date: dt.date,
    end_date: dt.date | None,
    actor,
    documents,
) -> Right:
    """Write the mortgage; the caller checked the actor and the documents (the direct path) or the
    application was approved. Runs in the caller's transaction."""
    # The parcel locked: a split or a transfer approved at the same moment waits, then sees the mortgage.
    parcel = Parcel.objects.select_for_update(of=("self",)).select_related("village").get(pk=parcel.pk)
    check_mortgage_terms(
        amount=amount,
        currency=currency,
        deed_reference=deed_reference,
        deed_date=deed_date,
        start_date=start_date,
        end_date=end_date,
    )
    # An organisation, never a person: the public verification names the creditor (certificates.verification).
    if creditor.kind != PartyKind.NON_NATURAL:
        raise TransferError(_("A mortgage names one creditor: the bank or microfinance institution."))
    if primary_right_of(parcel) is None:
        raise TransferError(
            _("Parcel %(number)s has no right in force to mortgage.") % {"number": parcel.number}
        )
    require_no_open_case(parcels=[parcel])
    right = right_register(
        parcel=parcel,
        right_type=RightType.objects.get(code=MORTGAGE),
        holders=[HolderShare(creditor)],
        tenure_system="formal",
        legal_basis=deed_reference.strip(),
        start_date=start_date,
        end_date=end_date,
        created_by=actor,
    )
    MortgageTerms.objects.create(
        right=right,
        amount=amount,
        currency=currency,
        deed_date=deed_date,
        registered_at=right.begin_lifespan,
    )
    for source in documents:
        source.rights.add(right)
    audit_record(
        action="right.mortgage",
        obj=right,
        actor=actor,
        payload={
            "parcel": parcel.number,
            "creditor": str(creditor.pk),
            "amount": str(amount),
            "currency": currency,
            "deed": deed_reference.strip(),
            "until": end_date.isoformat() if end_date else None,
        },
    )
    return right


@transaction.atomic
def mortgage_release(*, right: Right, actor, deed_reference: str, deed_date: dt.date) -> Right:
    """The mainlevée: the creditor releases the land (the credit is repaid). The mortgage's lifespan ends now;
    it stays in the parcel's history with the deed of release."""
    # Locked so that two clerks releasing the same mortgage cannot both find it current.
    right = (
        Right.objects.select_for_update(of=("self",))
        .select_related("right_type", "parcel__village")
        .get(pk=right.pk)
    )
    if not has_unit_perm(actor, "record_transactions", right.parcel.village):
        raise PermissionDeniedError(_("You may not record transactions in this village."))
    if right.right_type_id != MORTGAGE:
        raise TransferError(_("Only a mortgage is released here."))
    if not right.is_current:
        raise TransferError(_("This mortgage has already been released."))
    if not deed_reference.strip() or deed_date is None:
        raise TransferError(_("Give the reference and the date of the deed of release."))
    require_no_open_case(parcels=[right.parcel], rights=[right])
    # The registry's message, kept in English and said in the reader's language (core.stored_messages), as
    # the parcel's past rights say how each ended.
    reason = gettext_noop("Release of the mortgage: %(deed)s of %(date)s") % {
        "deed": deed_reference.strip(),
        "date": f"{deed_date:%d/%m/%Y}",
    }
    ended = right_end(right=right, actor=actor, reason=reason)
    MortgageTerms.objects.filter(right=right).update(
        release_reference=deed_reference.strip(), release_date=deed_date
    )
    audit_record(
        action="right.mortgage.release",
        obj=ended,
        actor=actor,
        payload={
            "parcel": right.parcel.number,
            "deed": deed_reference.strip(),
            "date": deed_date.isoformat(),
        },
    )
    return ended


def current_mortgages(parcel: Parcel):
    """The parcel's mortgages whose lifespan is open, with their creditor and terms: what may be released."""
    return (
        parcel.rights.current()
        .filter(right_type_id=MORTGAGE)
        .select_related("right_type", "mortgage")
        .prefetch_related("holders__party")
        .order_by("start_date", "pk")
    )
