"""The holder declares the certificate lost at the land office: the paper stops verifying, the right goes back
to the print queue, and the new certificate names the one it replaces. Found on a browser walk of the desk:
there was no « perdu », a duplicate could be printed while the lost original still read « VALIDE », and the
new paper did not say which one it replaced."""

import datetime as dt
from html import unescape

import pytest
from django.test import Client
from django.utils import translation

from landreg.certificates.exceptions import CertificateError
from landreg.certificates.issuing.services import certificate_print
from landreg.certificates.issuing.transitions import certificate_declare_lost
from landreg.certificates.models import Certificate, CertificateStatus, EventKind
from landreg.certificates.selectors import print_queue
from landreg.certificates.verification.verdicts import short_code
from tests.browser_forms import form_posting_to, forms
from tests.certificates.base import CertificateTestCase, pdf_text, print_then_sign

DECLARED_ON = dt.date(2026, 4, 13)
NOTE = "Déclaration de perte n° 2026/117 du commissariat de Réo"


class LostCertificateTests(CertificateTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.certificate = print_then_sign(self.issue(), printer=self.registrar, signer=self.mayor)
        self.browser = Client(enforce_csrf_checks=True)
        self.url = f"/certificates/{self.certificate.pk}/"

    def page(self, user, url=None) -> str:
        self.browser.force_login(user)
        response = self.browser.get(url or self.url)
        assert response.status_code == 200
        return unescape(response.content.decode())

    def declare_from_the_page(self):
        html = self.page(self.registrar)
        assert "Déclarer perdu ou détruit…" in html
        form = form_posting_to(html, "/lost/")
        body = form.data(
            form.button("lost"), declared_on=DECLARED_ON.isoformat(), declared_by=str(self.wife.pk), note=NOTE
        )
        return form, body, self.browser.post(form.action, body, follow=True)

    def test_the_desk_declares_it_lost_and_the_right_goes_back_to_the_print_queue(self):
        assert self.right_c not in print_queue(self.registrar)
        form, body, response = self.declare_from_the_page()
        html = unescape(response.content.decode())
        assert response.status_code == 200, html
        assert "Certificat déclaré perdu" in html and "Déclaré perdu ou détruit le 13 avril 2026" in html
        self.certificate.refresh_from_db()
        assert self.certificate.status == CertificateStatus.REVOKED
        assert (self.certificate.lost_on, self.certificate.lost_declared_by) == (DECLARED_ON, self.wife)
        assert self.right_c in print_queue(self.registrar)
        # Its page offers neither a duplicate nor a second declaration.
        assert not [f.action for f in forms(html) if f.action.endswith(("/print/", "/lost/"))]
        # Sent again (a second click, another tab): one declaration, a clear message.
        self.browser.post(form.action, body, follow=True)
        with pytest.raises(CertificateError, match="déjà été déclaré perdu le 13/04/2026"):
            certificate_declare_lost(
                certificate=self.certificate,
                actor=self.registrar,
                declared_on=DECLARED_ON,
                declared_by=self.wife,
                note=NOTE,
            )
        assert self.certificate.events.filter(kind=EventKind.LOST).count() == 1

    def test_the_lost_certificates_page_leads_to_its_parcel_in_the_print_queue(self):
        # Walking the desk in the browser: once declared lost, the page said the right was back in the queue
        # but offered no way there; the registrar had to find the parcel among the queue's pages.
        assert "La parcelle dans la file d’impression" not in self.page(self.registrar)
        _form, _body, response = self.declare_from_the_page()
        html = unescape(response.content.decode())
        queue = f"/certificates/?parcel={self.parcel_c.number}"
        assert f'<a href="{queue}">La parcelle dans la file d’impression</a>' in html
        # The row's « Émettre » posts back to the same filtered page of the queue (its query string kept).
        row = form_posting_to(
            self.page(self.registrar, queue),
            f"/certificates/issue/{self.right_c.pk}/?parcel={self.parcel_c.number}",
        )
        self.browser.post(row.action, row.data(row.buttons[0]))
        new = Certificate.objects.exclude(pk=self.certificate.pk).get(right=self.right_c)
        # Replaced: the page names the new certificate instead.
        assert "La parcelle dans la file d’impression" not in self.page(self.registrar)
        assert new.number in self.page(self.registrar)

    def test_only_the_desk_of_the_village_declares_it_and_only_for_a_holder(self):
        assert "/lost/" not in self.page(self.mayor)  # signs, does not deliver
        html = self.page(self.registrar)
        form = form_posting_to(html, "/lost/")
        body = form.data(
            form.button("lost"), declared_on=DECLARED_ON.isoformat(), declared_by=str(self.wife.pk), note=NOTE
        )
        self.browser.force_login(self.registrar_b)
        assert self.browser.post(form.action, body).status_code == 404
        self.browser.force_login(self.mayor)
        assert self.browser.post(form.action, body).status_code == 403
        self.browser.force_login(self.registrar)
        refused = self.browser.post(form.action, body | {"declared_by": str(self.herder.pk)})
        assert refused.status_code == 400
        self.certificate.refresh_from_db()
        assert self.certificate.status == CertificateStatus.SIGNED and not self.certificate.events.filter(
            kind=EventKind.LOST
        )

    def test_the_lost_paper_no_longer_verifies_and_the_new_one_says_what_it_replaces(self):
        self.declare_from_the_page()
        old = Certificate.objects.get(pk=self.certificate.pk)
        by_qr = self.page(self.registrar, f"/verify/{old.token}")
        assert "Ce certificat a été déclaré perdu le 13/04/2026\u202f; il n’est plus valable." in by_qr
        assert "VALIDE" not in by_qr and NOTE not in by_qr
        new = self.issue(issue_date=dt.date(2026, 4, 20))
        assert new.pk != old.pk and new.replaces == old and new.print_count == 0
        text = pdf_text(certificate_print(certificate=new, actor=self.registrar))
        assert f"Remplace le certificat n° {old.number} déclaré perdu le 13/04/2026" in text
        assert "DUPLICATA" not in text
        assert f"Remplace le certificat n° {old.number} déclaré perdu le 13 avril 2026" in self.page(
            self.registrar, f"/certificates/{new.pk}/"
        )
        # By the number and the code under the QR code too, naming the certificate in force (its number only).
        self.browser.logout()
        typed = self.browser.get(
            "/registre/verifier/", {"number": old.number, "code": short_code(old.token)}, follow=True
        )
        html = unescape(typed.content.decode())
        assert (
            "déclaré perdu le 13/04/2026" in html and f"Remplacé par le certificat n° {new.number}." in html
        )
        assert "B98765432" not in html

    def test_the_api_declares_it_once(self):
        url = f"/api/v1/certificates/{self.certificate.pk}/lost/"
        body = {"declared_on": DECLARED_ON.isoformat(), "declared_by": str(self.wife.pk), "note": NOTE}
        self.client.force_login(self.registrar_b)
        assert self.client.post(url, body, content_type="application/json").status_code == 404
        self.client.force_login(self.mayor)
        assert self.client.post(url, body, content_type="application/json").status_code == 403
        self.client.force_login(self.registrar)
        refused = self.client.post(
            url, body | {"declared_by": str(self.herder.pk)}, content_type="application/json"
        )
        assert refused.status_code == 400
        answer = self.client.post(url, body, content_type="application/json")
        assert answer.status_code == 200, answer.content
        assert answer.json()["status"] == "revoked" and answer.json()["lost_on"] == "2026-04-13"
        again = self.client.post(url, body, content_type="application/json")
        assert again.status_code == 400 and "déjà été déclaré perdu" in again.content.decode()
        assert self.certificate.events.filter(kind=EventKind.LOST).count() == 1
        verdict = self.client.get(f"/api/v1/certificates/verify/{self.certificate.token}/").json()
        assert verdict["status"] == "revoked" and verdict["lost_on"] == "2026-04-13"
