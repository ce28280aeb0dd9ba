"""The public register: what anyone may read of a parcel without logging in.

Built as plain values (strings, numbers, dates) from the records, so a template never holds a party and
cannot print what is not public: never an ID number, a birth date, a place of birth or a document. Holders'
names only where the commune's procedure profile says the law makes them public (``holders_public``).
"""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Subquery, Value, When

from landreg.adjudication.models import Claim, ParcelChange, ParcelChangeKind
from landreg.adjudication.profiles import holders_public_of
from landreg.adjudication.states import FINAL_STATES, ClaimState
from landreg.audit.kept import AUDIT_HEAD
from landreg.core import clock
from landreg.core.db.kept import KeptQuery, loaded, rows_together
from landreg.core.geometry import format_ha_a_ca
from landreg.core.search.collation import name_order_key
from landreg.core.search.folding import Fold, fold
from landreg.core.search.numbers import numbered
from landreg.disputes.cases.freeze import open_cases
from landreg.parcels.models import Parcel
from landreg.parties.models import PartyKind, display_name_of
from landreg.rights.models import Right, right_type_label
from landreg.rights.mortgages import MORTGAGE
from landreg.territory.models import AdministrativeUnit, UnitLevel

NOT_YET_PUBLIC = [ClaimState.DRAFT, *FINAL_STATES]


@dataclass(frozen=True)
class PublicRight:
    right_type: str
    holders: list[str] | None  # None: the law does not make the names public
    # A mortgage: its creditor (an organisation, never a person: adjudication.changes.mortgages), said
    # whatever the law says of holders' names, and when it was inscribed; not the amount, the holders' debt.
    creditor: str = ""
    registered_at: dt.datetime | None = None


@dataclass(frozen=True)
class PublicProcedure:
    purpose: str
    state: str
    notice_end: dt.date | None  # objections accepted until then, when the application is posted


@dataclass(frozen=True)
class PublicRelative:
    """A parcel on the other side of a split or merge: its number, and its page's id only where the public
    may open it (a current parcel; a parcel retired by the split or merge has no public page)."""

    number: str
    pk: str | None


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
    # The split or merge it came from: the parcels it came from, by the change's kind ({"split": [...],
    # "merge": [...]}), and the other parts of the split (a current parcel was never split or merged itself).
    came_from: dict[str, list[PublicRelative]]
    split_siblings: list[PublicRelative]


def current_parcels() -> QuerySet[Parcel]:
    return Parcel.objects.filter(end_lifespan__isnull=True).select_related("village__parent")


# The parcel's number, place and area, then its village and the units above it up to the country (village,
# commune, region, country), each unit's level, id, code and name: what the page prints and what finding the
# commune's procedure profile needs (the walk of AdministrativeUnit.ancestor_at), in one statement. Not the
# parcel's geometry nor the units' boundaries.
_UNITS = ("village", "village__parent", "village__parent__parent", "village__parent__parent__parent")
_PAGE_COLUMNS = (
    "number",
    "local_name",
    "area_m2",
    *(f"{unit}__{column}" for unit in _UNITS for column in ("level", "id", "code", "name")),
)
_PARCEL = KeptQuery(
    lambda pk: Parcel.objects.filter(end_lifespan__isnull=True, pk=pk).values_list(*_PAGE_COLUMNS),
    pk=uuid.uuid4(),
)


# A village's page: the village with its commune's name, the number of its current parcels and a page of
# them, each statement built once per process on PostgreSQL (core.db.kept). The rows and the count come from
# the partial index on (village, number) of the current parcels, which holds these columns
# (parcel_current_village_number): no visit to the table, whatever the page.
_VILLAGE = KeptQuery(
    lambda code: (
        AdministrativeUnit.objects.villages()
        .filter(code=code)
        .order_by()  # the code is unique: no sort
        .values_list("id", "code", "name", "parent_id", "parent__name")[:1]
    ),
    code=f"code-{uuid.uuid4()}",
)
_VILLAGE_PARCELS = KeptQuery(
    lambda village: (
        Parcel.objects.filter(end_lifespan__isnull=True, village_id=village)
        .order_by("number")
        .values_list("pk", "number", "local_name", "area_m2")
    ),
    village=uuid.uuid4(),
)


