"""The public register: what anyone may read of a parcel without logging in.

Built as plain values (strings, numbers, dates) from the records, so a template never holds a party and
cannot print what is not public: never an ID number, a birth date, a place of birth or a document. Holders'
names only where the commune's procedure profile says the law makes them public (``holders_public``).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from landreg.adjudication.models import Claim
from landreg.adjudication.profiles import NoProcedureError, holders_public_for
from landreg.adjudication.states import FINAL_STATES, ClaimState
from landreg.core.folding import Fold, fold
from landreg.core.geometry import format_ha_a_ca
from landreg.disputes.freeze import open_cases
from landreg.parcels.models import Parcel
from landreg.parties.models import display_name_of
from landreg.rights.models import Right, right_type_label
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


# A village's units up to the country (village, commune, region, country): read with the parcel, so that
# finding the commune's procedure profile (profile_for walks them) reads none of them again. Only the columns
# the page and that walk use: the parcel's geometry, the units' boundaries and the rest were read and turned
# into objects on every request.
_UNITS = "village__parent__parent__parent"
_UNIT_FIELDS = ("level", "code", "name", "parent")
_PAGE_FIELDS = (
    "number",
    "local_name",
    "area_m2",
    "village",
    *(
        f"{unit}__{field}"
        for unit in ("village", "village__parent", "village__parent__parent", _UNITS)
        for field in _UNIT_FIELDS
    ),
)


def parcel_for_its_page() -> QuerySet[Parcel]:
    """Current parcels with their village and the units above it, in one statement; only the columns the
    public page shows and the procedure profile's walk up the units reads."""
    return current_parcels().select_related(_UNITS).only(*_PAGE_FIELDS)


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
        return holders_public_for(village)
    except NoProcedureError:
        return False  # no profile, no law read: the names stay private


def _public_rights(parcel: Parcel, names_public: bool) -> list[PublicRight]:
    """The parcel's current rights, in the order of the registrar's page (by right type), with their holders'
    names sorted when the law makes them public: one statement, as values (no party is ever loaded)."""
    rights = Right.objects.current().filter(parcel=parcel)
    rights = rights.order_by("right_type__kind", "right_type__code", "pk")
    columns = ("pk", "right_type__label_fr", "right_type__label_en")
    if not names_public:
        return [
            PublicRight(right_type=right_type_label(label_fr, label_en), holders=None)
            for _pk, label_fr, label_en in rights.values_list(*columns)
        ]
    found: dict = {}
    holders_columns = ("holders__party__kind", "holders__party__last_name", "holders__party__first_names")
    for pk, label_fr, label_en, kind, last_name, first_names, name in rights.values_list(
        *columns, *holders_columns, "holders__party__name"
    ):
        _label, names = found.setdefault(pk, (right_type_label(label_fr, label_en), []))
        if kind is not None:  # a right with no holder written yet
            names.append(display_name_of(kind, last_name, first_names, name))
    return [PublicRight(right_type=label, holders=sorted(names)) for label, names in found.values()]


def public_parcel(parcel: Parcel) -> PublicParcel:
    rights = _public_rights(parcel, _holders_public(parcel.village))
    applications = (
        Claim.objects.filter(subject_parcels=parcel)
        .exclude(state__in=NOT_YET_PUBLIC)
        .only("purpose", "state", "notice_end")  # not the claim's geometry and data
        .order_by("created_at")
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
