"""The public register: what anyone may read of a parcel without logging in.

Built as plain values (strings, numbers, dates) from the records, so a template never holds a party and
cannot print what is not public: never an ID number, a birth date, a place of birth or a document. Holders'
names only where the commune's procedure profile says the law makes them public (``holders_public``).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from landreg.adjudication.models import Claim
from landreg.adjudication.profiles import NoProcedureError, profile_for
from landreg.adjudication.states import FINAL_STATES, ClaimState
from landreg.core.folding import Fold, fold
from landreg.core.geometry import format_ha_a_ca
from landreg.disputes.freeze import open_cases
from landreg.parcels.models import Parcel
from landreg.territory.models import AdministrativeUnit

NOT_YET_PUBLIC = [ClaimState.DRAFT, *FINAL_STATES]


@dataclass(frozen=True)
class PublicRight:
    right_type: str
    holders: list[str] | None  # None: the law does not make the names public


@dataclass(frozen=True)
class PublicProcedure:
    purpose: str
    state: str
    notice_end: dt.date | None  # objections accepted until then, when the application is posted


@dataclass(frozen=True)
class PublicParcel:
    pk: str
    number: str
    village: str
    village_code: str
    commune: str
    place: str
    area: str  # "1 ha 02 a 03 ca", as land offices write it (core.geometry.format_ha_a_ca)
    rights: list[PublicRight]
    procedures: list[PublicProcedure]
    dispute_pending: bool


def current_parcels() -> QuerySet[Parcel]:
    return Parcel.objects.filter(end_lifespan__isnull=True).select_related("village__parent")


def parcels_numbered(text: str) -> QuerySet[Parcel]:
    """Current parcels whose number starts with what was typed (case and spaces aside)."""
    return current_parcels().filter(number__istartswith=text.replace(" ", "")).order_by("number")


def villages_named(text: str) -> QuerySet[AdministrativeUnit]:
    """Villages whose folded name holds what was typed, or whose code it is."""
    return (
        AdministrativeUnit.objects.villages()
        .annotate(folded=Fold("name"))
        .filter(Q(folded__contains=fold(text)) | Q(code__iexact=text))
        .select_related("parent")
        .order_by("name")
    )


def _holders_public(village) -> bool:
    try:
        return profile_for(village).holders_public
    except NoProcedureError:
        return False  # no profile, no law read: the names stay private


def public_parcel(parcel: Parcel) -> PublicParcel:
    names_public = _holders_public(parcel.village)
    rights = []
    for right in parcel.rights.current().select_related("right_type").prefetch_related("holders__party"):
        holders = sorted(h.party.display_name for h in right.holders.all()) if names_public else None
        rights.append(PublicRight(right_type=str(right.right_type), holders=holders))
    applications = (
        Claim.objects.filter(subject_parcels=parcel).exclude(state__in=NOT_YET_PUBLIC).order_by("created_at")
    )
    procedures = [
        PublicProcedure(
            purpose=str(claim.get_purpose_display()),
            state=str(claim.get_state_display()),
            notice_end=claim.notice_end if claim.state == ClaimState.PUBLIC_NOTICE else None,
        )
        for claim in applications
    ]
    return PublicParcel(
        pk=str(parcel.pk),
        number=parcel.number,
        village=parcel.village.name,
        village_code=parcel.village.code,
        commune=parcel.village.parent.name if parcel.village.parent else "",
        place=parcel.local_name,
        area=format_ha_a_ca(parcel.area_m2),
        rights=rights,
        procedures=procedures,
        dispute_pending=open_cases(parcels=[parcel]).exists(),
    )
