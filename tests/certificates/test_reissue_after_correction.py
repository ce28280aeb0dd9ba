"""A boundary corrected after issue supersedes the family's certificate while their right stays in force: the
print queue marks the right « à rééditer », leading to the certificate to replace. It left the queue
altogether (no « Émettre », no « à rééditer »): the queue's mark asked only for certificates still current
whose surroundings had moved."""

from html import unescape

from django.test import Client

from landreg.certificates.issuing.transitions import certificate_revoke
from landreg.certificates.models import Certificate
from tests.browser_forms import form_posting_to
from tests.certificates.real_block import RealBlockCertificateCase


class ReissueAfterACorrectedBoundaryTests(RealBlockCertificateCase):
    def setUp(self):
        super().setUp()
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.registrar)

    def queue(self) -> str:
        response = self.browser.get("/certificates/")
        assert response.status_code == 200
        return unescape(response.content.decode())

    def test_the_right_comes_back_to_the_queue_to_be_reissued_then_is_issued_for_the_corrected_parcel(self):
        mark = f'class="to-reissue" href="/certificates/{self.certificate.pk}/"'
        assert self.real.number not in self.queue()
        corrected = self.boundary_corrected()
        html = self.queue()
        assert mark in html and "à rééditer (le registre a changé depuis)" in html
        [row] = [
            r for r in self.browser.get("/api/v1/certificates/queue/").json()["results"] if r["to_reissue"]
        ]
        assert row == {
            "right": str(self.right_e.pk),
            "parcel_number": self.real.number,
            "village": "TC-E",
            "dispute_case": None,
            "to_reissue": str(self.certificate.pk),
        }
        certificate_revoke(certificate=self.certificate, actor=self.mayor, reason="Limites rectifiées")
        issue = form_posting_to(self.queue(), f"/certificates/issue/{self.right_e.pk}/")
        self.browser.post(issue.action, issue.data(issue.buttons[0]))
        new = Certificate.objects.exclude(pk=self.certificate.pk).get(right=self.right_e)
        assert new.parcel_version == corrected.version == 2
        assert mark not in self.queue()
