"""A registry with neighbours, a group holding and a secondary right, and a registrar of the commune."""

import datetime as dt
import io
import re

from django.utils import translation
from pypdf import PdfReader

from landreg.accounts.roles import Role
from landreg.certificates.issuing.services import certificate_issue, certificate_print
from landreg.certificates.issuing.transitions import certificate_sign
from landreg.documents.services import source_attach
from landreg.parcels.services import parcel_record
from landreg.parties.models import PartyKind
from landreg.parties.services import MemberShare, group_set_members, party_create
from landreg.rights.services import HolderShare, right_register
from tests.base import RegistryTestCase, make_person, make_user
from tests.geometries import square

ISSUE_DATE = dt.date(2026, 3, 14)


def sign_boxes(html: str) -> list[str]:
    """The certificates the signing page lists, as its boxes' values: what « Tout cocher » ticks (every box
    named ``certificates``), in the page's order."""
    return re.findall(r'<input type="checkbox" name="certificates" value="([^"]+)"', html)


def print_then_sign(certificate, *, printer, signer):
    """The certificate's path before it is handed over (models.CertificateStage): the land office prints the
    paper, then the authority signs it."""
    certificate_print(certificate=certificate, actor=printer)
    return certificate_sign(certificate=certificate, actor=signer)


def pdf_text(pdf: bytes) -> str:
    """The text of every page on one line: labels and values are drawn apart, so extraction splits them."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.replace("\u202f", " ").split())


class CertificateTestCase(RegistryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.registrar = make_user("registrar", Role.REGISTRAR, cls.commune)
        cls.registrar_b = make_user("registrar_b", Role.REGISTRAR, cls.village_b)
        # Spouses with names from Burkina Faso, Niger and Madagascar (ɛ ɔ ŋ Ɓ ƙ ñ é ô).
        cls.wife = make_person(
            cls.village_a,
            last_name="Ɓaŋɔ",
            first_names="Ɛlisabɛt Ƙandé",
            id_document_type="national_id",
            id_document_number="B98765432",
            birth_date=dt.date(1981, 5, 17),
            birth_place="Koudougou",
            profession="Maraîchère",
            domicile="Secteur 3, Réo",
        )
        cls.husband = make_person(
            cls.village_a,
            last_name="Rakotoñirina",
            first_names="Jôsé",
            sex="M",
            birth_date=dt.date(1975, 1, 2),
            birth_place="Antsirabe",
            profession="Cultivateur",
            domicile="Réo",
        )
        cls.parcel_c = parcel_record(village=cls.village_a, geometry=square(0, 100), survey_method="gps")
        cls.right_c = right_register(
            parcel=cls.parcel_c,
            right_type="customaryType",
            holders=[HolderShare(party=cls.wife, share="1/2"), HolderShare(party=cls.husband, share="1/2")],
            tenure_system="customary",
            legal_basis="Loi n°034-2009/AN, art. 36",
        )
        cls.herder = make_person(cls.village_a, last_name="Diallo", first_names="Aliou", sex="M")
        right_register(
            parcel=cls.parcel_c,
            right_type="grazing",
            holders=[HolderShare(party=cls.herder)],
            tenure_system="customary",
            legal_basis="Charte foncière locale, art. 12",
            start_date=dt.date(2025, 11, 1),
        )
        # A family holding east of parcel C, with its mandatary and members.
        cls.family = party_create(
            kind=PartyKind.GROUP, village=cls.village_a, group_type="family", name="Famille Sawadogo"
        )
        cls.elder = make_person(cls.village_a, last_name="Sawadogo", first_names="Issa", sex="M")
        cls.daughter = make_person(cls.village_a, last_name="Sawadogo", first_names="Awa")
        group_set_members(
            group=cls.family,
            members=[
                MemberShare(member=cls.elder, share="1/2", is_mandatary=True),
                MemberShare(member=cls.daughter, share="1/2"),
            ],
        )
        source_attach(
            source_type="mandate",
            document_date=dt.date(2025, 3, 1),
            village=cls.village_a,
            reference="MANDAT-2025-007",
            parties=[cls.family],
        )
        cls.parcel_d = parcel_record(village=cls.village_a, geometry=square(100, 100), survey_method="gps")
        cls.right_d = right_register(
            parcel=cls.parcel_d,
            right_type="customaryType",
            holders=[HolderShare(party=cls.family)],
            tenure_system="customary",
            legal_basis="Loi n°034-2009/AN, art. 36",
        )

        cls.right_b = right_register(
            parcel=cls.parcel_b,
            right_type="customaryType",
            holders=[
                HolderShare(party=make_person(cls.village_b, last_name="Zongo", first_names="Fatimata"))
            ],
            tenure_system="customary",
            legal_basis="Loi n°034-2009/AN, art. 36",
        )

    def setUp(self):
        super().setUp()
        translation.activate("en")  # messages are asserted in English (the interface default is French)
        self.addCleanup(translation.deactivate)

    def issue(self, right=None, actor=None, **kwargs):
        kwargs.setdefault("issue_date", ISSUE_DATE)
        certificate, _created = certificate_issue(
            right=right or self.right_c, actor=actor or self.registrar, **kwargs
        )
        return certificate
