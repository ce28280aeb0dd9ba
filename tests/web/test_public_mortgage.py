"""The public register says a parcel is mortgaged, to which institution and since when, in French and in
English, whether or not the commune's law makes the holders' names public; never the amount (the holders'
debt). Before, it listed the bank among the « Titulaires » of the land where names are public, and said
« Non public » of a bank where they are not."""

import datetime as dt
from decimal import Decimal
from html import unescape

from django.core.cache import caches
from django.utils.timezone import localtime

from landreg.adjudication.changes.mortgages import mortgage_apply
from landreg.adjudication.models import ProcedureProfile
from landreg.adjudication.profiles import profile_assign
from landreg.rights.models import RightHolder
from tests.adjudication.helpers import AdjudicationTestCase
from tests.adjudication.mortgage_cast import CREDITOR_NAME, DEED, creditor_of
from tests.base import make_person

AMOUNTS = ("2500000", "2 500 000", "2,500,000")


class PublicMortgageTests(AdjudicationTestCase):
    profile_code = "bf-apfr"  # the law of Burkina Faso makes possessions public

    def setUp(self):
        super().setUp()
        caches["throttle"].clear()
        self.mortgage = mortgage_apply(
            parcel=self.parcel_a,
            creditor=creditor_of(self.village_a),
            amount=Decimal("2500000"),
            currency="XOF",
            deed_reference=DEED,
            deed_date=dt.date(2030, 1, 3),
            start_date=dt.date(2030, 1, 3),
            end_date=None,
            actor=self.registrar,
            documents=[],
        )
        self.day = f"{localtime(self.mortgage.mortgage.registered_at):%d/%m/%Y}"

    def page(self, language="fr") -> str:
        self.client.cookies["django_language"] = language
        response = self.client.get(f"/registre/parcelles/{self.parcel_a.pk}/")
        assert response.status_code == 200
        html = unescape(response.content.decode()).replace("\u202f", " ").replace("\u00a0", " ")
        for amount in AMOUNTS:
            assert amount not in html, amount
        assert DEED not in html
        return html

    def rows(self, html: str) -> list[str]:
        body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        return [" ".join(row.split()) for row in body.split("</tr>") if row.strip()]

    def test_where_names_are_public_the_bank_is_the_creditor_not_a_holder(self):
        rows = self.rows(self.page())
        holding = next(row for row in rows if "OUÉDRAOGO Aminata" in row)
        assert CREDITOR_NAME not in holding
        mortgage = next(row for row in rows if "Hypothèque" in row)
        assert f"Au profit de {CREDITOR_NAME}, inscrite le {self.day}" in mortgage, mortgage
        english = self.page("en")
        assert f"In favour of {CREDITOR_NAME}, registered on {self.day}" in english

    def test_where_names_are_private_the_creditor_is_still_named(self):
        profile_assign(commune=self.commune, profile=ProcedureProfile.objects.get(code="ci-cf"))
        html = self.page()
        assert "OUÉDRAOGO" not in html and "Non public" in html
        assert f"Au profit de {CREDITOR_NAME}, inscrite le {self.day}" in html

    def test_a_person_recorded_as_creditor_before_the_rule_is_not_named(self):
        # Written as the API let it be before the service asked for an organisation.
        lender = make_person(self.village_a, "Ɓadolo", "Ɛmile")
        RightHolder.objects.filter(right=self.mortgage).update(party=lender)
        html = self.page()
        assert "ƁADOLO" not in html and "Ɛmile" not in html
        assert f"inscrite le {self.day}" in html and "Au profit de" not in html