def _current_in_village_coded(code):
    """The current parcels of the village of this code, the village's id a scalar subquery (an InitPlan:
    the partial index on (village, number) is read as with the id itself)."""
    village = AdministrativeUnit.objects.villages().filter(code=code).order_by().values("pk")[:1]
    return Parcel.objects.filter(end_lifespan__isnull=True, village_id=Subquery(village))


# The count and a page of a village's parcels from its code, so that they go with the village's own read in
# one round trip (core.db.kept.rows_together): the page asked for is read before the count says whether it
# exists, and read again in the rare case it does not (a page past the last, a page number that is none).
_CODED_PARCELS = KeptQuery(
    lambda code: (
        _current_in_village_coded(code)
        .order_by("number")
        .values_list("pk", "number", "local_name", "area_m2")
    ),
    code=f"code-{uuid.uuid4()}",
)
_CODED_COUNT = KeptQuery(
    lambda code: (
        _current_in_village_coded(code).values("village").annotate(parcels=Count("*")).values_list("parcels")
    ),
    code=f"code-{uuid.uuid4()}",
)


def village_page(code: str, page_size: int, page) -> tuple[AdministrativeUnit | None, "VillageParcels"]:
    """The village of this code (with its commune's name, not its boundary) and its parcels for a
    Paginator, with their count and the rows of the page ``page`` (as typed: a page number, or anything)
    read in the same round trip."""
    try:
        guess = max(int(page), 1)
    except (TypeError, ValueError):
        guess = 1
    offset = (guess - 1) * page_size
    village, count, rows = rows_together(
        (_VILLAGE, {"code": code}),
        (_CODED_COUNT, {"code": code}),
        (_CODED_PARCELS, {"code": code, "offset": offset, "limit": page_size}),
    )
    found = _village_from(village)
    parcels = VillageParcels(
        found.pk if found else None, count=count[0][0] if count else 0, read=(offset, rows)
    )
    return found, parcels


def _village_from(found: list[tuple]) -> AdministrativeUnit | None:
    for pk, village_code, name, parent_id, parent_name in found:
        village = loaded(
            AdministrativeUnit, {"id": pk, "code": village_code, "name": name, "parent_id": parent_id}
        )
        village.parent = (
            loaded(AdministrativeUnit, {"id": parent_id, "name": parent_name}) if parent_id else None
        )
        return village
    return None


class VillageParcels:
    """A village's current parcels by number, as rows (pk, number, place, area in m²), for a Paginator: it
    counts them with ``count()`` and reads a page by slicing; their count and the rows of one page already
    read (``read``: the page's offset and its rows, at most a page's size) are given."""

    def __init__(self, village_id, *, count: int, read: tuple[int, list[tuple]]):
        self.village_id = village_id
        self._count = count
        self.read = read

    def count(self) -> int:
        return self._count

    def __getitem__(self, bounds: slice) -> list[tuple]:
        offset, rows = self.read
        if bounds.start == offset:  # the page read (the Paginator may stop its last page at the count)
            return rows[: bounds.stop - bounds.start]
        return _VILLAGE_PARCELS.rows(
            village=self.village_id, offset=bounds.start, limit=bounds.stop - bounds.start
        )


def parcels_numbered(text: str) -> QuerySet[Parcel]:
    """Current parcels whose number starts with what was typed (case and spaces aside), its sequence typed
    with or without the zeros that pad it (« SAB-C-68 » for SAB-C-00068: core.search.numbers)."""
    return (
        current_parcels().filter(numbered("number", text.replace(" ", ""), "startswith")).order_by("number")
    )


def villages_named(text: str) -> QuerySet[AdministrativeUnit]:
    """Villages whose folded name holds what was typed, or whose code it is."""
    return (
        AdministrativeUnit.objects.villages()
        .annotate(folded=Fold("name"))
        .filter(Q(folded__contains=fold(text)) | Q(code__iexact=text))
        .select_related("parent")
        .order_by("name")
    )


