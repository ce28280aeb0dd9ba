"""Only a certificate in force can be declared lost: found on a browser walk, where the certificate of a
parcel since split still offered « Déclarer perdu ou détruit… ». Its paper names land no one holds as
certified any more; the parcel's current certificate is the one to declare lost."""

from html import unescape

from django.test import Client
from django.utils import translation

from landreg.rights.services import right_end
from tests.browser_forms import form_posting_to
from tests.certificates.base import CertificateTestCase, print_then_sign

NOTE = "Déclaration de perte n° 2026/118 du commissariat de Réo"


class LostSupersededTests(CertificateTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.certificate = print_then_sign(self.issue(), printer=self.registrar, signer=self.mayor)
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.registrar)
        self.url = f"/certificates/{self.certificate.pk}/"

    def page(self) -> str:
        response = self.browser.get(self.url)
        assert response.status_code == 200
        return unescape(response.content.decode())

    def test_a_superseded_certificate_offers_no_lost_declaration_and_a_stale_one_is_refused(self):
        before = self.page()
        assert "Déclarer perdu ou détruit…" in before
        form = form_posting_to(before, "/lost/")
        right_end(right=self.certificate.right, actor=self.registrar, reason="Cession à Ɓaŋɔ Ŋaba")
        assert "Déclarer perdu ou détruit…" not in self.page()
        body = form.data(
            form.button("lost"),
            declared_on=self.certificate.issue_date.isoformat(),
            declared_by=str(self.wife.pk),
            note=NOTE,
        )
        refused = self.browser.post(form.action, body)
        self.certificate.refresh_from_db()
        assert refused.status_code == 400, refused.status_code
        assert "il ne peut pas être déclaré perdu" in unescape(refused.content.decode())
        assert self.certificate.lost_on is None and self.certificate.status == "signed"
