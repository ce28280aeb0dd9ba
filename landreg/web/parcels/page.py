"""The parcel page's reads: the parcel with its village, its current rights with their holders, and the
documents of both, each by a statement built once per process (core.db.kept), the user's scope applied here
from the rows' village paths (accounts.selectors.covers_path, the permissions read once a request) as the
selectors apply it in SQL.

The ORM built these four statements at every page (the parcel scoped by a subquery of the user's villages,
the rights, a prefetch of their holders, the documents scoped by two subqueries): their building was a fifth
of the page's Python time, more than PostgreSQL took to run them (bench/profile_load.py, 100,000 parcels).
The rights and their holders are now one statement, and the page's statements (these three and the
versions, open cases and applications of ``web.views``) go to PostgreSQL together, in one round trip
(``core.db.kept.rows_together``): ``*_from`` make the rows of each read into what the page prints.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field, replace

from django.db.models import OuterRef, Q, Subquery

from landreg.accounts.selectors import covers_path, has_unit_perm, sees_village_records
from landreg.adjudication.profiles import majority_age_at
from landreg.certificates.models import Certificate
from landreg.core.db.kept import KeptQuery, loaded
from landreg.documents.models import PERSONAL_PAPERS, Source
from landreg.parcels.models import Parcel
from landreg.parties.minority import DEFAULT_MAJORITY_AGE, OLDEST_MAJORITY_AGE, age_on
from landreg.parties.models import LegalRepresentation, Party, RepresentationBasis, display_name_of
from landreg.registers.names import holders_by_right
from landreg.registers.past_rights import past_rows
from landreg.rights.legal_basis import legal_basis_said
from landreg.rights.models import Right, in_force_on, right_type_label
from landreg.rights.mortgages import mortgage_line
from landreg.rights.periods import period_said
from landreg.territory.models import AdministrativeUnit, UnitLevel
from landreg.web.lists.page import detail_url

# What the page prints of the parcel (not its source id, its author, its times of writing), with its village's
# name, path and level (for the user's scope) and its commune's name.
PARCEL_FIELDS = (
    "id", "version", "begin_lifespan", "end_lifespan", "number", "village_id", "geometry", "land_use",
    "area_m2", "area_srid", "official_area_m2", "survey_method", "accuracy_m", "local_name",
)  # fmt: skip
PARCEL = KeptQuery(
    lambda pk: Parcel.objects.filter(pk=pk).values_list(
        *PARCEL_FIELDS,
        "village__name",
        "village__path",
        "village__level",
        "village__parent_id",
        "village__parent__name",
    ),
    pk=uuid.uuid4(),
)


def parcel_from(user, found: list[tuple]) -> Parcel | None:
    """From the rows of ``PARCEL``: the parcel, if the user may see it (parcels_visible_to), with its village
    and the village's commune loaded (their names; the village's path and level), else None."""
    if not found:
        return None
    *values, village_name, path, level, commune_id, commune_name = found[0]
    superuser = user.is_authenticated and user.is_active and user.is_superuser
    if not (superuser or sees_village_records(user, path, level)):  # a superuser sees every parcel
        return None
    parcel = loaded(Parcel, dict(zip(PARCEL_FIELDS, values, strict=True)))
    village = loaded(
        AdministrativeUnit,
        {
            "id": parcel.village_id,
            "name": village_name,
            "path": path,
            "level": level,
            "parent_id": commune_id,
        },
    )
    if commune_id is not None:
        village.parent = loaded(AdministrativeUnit, {"id": commune_id, "name": commune_name})
    parcel.village = village
    return parcel


@dataclass(frozen=True)
class HolderRow:
    """A holder of a right, named as the template names it: the party's name, the share, the ID document
    (empty unless the user sees the personal data of the party's village), and the address of the party's
    page (empty unless the user sees the records of the party's village: web.people)."""

    party: str
    url: str
    share_numerator: int
    share_denominator: int
    id_document_type: str
    id_document_number: str
    # A holder who is a minor today, for users who see their personal data: their sex ("F" or "M") and the
    # legal representative recorded (name and basis, empty when none), as parties/represented.html says it.
    minor: dict | None = None


@dataclass(frozen=True)
class CertificateRow:
    """A certificate of a right, named as the template names a Certificate's attributes."""

    pk: object
    number: str
    get_status_display: str


@dataclass(frozen=True)
class RightRow:
    pk: object
    right_type: str
    get_tenure_system_display: str
    legal_basis: str
    period: str  # its own dates (a lease's, a loan's) as rights.periods says them
    holders: list
    certificates: list = field(default_factory=list)  # its certificates, the latest first (with_certificates)
    mortgage: str = ""  # a mortgage's line (« Hypothèque au profit de … inscrite le … », its amount and term)


# A day no call passes: the placeholder of the day the rights are read in force on (core.db.kept).
_NO_DAY = dt.date(1, 1, 1)


def _representation(column: str) -> Subquery:
    """A column of the holder's current legal representation, read within ``RIGHTS`` (no statement more)."""
    current = LegalRepresentation.objects.current().filter(person_id=OuterRef("holders__party_id"))
    return Subquery(current.order_by("-begin_lifespan").values(column)[:1])


# The rights of the parcel in force on the day (rights.models.in_force_on), by kind and type of right, with
# their holders (the order written), each holder's party and its village's path and level, its birth date, sex
# and current legal representative: one row per holder (one with none for a right without).
RIGHTS = KeptQuery(
    lambda pk, on: (
        Right.objects.in_force(on=on)
        .filter(parcel_id=pk)
        .order_by("right_type__kind", "right_type__code", "pk", "holders__pk")
        .values_list(
            "pk",
            "right_type__label_fr",
            "right_type__label_en",
            "tenure_system",
            "legal_basis",
            "start_date",
            "end_date",
            "holders__pk",
            "holders__party_id",
            "holders__share_numerator",
            "holders__share_denominator",
            "holders__party__kind",
            "holders__party__last_name",
            "holders__party__first_names",
            "holders__party__name",
            "holders__party__id_document_type",
            "holders__party__id_document_number",
            "holders__party__village__path",
            "holders__party__village__level",
            "holders__party__birth_date",
            "holders__party__sex",
            _representation("representative_name"),
            _representation("basis"),
            "mortgage__registered_at",
            "mortgage__amount",
            "mortgage__currency",
        )  # fmt: skip
    ),
    pk=uuid.uuid4(),
    on=_NO_DAY,
)

# Whether the parcel has rights no longer in force on the day (ended by the register, or past their own term):
# most parcels have none, and the page then reads nothing more of them (past_rights_of).
PAST_RIGHTS = KeptQuery(
    lambda pk, on: Right.objects.no_longer_in_force(on=on).filter(parcel_id=pk).values_list("pk")[:1],
    pk=uuid.uuid4(),
    on=_NO_DAY,
)


def rights_from(user, found: list[tuple], *, today: dt.date, majority_age) -> list[RightRow]:
    """From the rows of ``RIGHTS`` (read in force on ``today``): the parcel's current rights with their
    periods and holders; ID documents, and a minor holder's legal representative, only for users of the
    holder's own village or commune (view_personal_data). ``majority_age()`` gives the profile's age of
    majority: called only when a holder shown is younger than any profile's (most pages read no profile)."""
    tenures = dict(Right._meta.get_field("tenure_system").flatchoices)
    documents = dict(Party._meta.get_field("id_document_type").flatchoices)
    person_url = detail_url("web:person")
    rights: dict = {}
    terms: dict = {}  # a mortgage's registration, term, amount and currency, by its right
    for (
        right, label_fr, label_en, tenure, legal_basis, start, end, holder, party, numerator, denominator,
        kind, last_name, first_names, name, document_type, document_number, path, level, birth_date, sex,
        representative, basis, begin, amount, currency,
    ) in found:  # fmt: skip
        row = rights.get(right)
        if row is None:
            row = rights[right] = RightRow(
                pk=right,
                right_type=right_type_label(label_fr, label_en),
                get_tenure_system_display=str(tenures.get(tenure, tenure)),
                legal_basis=legal_basis_said(legal_basis),
                period=period_said(start, end, today=today),
                holders=[],
            )
            if amount is not None:
                terms[right] = (begin, end, amount, currency)
        if holder is None:  # a right with no holder written yet
            continue
        personal = level == UnitLevel.VILLAGE and covers_path(user, "view_personal_data", path)
        minor = _minor(birth_date, sex, representative, basis, today, majority_age) if personal else None
        row.holders.append(
            HolderRow(
                party=display_name_of(kind, last_name, first_names, name),
                url=person_url(party) if sees_village_records(user, path, level) else "",
                share_numerator=numerator,
                share_denominator=denominator,
                id_document_type=str(documents.get(document_type, document_type)) if personal else "",
                id_document_number=document_number if personal else "",
                minor=minor,
            )
        )
    for right, (begin, end_date, amount, currency) in terms.items():
        row = rights[right]
        creditor = ", ".join(h.party for h in row.holders)
        rights[right] = replace(row, mortgage=mortgage_line(creditor, begin, end_date, amount, currency))
    return list(rights.values())


def majority_age_reader(village):
    """A reader of the age of majority of the village's profile (rights_from), reading it at most once, and
    only when asked; the default when no profile applies: the page shows the register all the same."""
    age = []

    def read() -> int:
        if not age:
            age.append(majority_age_at(village, DEFAULT_MAJORITY_AGE))
        return age[0]

    return read


def _minor(birth_date, sex, representative, basis, today: dt.date, majority_age) -> dict | None:
    if birth_date is None or age_on(birth_date, today) >= OLDEST_MAJORITY_AGE:
        return None
    if age_on(birth_date, today) >= majority_age():
        return None
    bases = dict(RepresentationBasis.choices)
    return {"sex": sex, "representative": representative or "", "basis": str(bases.get(basis, basis or ""))}


@dataclass(frozen=True)
class DocumentRow:
    pk: object
    get_source_type_display: str
    reference: str
    document_date: object
    file: str  # the file's name in storage, empty when none was attached


# The documents of the parcel and of its rights in force on the day, the latest first, with their village's
# path and level.
DOCUMENTS = KeptQuery(
    lambda pk, on: (
        Source.objects.filter(Q(parcels=pk) | (Q(rights__parcel=pk) & in_force_on(on, prefix="rights__")))
        .distinct()
        .order_by("-document_date")
        .values_list(
            "pk", "source_type", "reference", "document_date", "file", "village__path", "village__level"
        )
    ),
    pk=uuid.uuid4(),
    on=_NO_DAY,
)


def documents_from(user, found: list[tuple]) -> list[DocumentRow]:
    """From the rows of ``DOCUMENTS``: the evidence of the parcel and of its current rights that the user
    may open (documents.selectors.sources_openable_by): those of the villages where the user sees records,
    identity papers only where the user also sees personal data."""
    kinds = dict(Source._meta.get_field("source_type").flatchoices)
    return [
        DocumentRow(
            pk=pk,
            get_source_type_display=str(kinds.get(kind, kind)),
            reference=reference,
            document_date=date,
            file=file,
        )
        for pk, kind, reference, date, file, path, level in found
        if sees_village_records(user, path, level)
        and (kind not in PERSONAL_PAPERS or covers_path(user, "view_personal_data", path))
    ]


# The certificates of the parcel's current rights, the latest first, with their village's path and level: the
# land office finding a person's parcel opens its certificate from there (to reprint it, record its delivery),
# as the register of possessions names it.
CERTIFICATES = KeptQuery(
    lambda pk: (
        Certificate.objects.filter(parcel_id=pk, right__end_lifespan__isnull=True)
        .order_by("-issued_at", "number")
        .values_list("pk", "number", "status", "right_id", "village__path", "village__level")
    ),
    pk=uuid.uuid4(),
)


def with_certificates(user, rights: list[RightRow], found: list[tuple]) -> list[RightRow]:
    """The ``rights`` each with its certificates from the rows of ``CERTIFICATES``, those of the villages
    where the user sees records (certificates_visible_to)."""
    statuses = dict(Certificate._meta.get_field("status").flatchoices)
    by_right = {right.pk: right for right in rights}
    for pk, number, status, right, path, level in found:
        if right in by_right and sees_village_records(user, path, level):
            by_right[right].certificates.append(
                CertificateRow(pk=pk, number=number, get_status_display=str(statuses.get(status, status)))
            )
    return rights


def past_rights_of(user, parcel: Parcel, found: list[tuple], *, today: dt.date) -> list[list[str]]:
    """From the rows of ``PAST_RIGHTS``: the parcel's rights no longer in force on ``today`` as the register
    extract prints them (right, holders and shares, period, ended on, how it ended: « terme échu » for a lease
    or loan past its end date), read only when there is one; ID documents only for users who see the personal
    data of the parcel's village."""
    if not found:
        return []
    rights = Right.objects.filter(parcel_id=parcel.pk)
    read = list(rights.select_related("parcel", "right_type", "transfer_out").order_by("created_at", "pk"))
    personal = has_unit_perm(user, "view_personal_data", parcel.village)
    return past_rows(parcel, read, holders_by_right(rights), today=today, personal=personal)