# The rights in force on the day (rights.models.in_force_on), in the order of the registrar's page (by right
# type), with their holders' names when the law makes them public: one statement, as values (no party is
# ever loaded).
def _rights(pk, on, names_public: bool):
    rights = (
        Right.objects.in_force(on=on)
        .filter(parcel_id=pk)
        .order_by("right_type__kind", "right_type__code", "pk")
        # A mortgage's creditor, an organisation, named where the law keeps the holders' names private too:
        # whoever buys or lends on the land must know it is pledged, and to whom.
        .annotate(
            creditor=Case(
                # (an organisation's name only: a person recorded as creditor before the service refused
                # one stays unnamed)
                When(
                    right_type_id=MORTGAGE,
                    holders__party__kind=PartyKind.NON_NATURAL,
                    then=F("holders__party__name"),
                ),
                default=Value(""),
                output_field=CharField(),
            )
        )
    )
    columns = ("pk", "right_type__label_fr", "right_type__label_en", "mortgage__registered_at", "creditor")
    if names_public:
        columns += (
            "holders__party__kind",
            "holders__party__last_name",
            "holders__party__first_names",
            "holders__party__name",
        )
    return rights.values_list(*columns)


_RIGHTS = {
    public: KeptQuery(
        lambda pk, on, public=public: _rights(pk, on, public), pk=uuid.uuid4(), on=dt.date(1, 1, 1)
    )
    for public in (False, True)
}


def _public_rights(pk, names_public: bool) -> list[PublicRight]:
    rows = _RIGHTS[names_public].rows(pk=pk, on=clock.today())
    found: dict = {}
    for right, label_fr, label_en, registered_at, creditor, *holder in rows:
        said = found.setdefault(right, (right_type_label(label_fr, label_en), registered_at, [], []))
        if registered_at is not None:  # a mortgage: its creditor, not among the holders of the land
            said[3].append(creditor)
        elif names_public and holder[0] is not None:  # (a right with no holder written yet)
            said[2].append(display_name_of(*holder))
    return [
        PublicRight(
            right_type=label,
            holders=None,
            creditor=", ".join(filter(None, creditors)),
            registered_at=registered_at,
        )
        if registered_at is not None
        else PublicRight(
            right_type=label, holders=sorted(names, key=name_order_key) if names_public else None
        )
        for label, registered_at, names, creditors in found.values()
    ]


# The procedures in progress: their purpose, state and notice end (not the claim's geometry and data).
_APPLICATIONS = KeptQuery(
    lambda pk: (
        Claim.objects.filter(subject_parcels=pk)
        .exclude(state__in=NOT_YET_PUBLIC)
        .order_by("created_at")
        .values_list("purpose", "state", "notice_end")
    ),
    pk=uuid.uuid4(),
)
_PURPOSES = dict(Claim._meta.get_field("purpose").flatchoices)
_STATES = dict(Claim._meta.get_field("state").flatchoices)

# Is an open dispute case holding the parcel (on itself or on one of its rights)? As open_cases says.
_DISPUTED = KeptQuery(
    lambda pk: open_cases(parcels=[Parcel(pk=pk)]).order_by().values_list("pk")[:1], pk=uuid.uuid4()
)


# The split or merge the parcel came from: the parcels it retired, and the parcels it made beside this one
# (each with whether it is current, so that only a parcel the public may see is linked). Numbers and kinds
# only: the register's own, public, no party.
_RELATIVE_COLUMNS = ("parcelchange__kind", "parcel_id", "parcel__number", "parcel__end_lifespan")
_ORIGINS = KeptQuery(
    lambda pk: (
        ParcelChange.old_parcels.through.objects.filter(parcelchange__new_parcels=pk)
        .order_by("parcel__number")
        .values_list(*_RELATIVE_COLUMNS)
    ),
    pk=uuid.uuid4(),
)
_SIBLINGS = KeptQuery(
    lambda pk: (
        ParcelChange.new_parcels.through.objects.filter(parcelchange__new_parcels=pk)
        .exclude(parcel_id=pk)
        .order_by("parcel__number")
        .values_list(*_RELATIVE_COLUMNS)
    ),
    pk=uuid.uuid4(),
)


