"""A certificate in force freezes its facts at issue while the register moves on: a loan on the parcel ended
early, a holder's name corrected at the desk. Found on a browser walk where the public check page still said
just « valide » and the certificate page printed the loan as running; the certificate page now says what the
register recorded since issue (the public page not yet: its budget of statements, tests/web/
test_statements_per_page, is kept for the load test's read mix)."""

import datetime as dt
from html import unescape

from django.test import Client

from landreg.adjudication.changes.later_life import correction_apply, secondary_right_end
from landreg.certificates.issuing.transitions import certificate_revoke
from landreg.certificates.models import Certificate
from landreg.rights.services import HolderShare, right_register
from tests.base import make_person
from tests.browser_forms import form_posting_to
from tests.certificates.base import CertificateTestCase


class RegisterChangesSinceIssueTests(CertificateTestCase):
    def setUp(self):
        super().setUp()
        self.borrower = make_person(self.village_a, last_name="Ŋgom", first_names="Ɓakary", sex="M")
        self.loan = right_register(
            parcel=self.parcel_c,
            right_type="loan",
            holders=[HolderShare(self.borrower)],
            tenure_system="customary",
            legal_basis="Prêt coutumier devant témoins",
            start_date=dt.date(2025, 1, 7),
            end_date=dt.date(2029, 1, 6),
        )
        self.certificate = self.issue()
        self.browser = Client(enforce_csrf_checks=True)

    def desk(self) -> str:
        self.browser.force_login(self.registrar)
        response = self.browser.get(f"/certificates/{self.certificate.pk}/")
        assert response.status_code == 200
        return unescape(response.content.decode())

    def test_a_loan_ended_early_is_said_on_the_certificate_page(self):
        assert "Depuis la délivrance" not in self.desk()
        ended = secondary_right_end(right=self.loan, actor=self.registrar, reason="Reprise de la terre")
        day = ended.end_lifespan.strftime("%d/%m/%Y")
        desk = self.desk()
        assert "Depuis la délivrance, le registre a enregistré\u202f:" in desk
        assert f"fin de «\u202f{ended.right_type}\u202f» le {day}" in desk

    def test_a_holders_name_corrected_at_the_desk_is_said(self):
        correction_apply(
            record=self.husband, changes={"first_names": "José"}, actor=self.registrar, reason="Erreur"
        )
        assert "correction du nom d’un titulaire le" in self.desk()


class ReissueFromThePrintQueueTests(CertificateTestCase):
    """After a holder's name is corrected at the desk the print queue offered nothing: the right comes back
    as « à rééditer », its row leads to the certificate to replace, and once the authority revoked it the
    queue's « Émettre » issues a new edition with the corrected name."""

    def setUp(self):
        super().setUp()
        self.certificate = self.issue()
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.registrar)

    def queue(self) -> str:
        response = self.browser.get("/certificates/")
        assert response.status_code == 200
        return unescape(response.content.decode())

    def test_a_corrected_name_puts_the_right_back_in_the_queue_to_be_reissued(self):
        assert "à rééditer" not in self.queue()
        correction_apply(
            record=self.husband, changes={"first_names": "José"}, actor=self.registrar, reason="Erreur"
        )
        html = self.queue()
        assert "à rééditer (le registre a changé depuis)" in html
        assert f'href="/certificates/{self.certificate.pk}/"' in html
        page = self.browser.get(f"/certificates/{self.certificate.pk}/")
        assert "l’autorité révoque ce certificat" in unescape(page.content.decode())
        certificate_revoke(
            certificate=self.certificate, actor=self.mayor, reason="Le registre a changé depuis"
        )
        issue = form_posting_to(self.queue(), f"/certificates/issue/{self.right_c.pk}/")
        self.browser.post(issue.action, issue.data(issue.buttons[0]))
        new = Certificate.objects.exclude(pk=self.certificate.pk).get(right=self.right_c)
        assert "Jôsé" not in str(new.content["holders"]) and "José" in str(new.content["holders"])
        assert "à rééditer" not in self.queue()

    def test_a_corrected_parcel_puts_its_right_back_in_the_queue_to_be_reissued(self):
        # Walking a correction of a parcel's place name in the browser: the certificate became « remplacé »
        # and its page pointed to the print queue, where the parcel's right had no row at all.
        correction_apply(
            record=self.parcel_c, changes={"local_name": "Kɔnkɔ-Est"}, actor=self.registrar, reason="Erreur"
        )
        html = self.queue()
        assert "à rééditer (le registre a changé depuis)" in html
        assert f'href="/certificates/{self.certificate.pk}/"' in html
        certificate_revoke(certificate=self.certificate, actor=self.mayor, reason="Le lieu-dit est rectifié")
        issue = form_posting_to(self.queue(), f"/certificates/issue/{self.right_c.pk}/")
        self.browser.post(issue.action, issue.data(issue.buttons[0]))
        new = Certificate.objects.exclude(pk=self.certificate.pk).get(right=self.right_c)
        assert new.content["parcel"]["local_name"] == "Kɔnkɔ-Est"
        assert "à rééditer" not in self.queue()
