"""A bank or a buyer checks a certificate of mortgaged land: the public verification says that the parcel is
mortgaged, to which institution and since when (not the amount, the holders' debt, nor anything personal),
whether the certificate was issued before or after the mortgage; the paper itself says it among its
restrictions. Before, a certificate issued after the mortgage verified « VALIDE » and nothing more, and its
PDF printed « Hypothèque : … — du 07/01/2030 au » under the restrictions."""

import datetime as dt
from decimal import Decimal
from html import unescape

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.timezone import localtime

from landreg.adjudication.changes.mortgages import mortgage_apply, mortgage_release
from landreg.certificates.issuing.services import certificate_pdf
from landreg.core.db.kept import sent_together
from landreg.rights.models import RightHolder
from tests.adjudication.mortgage_cast import CREDITOR_NAME, DEED, creditor_of
from tests.certificates.base import CertificateTestCase, pdf_text

# The spouses' particulars (tests.certificates.base) and the amount the mortgage secures.
PRIVATE = ["B98765432", "17/05/1981", "Koudougou", "Maraîchère", "1 750 000", "1,750,000", "1750000"]


class VerifyMortgageTests(CertificateTestCase):
    def setUp(self):
        super().setUp()
        self.visitor = Client(enforce_csrf_checks=True)  # anonymous: whoever scanned the QR code

    def mortgage(self, end_date=None):
        return mortgage_apply(
            parcel=self.parcel_c,
            creditor=creditor_of(self.village_a),
            amount=Decimal("1750000"),
            currency="XOF",
            deed_reference=DEED,
            deed_date=dt.date(2026, 1, 3),
            start_date=dt.date(2026, 1, 3),
            end_date=end_date,
            actor=self.registrar,
            documents=[],
        )

    def verify(self, certificate, language="fr") -> str:
        self.visitor.cookies["django_language"] = language
        response = self.visitor.get(f"/verify/{certificate.token}")
        assert response.status_code == 200
        html = unescape(response.content.decode()).replace("\u00a0", " ")
        for private in PRIVATE:
            assert private not in html.replace("\u202f", " "), private
        return html

    def statements(self, certificate) -> int:
        self.verify(certificate)  # the process's caches
        with CaptureQueriesContext(connection) as captured:
            self.verify(certificate)
        return len(captured)

    def test_a_certificate_issued_on_mortgaged_land_says_it_to_whoever_checks_it(self):
        right = self.mortgage()
        certificate = self.issue()
        day = f"{localtime(right.begin_lifespan):%d/%m/%Y}"
        html = self.verify(certificate)
        assert 'data-mortgage="in-force"' in html and "ne reflète plus" not in html
        assert (
            f"GREVÉE D’UNE HYPOTHÈQUE\u202f: la parcelle est hypothéquée au profit de {CREDITOR_NAME}, "
            f"inscription du {day}. Elle le reste jusqu’à l’inscription de la mainlevée\u202f; "
            "renseignez-vous au service foncier." in html
        ), html
        english = self.verify(certificate, "en")
        assert f"MORTGAGED: the parcel is mortgaged to {CREDITOR_NAME}, registered on {day}." in english
        # The certificate's statement, then the parcel's mortgages (an unmortgaged parcel: the first only).
        assert self.statements(certificate) == 2
        answer = self.visitor.get(f"/api/v1/certificates/verify/{certificate.token}/").json()
        [said] = answer["mortgages"]
        assert said["creditor"] == CREDITOR_NAME
        assert dt.datetime.fromisoformat(said["registered_at"]) == right.mortgage.registered_at
        assert "amount" not in str(answer)
        # The paper says it among the restrictions, in its own language, with the amount (its holders' paper).
        with translation.override("fr"):
            printed = pdf_text(certificate_pdf(certificate))
        assert (
            f"Hypothèque : parcelle grevée d’une hypothèque au profit de {CREDITOR_NAME}, inscrite le {day}, "
            "pour 1 750 000 FCFA, jusqu’au remboursement" in printed.replace("\u00a0", " ")
        ), printed
        # A right without a term (the herder's grazing) is said from its start, no longer « du … au ».
        assert "DIALLO Aliou — depuis le 01/11/2025 — Charte foncière locale" in printed, printed
        mortgage_release(
            right=right, actor=self.registrar, deed_reference="ML-1", deed_date=dt.date(2026, 9, 1)
        )
        html = self.verify(certificate)
        assert "GREVÉE" not in html and "fin de «\u202fHypothèque\u202f» le" in html

    def test_a_mortgage_inscribed_after_issue_is_a_change_and_said_as_a_pledge(self):
        certificate = self.issue()
        assert "GREVÉE" not in self.verify(certificate) and self.statements(certificate) == 1
        right = self.mortgage(end_date=dt.date(2029, 1, 2))
        day = f"{localtime(right.begin_lifespan):%d/%m/%Y}"
        html = self.verify(certificate)
        assert f"inscription de «\u202fHypothèque\u202f» le {day}" in html
        assert f"au profit de {CREDITOR_NAME}, inscription du {day}" in html
        # What changed and the mortgages go together in one round trip on PostgreSQL.
        assert self.statements(certificate) == (2 if sent_together() else 3)

    def test_a_person_recorded_as_creditor_before_the_rule_is_not_named(self):
        right = self.mortgage()
        # Written as the API let it be before the service asked for an organisation.
        RightHolder.objects.filter(right=right).update(party=self.herder)
        certificate = self.issue()
        html = self.verify(certificate)
        assert "GREVÉE D’UNE HYPOTHÈQUE\u202f: la parcelle est hypothéquée, inscription du" in html
        assert "DIALLO" not in html and "Aliou" not in html