def _relatives(rows: list[tuple]) -> dict[str, list[PublicRelative]]:
    """The rows of ``_ORIGINS`` or ``_SIBLINGS`` by the change's kind (a page's id for a current parcel)."""
    found: dict[str, list[PublicRelative]] = {}
    for kind, pk, number, ended in rows:
        found.setdefault(kind, []).append(
            PublicRelative(number=number, pk=str(pk) if ended is None else None)
        )
    return found


# Whether the law makes holders' names public, by (audit chain's head, commune, country): a procedure
# profile's edit and its assignment to a commune are registry writes (audited), which move the head.
_NAMES_PUBLIC: dict[tuple, bool | None] = {}
_NAMES_PUBLIC_KEPT = 1000


def _names_public(head: list[tuple], commune_id, country_code) -> bool | None:
    key = (*(head[0] if head else (0, "")), commune_id, country_code)
    if key not in _NAMES_PUBLIC:
        if len(_NAMES_PUBLIC) >= _NAMES_PUBLIC_KEPT:  # older heads: never asked again
            _NAMES_PUBLIC.clear()
        _NAMES_PUBLIC[key] = holders_public_of(commune_id=commune_id, country_code=country_code)
    return _NAMES_PUBLIC[key]


def public_parcel(pk) -> PublicParcel | None:
    """The public page's parcel (current parcels only; None for another id): its statements each built
    once per process on PostgreSQL (core.db.kept; building them with the ORM took most of the page's time),
    the parcel, its procedures, its open dispute, the split or merge it came from and the audit chain's head
    in one round trip
    (core.db.kept.rows_together), the rights in a second (their holders' names read only where the law makes
    them public, which the parcel's commune says), the procedure profile kept until the registry changes."""
    found, applications, disputed, head, origins, siblings = rows_together(
        (_PARCEL, {"pk": pk}),
        (_APPLICATIONS, {"pk": pk}),
        (_DISPUTED, {"pk": pk}),
        (AUDIT_HEAD, {}),
        (_ORIGINS, {"pk": pk}),
        (_SIBLINGS, {"pk": pk}),
    )
    if not found:
        return None
    number, local_name, area_m2, *columns = found[0]
    units = [tuple(columns[k : k + 4]) for k in range(0, len(columns), 4)]  # village first, then up
    units = [unit for unit in units if unit[1] is not None]
    ancestor = {}  # AdministrativeUnit.ancestor_at: the first unit of each level from the village up
    for level, unit_id, code, _name in units:
        ancestor.setdefault(level, (unit_id, code))
    commune = ancestor.get(UnitLevel.COMMUNE)
    country = ancestor.get(UnitLevel.COUNTRY)
    names_public = _names_public(head, commune[0] if commune else None, country[1] if country else None)
    procedures = [
        PublicProcedure(
            purpose=str(_PURPOSES.get(purpose, purpose)),
            state=str(_STATES.get(state, state)),
            notice_end=notice_end if state == ClaimState.PUBLIC_NOTICE else None,
        )
        for purpose, state, notice_end in applications
    ]
    _level, _id, village_code, village_name = units[0]
    return PublicParcel(
        pk=str(pk),
        number=number,
        village=village_name,
        village_code=village_code,
        commune=units[1][3] if len(units) > 1 else "",
        place=local_name,
        area=format_ha_a_ca(area_m2),
        # no profile, no law read: the names stay private
        rights=_public_rights(pk, bool(names_public)),
        procedures=procedures,
        dispute_pending=bool(disputed),
        came_from=_relatives(origins),
        split_siblings=_relatives(siblings).get(ParcelChangeKind.SPLIT, []),
    )
