"""The certificate page's buttons, clicked as a browser does (form, CSRF token, button), as each actor."""

import re
from html import unescape

from django.test import Client

from landreg.certificates.models import Certificate
from tests.browser_forms import form_posting_to, forms
from tests.certificates.base import CertificateTestCase

# The identity document the wife shows at the counter.
TO_THE_WIFE = {"id_document_type": "national_id", "id_document_number": "B98765432"}


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
        printed = self.click(self.registrar, certificate, "/print/")
        assert printed["Content-Type"] == "application/pdf" and certificate.print_count == 1
        self.click(self.mayor, certificate, "/sign/")
        assert certificate.status == "signed"
        self.click(self.registrar, certificate, "/deliver/", **TO_THE_WIFE | {"recipient": str(self.wife.pk)})
        assert certificate.deliveries.count() == 1
        response = self.click(self.mayor, certificate, "/revoke/", reason="Erreur de limite")
        assert certificate.status == "revoked" and certificate.revocation_reason == "Erreur de limite"
        assert "Erreur de limite" in response.content.decode()


class CertificateFormTests(CertificateTestCase):
    """The delivery and revocation forms of a signed, printed certificate."""

    def setUp(self):
        super().setUp()
        self.browser = Client(enforce_csrf_checks=True)
        self.client.force_login(self.registrar)
        self.client.post(f"/certificates/issue/{self.right_c.pk}/")
        self.certificate = Certificate.objects.get(right=self.right_c)
        self.client.post(f"/certificates/{self.certificate.pk}/print/")  # printed, then signed
        self.client.force_login(self.mayor)
        self.client.post(f"/certificates/{self.certificate.pk}/sign/")
        self.client.force_login(self.registrar)
        self.url = f"/certificates/{self.certificate.pk}/"

    def page(self, user) -> str:
        self.browser.force_login(user)
        response = self.browser.get(self.url)
        assert response.status_code == 200
        return response.content.decode()

    def post(self, user, action_ending, **typed):
        form = form_posting_to(self.page(user), action_ending)
        return self.browser.post(form.action, form.data(form.buttons[0], **typed), follow=True)

    def error_beside(self, html: str, field: str) -> str:
        found = re.search(rf'<span class="error" id="{field}_errors">(.*?)</span>', html)
        assert found, f"no error beside {field}"
        return found.group(1)

    def test_a_delivery_to_nobody_chosen_is_refused_beside_the_choice_and_the_marker_is_kept(self):
        response = self.post(self.registrar, "/deliver/", **TO_THE_WIFE | {"marker": "REC-7"})
        html = response.content.decode()
        assert response.status_code == 400 and not self.certificate.deliveries.exists()
        assert "obligatoire" in self.error_beside(html, "delivery_recipient")
        kept = form_posting_to(html, "/deliver/").data()
        assert (kept["marker"], kept["acknowledgement"]) == (["REC-7"], ["signature"])

    def test_a_forged_acknowledgement_and_an_overlong_name_are_refused_beside_them(self):
        typed = {"recipient": "representative", "representative_name": "x" * 201, "acknowledgement": "nod"}
        response = self.post(self.registrar, "/deliver/", **TO_THE_WIFE | typed)
        html = response.content.decode()
        assert response.status_code == 400 and not self.certificate.deliveries.exists()
        assert "nod" in self.error_beside(html, "delivery_acknowledgement")
        assert "200" in self.error_beside(html, "delivery_representative_name")

    def test_the_mayor_who_does_not_deliver_is_told_why_and_the_name_typed_stays(self):
        html = self.page(self.mayor)
        assert not [f for f in forms(html) if f.action.endswith("/deliver/")]
        token = form_posting_to(html, "/revoke/").data()["csrfmiddlewaretoken"][0]
        response = self.browser.post(
            f"{self.url}deliver/",
            {
                "csrfmiddlewaretoken": token,
                "recipient": "representative",
                "representative_name": "Ŋaba Awa",
                "reference": "PROC-7",
                "proxy_date": "2026-11-20",
                "acknowledgement": "signature",
                **TO_THE_WIFE,
            },
        )
        html = response.content.decode()
        assert response.status_code == 403 and not self.certificate.deliveries.exists()
        assert "issue_certificates" in html and 'value="Ŋaba Awa"' in html

    def test_the_registrar_who_does_not_sign_cannot_revoke_and_is_told_why(self):
        html = self.page(self.registrar)
        assert not [f for f in forms(html) if f.action.endswith("/revoke/")]
        token = form_posting_to(html, "/deliver/").data()["csrfmiddlewaretoken"][0]
        response = self.browser.post(f"{self.url}revoke/", {"csrfmiddlewaretoken": token, "reason": "Erreur"})
        self.certificate.refresh_from_db()
        assert response.status_code == 403 and self.certificate.status == "signed"
        assert "sign_certificates" in response.content.decode()

    def test_a_revocation_without_a_reason_is_refused_beside_it(self):
        response = self.post(self.mayor, "/revoke/", reason="  ")
        self.certificate.refresh_from_db()
        assert response.status_code == 400 and self.certificate.status == "signed"
        assert "obligatoire" in self.error_beside(response.content.decode(), "revoke_reason")

    def test_a_certificate_of_another_village_or_a_forged_id_is_not_found(self):
        form = form_posting_to(self.page(self.registrar), "/deliver/")
        body = form.data(form.buttons[0], **TO_THE_WIFE | {"recipient": str(self.wife.pk)})
        self.browser.force_login(self.registrar_b)
        assert self.browser.post(form.action, body).status_code == 404
        self.browser.force_login(self.registrar)
        forged = form.action.replace(str(self.certificate.pk), "00000000-0000-4000-8000-000000000000")
        assert self.browser.post(forged, body).status_code == 404
        assert not self.certificate.deliveries.exists()

    def test_a_delivery_sent_twice_is_recorded_once_and_a_duplicate_printed_since_is_its_own(self):
        form = form_posting_to(self.page(self.registrar), "/deliver/")
        body = form.data(form.buttons[0], **TO_THE_WIFE | {"recipient": str(self.wife.pk), "marker": "REC-1"})
        first = self.browser.post(form.action, body, follow=True)
        again = self.browser.post(form.action, body, follow=True)
        assert (first.status_code, again.status_code) == (200, 200)
        assert "envoyé deux fois" in unescape(again.content.decode())  # web/once.py
        assert self.certificate.deliveries.count() == 1
        assert self.certificate.events.filter(kind="delivered").count() == 1
        self.client.post(f"/certificates/{self.certificate.pk}/print/")  # a duplicate, handed over again
        form = form_posting_to(self.page(self.registrar), "/deliver/")
        self.browser.post(
            form.action,
            form.data(form.buttons[0], **TO_THE_WIFE | {"recipient": str(self.wife.pk), "marker": "REC-1"}),
        )
        assert self.certificate.deliveries.count() == 2

    def test_a_revocation_sent_twice_is_recorded_once_with_its_first_reason(self):
        form = form_posting_to(self.page(self.mayor), "/revoke/")
        first = self.browser.post(form.action, form.data(form.buttons[0], reason="Erreur de limite"))
        again = self.browser.post(
            form.action, form.data(form.buttons[0], reason="Erreur de limite"), follow=True
        )
        self.certificate.refresh_from_db()
        assert (first.status_code, again.status_code) == (302, 200)
        assert (
            self.certificate.status == "revoked" and self.certificate.revocation_reason == "Erreur de limite"
        )
        assert self.certificate.events.filter(kind="revoked").count() == 1
        assert "Certificat révoqué." in again.content.decode()
