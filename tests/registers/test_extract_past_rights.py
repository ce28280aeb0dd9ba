"""The extract's past rights: the main rights and the leases and loans of the parcel that no longer bind, with
their dates and how they ended (a sale with its deed, a loan taken back with the reason given, a split of the
parcel, a loan whose term is over), apart from the rights in force."""

import datetime as dt

from django.urls import reverse

from landreg.adjudication.changes.later_life import secondary_right_grant
from landreg.rights.services import HolderShare, right_end
from tests.base import make_person
from tests.browser_forms import flat
from tests.certificates.base import pdf_text
from tests.registers.test_parcel_extract import extract_form
from tests.registers.test_registers import RegisterTestCase


def section(text: str, title: str, next_title: str) -> str:
    return text[text.index(title) : text.index(next_title)]


class ExtractPastRightsTests(RegisterTestCase):
    def setUp(self):
        super().setUp()  # 19 March 2030: parcel A sold on 6 February, leased out on 8 March
        self.borrower = make_person(self.village_a, "Zongo", "Ɓintou", "F")
        # A loan of the dry season 2029, over on 31 January: no clerk ended it, its term did.
        secondary_right_grant(
            parcel=self.parcel_a,
            kind="loan",
            holders=[HolderShare(self.borrower)],
            actor=self.registrar,
            legal_basis="Prêt coutumier devant le chef de terre",
            start_date=dt.date(2029, 11, 1),
            end_date=dt.date(2030, 1, 31),
            documents=self.documents("loan"),
        )
        # A loan with no term, taken back by the lender after a conciliation.
        self.herder = make_person(self.village_a, "Diallo", "Ŋaaba", "M")
        taken_back = secondary_right_grant(
            parcel=self.parcel_a,
            kind="loan",
            holders=[HolderShare(self.herder)],
            actor=self.registrar,
            legal_basis="Prêt coutumier",
            start_date=dt.date(2030, 3, 15),
            documents=self.documents("loan"),
        )
        self.travel(2)  # 21 March
        right_end(right=taken_back, actor=self.registrar, reason="Prêt repris par le prêteur, PV n°7")

    def extract(self, parcel) -> str:
        self.client.force_login(self.registrar)
        page = self.client.get(reverse("web:parcel-detail", args=[parcel.pk]))
        form = extract_form(page.content.decode())
        response = self.client.post(form.action, flat(form.data()))
        assert response.status_code == 200, response.status_code
        return pdf_text(response.content)

    def test_the_sold_right_and_the_ended_loans_are_past_and_the_lease_stays_in_force(self):
        text = self.extract(self.parcel_a)
        in_force = section(text, "Droits en vigueur", "Droits ayant pris fin")
        past = section(text, "Droits ayant pris fin", "Inscriptions au registre")
        assert "KABORÉ Ɛmile" in in_force and "TRAORÉ Ŋaara" in in_force, in_force
        assert "ZONGO Ɓintou" not in in_force and "DIALLO Ŋaaba" not in in_force, in_force
        # The earliest ended first: the loan over on 31 January, the sale of 6 February, the loan taken back.
        names = ("ZONGO Ɓintou", "OUÉDRAOGO Aminata", "DIALLO Ŋaaba")
        loan, sold, taken_back = (past.index(name) for name in names)
        assert loan < sold < taken_back, past
        assert "01/11/2029 – 31/01/2030 31/01/2030 terme échu" in past, past
        assert "vente, inscription du 06/02/2030 — Acte de vente n°12 du 5 février 2030" in past, past
        assert "15/03/2030 – 21/03/2030 21/03/2030 Prêt repris par le prêteur, PV n°7" in past, past

    def test_a_split_parcel_says_its_rights_ended_with_the_split(self):
        text = self.extract(self.split_parcel)
        assert "Aucun droit en vigueur." in text
        past = section(text, "Droits ayant pris fin", "Inscriptions au registre")
        assert "OUÉDRAOGO Aminata" in past
        how = "division de la parcelle, inscription du 09/03/2030 — Partage entre enfants, PV n°3"
        assert how in past, past

    def test_a_parcel_with_only_rights_in_force_says_none_ended(self):
        text = self.extract(self.family_parcel)
        assert "Aucun droit ayant pris fin." in text
