"""What the header search's lists print, one small row a result: both ways of searching (the ORM's, and
PostgreSQL's one statement in ``search.sql``) build these, so the tests compare them as equals."""

from dataclasses import dataclass

from landreg.adjudication.claims.names import ClaimantNames
from landreg.adjudication.models import claim_state_said
from landreg.certificates.models import Certificate
from landreg.parties.choice_labels import PartyLabels
from landreg.parties.models import display_name_of
from landreg.web.lists.page import detail_url

LIMIT = 50  # rows shown per kind; the count says how many more there are


@dataclass
class Found:
    rows: list
    count: int

    @property
    def more(self) -> int:
        return self.count - len(self.rows)


@dataclass(frozen=True)
class PersonRow:
    pk: object
    name: str
    village: str
    code: str  # the village's code, as the lists of choices name a person (parties.choice_labels)
    # What tells namesakes apart, as the user may see it: year of birth, ID number, domicile (choice_labels).
    traits: tuple[str, ...]
    url: str  # the person's page (web.people): the people found are in villages the user sees
    # The current parcels of the user's villages on which the person holds a right in force, themselves or
    # through a group they are a current member of (a family, a lineage): search.views.parcels_held_count.
    parcels_held: int


# A person's columns a row is made of, in the order ``RowMaker.person`` takes them.
PERSON_COLUMNS = (
    "kind",
    "last_name",
    "first_names",
    "name",
    "sex",
    "birth_date",
    "birth_date_is_approximate",
    "id_document_number",
    "domicile",
)


@dataclass(frozen=True)
class ParcelRow:
    pk: object
    number: str
    village: str
    url: str
    # The groups (a family, a lineage) through which a person found holds it, when none holds it themselves:
    # their names, in the order of their characters; "" when a person found holds it in their own name.
    via: str = ""


@dataclass(frozen=True)
class ClaimRow:
    pk: object
    receipt_number: str
    village: str
    state: str  # the state's label, as the list prints it
    url: str
    claimants: ClaimantNames  # who claims: the row found by a person's name shows it (claims.names)


@dataclass(frozen=True)
class CertificateRow:
    pk: object
    number: str
    village: str
    status: str  # the status's label
    url: str
    parcel: str  # the number of the parcel it certifies: which parcel a certificate found is for


def _labels(model, field: str) -> dict:
    return dict(model._meta.get_field(field).flatchoices)


class RowMaker:
    """Rows from the columns read, the detail pages' addresses reversed once a search (``detail_url``), the
    people labelled for the user (``labels``: their personal data only where the user may see it)."""

    def __init__(self, labels: PartyLabels):
        self.labels = labels
        self.parcel_url = detail_url("web:parcel-detail")
        self.claim_url = detail_url("adjudication:claim-detail")
        self.certificate_url = detail_url("certificates:detail")
        self.person_url = detail_url("web:person")

    def person(self, pk, village: str, code: str, path: str, *columns, parcels_held: int) -> PersonRow:
        """A person of the village ``village`` (its name, code and path) from their ``PERSON_COLUMNS``, and
        the number of parcels they hold."""
        person = dict(zip(PERSON_COLUMNS, columns, strict=True))
        name = display_name_of(person["kind"], person["last_name"], person["first_names"], person["name"])
        traits = self.labels.traits(
            kind=person["kind"],
            sex=person["sex"],
            birth_date=person["birth_date"],
            birth_date_is_approximate=person["birth_date_is_approximate"],
            id_document_number=person["id_document_number"],
            domicile=person["domicile"],
            village_name=village,
            village_path=path,
        )
        return PersonRow(
            pk=pk,
            name=name,
            village=village,
            code=code,
            traits=tuple(traits),
            url=self.person_url(pk),
            parcels_held=parcels_held,
        )

    def parcel(self, pk, number: str, village: str, via: str = "") -> ParcelRow:
        return ParcelRow(pk=pk, number=number, village=village, url=self.parcel_url(pk), via=via or "")

    def claim(
        self, pk, receipt_number: str, state: str, village: str, claimants: ClaimantNames, *, purpose: str
    ) -> ClaimRow:
        return ClaimRow(
            pk=pk,
            receipt_number=receipt_number,
            village=village,
            # As the claims list and the claim's page say it: an applied lease, loan or mortgage is « inscrite
            # au registre », not « prête pour le certificat » (it has none).
            state=claim_state_said(state=state, purpose=purpose),
            url=self.claim_url(pk),
            claimants=claimants,
        )

    def certificate(self, pk, number: str, status: str, village: str, parcel: str) -> CertificateRow:
        label = _CERTIFICATE_STATUSES.get(status, status)
        return CertificateRow(
            pk=pk, number=number, village=village, status=label, url=self.certificate_url(pk), parcel=parcel
        )


_CERTIFICATE_STATUSES = _labels(Certificate, "status")
