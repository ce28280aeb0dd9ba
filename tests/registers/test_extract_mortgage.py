"""The extract of the registers a bank or a buyer reads at the counter says the parcel's mortgage among the
rights in force (the creditor as such, the deed, the amount it secures and its inscription, until
repayment); the register of possessions' entries do not number it: it is no one's possession."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils.timezone import localtime

from landreg.adjudication.changes.mortgages import mortgage_apply
from tests.adjudication.mortgage_cast import DEED, creditor_of
from tests.browser_forms import flat
from tests.certificates.base import pdf_text
from tests.registers.test_parcel_extract import extract_form
from tests.registers.test_registers import RegisterTestCase


class MortgageExtractTests(RegisterTestCase):
    def extract_from_parcel_page(self, user, parcel) -> str:
        self.client.force_login(user)
        page = self.client.get(reverse("web:parcel-detail", args=[parcel.pk]))
        form = extract_form(page.content.decode())
        response = self.client.post(form.action, flat(form.data()))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        return pdf_text(response.content)

    def test_the_extract_says_the_mortgage_in_force_and_numbers_no_entry_for_it(self):
        right = mortgage_apply(
            parcel=self.parcel_a,
            creditor=creditor_of(self.parcel_a.village),
            amount=Decimal("2500000"),
            currency="XOF",
            deed_reference=DEED,
            deed_date=dt.date(2030, 1, 3),
            start_date=dt.date(2030, 1, 7),
            end_date=None,
            actor=self.registrar,
            documents=[],
        )
        text = self.extract_from_parcel_page(self.registrar, self.parcel_a)
        in_force = text[text.index("Droits en vigueur") : text.index("Droits ayant pris fin")]
        for words in [
            "Hypothèque",
            # the creditor said as such (it read « (1) », a holder's share of the land)
            "Caisse populaire Ɓaŋré de Tanghin (créancier)",
            "H-2030-014",
            f"2 500 000 FCFA — inscrite le {localtime(right.mortgage.registered_at):%d/%m/%Y}",
            "KABORÉ",
        ]:
            assert words in in_force, (words, in_force)
        assert "jusqu’au remboursement" in in_force
        entries = text[text.index("Inscriptions au registre") : text.index("Certificats délivrés")]
        assert "Hypothèque" not in entries and "Caisse populaire" not in entries
