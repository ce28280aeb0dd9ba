"""The certificate page's buttons, clicked as a browser does (form, CSRF token, button), as each actor."""

from django.test import Client

from landreg.certificates.models import Certificate
from tests.browser_forms import form_posting_to
from tests.certificates.base import CertificateTestCase


class CertificatePageButtonTests(CertificateTestCase):
    def setUp(self):
        super().setUp()
        self.browser = Client(enforce_csrf_checks=True)

    def click(self, user, certificate, action_ending, **typed):
        self.browser.force_login(user)
        page = self.browser.get(f"/certificates/{certificate.pk}/")
        assert page.status_code == 200
        form = form_posting_to(page.content.decode(), action_ending)
        response = self.browser.post(form.action, form.data(form.buttons[0], **typed), follow=True)
        assert response.status_code == 200, (action_ending, response.status_code)
        certificate.refresh_from_db()
        return response

    def test_the_mayor_signs_then_revokes_from_the_certificate_page(self):
        self.client.force_login(self.registrar)
        self.client.post(f"/certificates/issue/{self.right_c.pk}/")
        certificate = Certificate.objects.get(right=self.right_c)
        self.click(self.mayor, certificate, "/sign/")
        assert certificate.status == "signed"
        printed = self.click(self.registrar, certificate, "/print/")
        assert printed["Content-Type"] == "application/pdf" and certificate.print_count == 1
        self.click(self.registrar, certificate, "/deliver/", delivered_to="Ɓaŋɔ Ɛlisabɛt")
        assert certificate.deliveries.count() == 1
        response = self.click(self.mayor, certificate, "/revoke/", reason="Erreur de limite")
        assert certificate.status == "revoked" and certificate.revocation_reason == "Erreur de limite"
        assert "Erreur de limite" in response.content.decode()
