"""A family's signed certificate on a real parcel (AC 52 of Épinay-sur-Orge, /work/shared/data, in
« Village É » with its real neighbours), and what the register may record on it after issue: a sale, a
split, a corrected boundary, a lease, a corrected name or particulars."""

import datetime as dt

from landreg.adjudication.changes.later_life import correction_apply, split_apply
from landreg.adjudication.changes.transfers import transfer_apply
from landreg.adjudication.models import ProcedureProfile
from landreg.adjudication.profiles import profile_assign
from landreg.parties.models import PartyKind
from landreg.parties.services import MemberShare, group_set_members, party_create
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.real_parcels import grown, halves, record_real_block
from tests.base import make_person
from tests.certificates.base import CertificateTestCase, print_then_sign

# The family's mandatary and member are private people: their names and particulars never reach the public.
MANDATARY_ID, MANDATARY_BIRTH = "B44556677", dt.date(1969, 8, 23)
PRIVATE = ["Ɓila", "Ŋaarè", MANDATARY_ID, "23/08/1969", "1969-08-23", "23 août 1969", "Koudougou"]


def family_of_tene(village):
    """A family holding with its mandatary and a member (a collective holding, names with Ɓ ɛ ŋ)."""
    family = party_create(kind=PartyKind.GROUP, village=village, group_type="family", name="Famille Tɛnɛ")
    mandatary = make_person(
        village,
        last_name="Tɛnɛ",
        first_names="Ɓila",
        sex="M",
        id_document_type="national_id",
        id_document_number=MANDATARY_ID,
        birth_date=MANDATARY_BIRTH,
        birth_place="Koudougou",
    )
    member = make_person(village, last_name="Tɛnɛ", first_names="Ŋaarè")
    group_set_members(
        group=family,
        members=[
            MemberShare(member=mandatary, share="1/2", is_mandatary=True),
            MemberShare(member=member, share="1/2"),
        ],
    )
    return family


class RealBlockCertificateCase(CertificateTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.village_e, cls.real, cls.around = record_real_block(
            commune=cls.commune, holder_party_factory=family_of_tene
        )
        # The generic procedure, whose tolerance a split's parts are checked against.
        profile_assign(commune=cls.commune, profile=ProcedureProfile.objects.get(code="generic"))
        cls.right_e = cls.real.rights.get()
        cls.family = cls.right_e.holders.get().party
        cls.mandatary = cls.family.memberships.get(is_mandatary=True).member

    def setUp(self):
        super().setUp()
        self.certificate = print_then_sign(
            self.issue(self.right_e), printer=self.registrar, signer=self.mayor
        )

    # What the register may record after issue, as the land office records it.

    def sale(self):
        buyer = make_person(self.village_e, "Ŋgom", "Tɛnin", birth_date=dt.date(1990, 1, 9))
        return transfer_apply(
            right=self.right_e,
            kind="sale",
            new_holders=[HolderShare(buyer)],
            actor=self.registrar,
            reason="Acte de vente n°12 du 12/03/2026",
            documents=[],
        )

    def split(self):
        return split_apply(
            parcel=self.real,
            parts=halves(self.real.geometry),
            actor=self.registrar,
            reason="Partage entre héritiers, PV n°7",
            documents=[],
        )

    def boundary_corrected(self):
        return correction_apply(
            record=self.real,
            changes={"geometry": grown(self.real.geometry, -0.5)},
            actor=self.registrar,
            reason="Levé GPS contradictoire n°3",
        )

    def lease(self):
        return right_register(
            parcel=self.real,
            right_type="lease",
            holders=[HolderShare(make_person(self.village_e, "Kɔnɛ", "Aminata"))],
            tenure_system="customary",
            legal_basis="Bail sous seing privé",
            start_date=dt.date(2026, 4, 1),
            end_date=dt.date(2031, 3, 31),
        )

    def name_corrected(self):
        return correction_apply(
            record=self.family, changes={"name": "Famille Tɛnɛ-Ɓakari"}, actor=self.registrar, reason="Erreur"
        )

    def particulars_corrected(self):
        return correction_apply(
            record=self.family,
            changes={"registration_number": "FAM-RÉO-2026-014"},
            actor=self.registrar,
            reason="Récépissé de la déclaration de la famille",
        )
