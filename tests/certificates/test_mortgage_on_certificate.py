"""A certificate pledged for a credit: the staff certificate page says the parcel's mortgage in force (a bank
or a buyer asks the land office), and the register's changes since issue count its registration and its
release, so the print queue offers a new edition."""

import datetime as dt
from decimal import Decimal
from html import unescape

from django.test import Client

from landreg.adjudication.changes.mortgages import mortgage_apply, mortgage_release
from landreg.certificates.standing import changes_since_issue
from tests.adjudication.mortgage_cast import CREDITOR_NAME, DEED, creditor_of
from tests.certificates.base import CertificateTestCase


class MortgageOnCertificateTests(CertificateTestCase):
    def setUp(self):
        super().setUp()
        self.certificate = self.issue()
        self.browser = Client(enforce_csrf_checks=True)

    def mortgage(self):
        # The spouses' joint holding is mortgaged by an approved application (their consents recorded).
        return mortgage_apply(
            parcel=self.parcel_c,
            creditor=creditor_of(self.village_a),
            amount=Decimal("1750000"),
            currency="XOF",
            deed_reference=DEED,
            deed_date=dt.date(2030, 1, 3),
            start_date=dt.date(2030, 1, 3),
            end_date=dt.date(2033, 1, 2),
            actor=self.registrar,
            documents=[],
        )

    def desk(self) -> str:
        self.browser.force_login(self.registrar)
        response = self.browser.get(f"/certificates/{self.certificate.pk}/")
        assert response.status_code == 200
        return unescape(response.content.decode()).replace("\u202f", " ").replace("\u00a0", " ")

    def test_the_certificate_page_says_the_mortgage_and_the_changes_since_issue_count_it(self):
        assert "Hypothèque au profit de" not in self.desk()
        right = self.mortgage()
        day = right.begin_lifespan.strftime("%d/%m/%Y")
        desk = self.desk()
        assert (
            f"Hypothèque au profit de {CREDITOR_NAME} inscrite le {day} — 1 750 000 FCFA, 02/01/2033" in desk
        )
        assert "Depuis la délivrance, le registre a enregistré :" in desk
        assert [(c.kind, c.type) for c in changes_since_issue(self.certificate)] == [("added", "Hypothèque")]
        mortgage_release(
            right=right, actor=self.registrar, deed_reference="ML-1", deed_date=dt.date(2031, 2, 1)
        )
        assert "Hypothèque au profit de" not in self.desk()
        # Added and lifted after issue: the certificate says neither; nothing left to count against it.
        assert changes_since_issue(self.certificate) == []
