"""The freeze: while a dispute case is open, its parcels, claims and rights do not move.

Every service that validates, approves, certifies, transfers, splits, merges, leases or corrects calls
``require_no_open_case`` inside its transaction, so pages, the API, commands and batch printing all stop
at the same place. The freeze lifts only with the case's outcome (``DisputeCase.closed_at``).
"""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from landreg.disputes.exceptions import DisputePendingError
from landreg.disputes.models import DisputeCase


def open_cases(*, parcels: Iterable = (), claims: Iterable = (), rights: Iterable = ()):
    """Open cases on any of these parcels, claims or rights (a right's case also holds its parcel)."""
    parcel_ids = {p.pk for p in parcels if p is not None}
    right_ids = {r.pk for r in rights if r is not None}
    claim_ids = {c.pk for c in claims if c is not None}
    query = Q(pk__in=[])
    if parcel_ids:
        query |= Q(parcels__in=parcel_ids) | Q(rights__parcel__in=parcel_ids)
    if right_ids:
        query |= Q(rights__in=right_ids) | Q(parcels__rights__in=right_ids)
    if claim_ids:
        query |= Q(claims__in=claim_ids) | Q(objection__claim__in=claim_ids)
    return DisputeCase.objects.open().filter(query).distinct().order_by("opened_at")


def require_no_open_case(*, parcels: Iterable = (), claims: Iterable = (), rights: Iterable = ()) -> None:
    cases = list(open_cases(parcels=parcels, claims=claims, rights=rights).values_list("number", flat=True))
    if cases:
        raise DisputePendingError(
            _("Dispute pending (case %(numbers)s): nothing proceeds until the case has its outcome.")
            % {"numbers": ", ".join(cases)}
        )


def frozen_rights_q(right: str = "pk", parcel: str = "parcel") -> Q:
    """For a queryset of rights: those held by an open case, on the right itself, on its parcel or on another
    right of its parcel (a right's case holds its parcel, as ``open_cases`` reads it).

    ``right``, ``parcel``: the fields holding the right's and the parcel's ids (``right``/``parcel`` for a
    queryset of certificates)."""
    cases = DisputeCase.objects.open()
    return (
        Q(Exists(cases.filter(rights=OuterRef(right))))
        | Q(Exists(cases.filter(parcels=OuterRef(parcel))))
        | Q(Exists(cases.filter(rights__parcel=OuterRef(parcel))))
    )


def first_open_case_of_right(right: str = "pk", parcel: str = "parcel") -> Subquery:
    """For a queryset of rights (or certificates, with ``right`` and ``parcel`` as in ``frozen_rights_q``):
    the number of the earliest open case holding the right or its parcel (None where none does), to name the
    case beside ``frozen_rights_q`` in the same statement."""
    cases = DisputeCase.objects.open().filter(
        Q(rights=OuterRef(right)) | Q(parcels=OuterRef(parcel)) | Q(rights__parcel=OuterRef(parcel))
    )
    return Subquery(cases.order_by("opened_at", "number").values("number")[:1])


def frozen_parcels_q(parcel: str = "pk") -> Q:
    """For a queryset of parcels: those held by an open case, on the parcel or on one of its rights.

    ``parcel``: the field holding the parcel's id (``parcel_id`` for a queryset of its versions)."""
    cases = DisputeCase.objects.open()
    return Q(Exists(cases.filter(parcels=OuterRef(parcel)))) | Q(
        Exists(cases.filter(rights__parcel=OuterRef(parcel)))
    )
