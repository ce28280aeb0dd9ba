"""Only a signed certificate can be declared lost. Walked as guichet: the certificate issued to replace a lost
one, not yet printed, offered « Déclarer perdu ou détruit… » at once, and the service took the declaration,
revoking a certificate nobody ever held and sending its right back to the print queue for another number."""

import datetime as dt
from html import unescape

import pytest
from django.test import Client
from django.utils import translation

from landreg.certificates.exceptions import CertificateError
from landreg.certificates.issuing.services import certificate_print
from landreg.certificates.issuing.transitions import certificate_declare_lost
from landreg.certificates.models import CertificateStatus
from tests.browser_forms import forms
from tests.certificates.base import CertificateTestCase


class LostUnsignedTests(CertificateTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.certificate = self.issue()
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.registrar)

    def lost_forms(self) -> list:
        response = self.browser.get(f"/certificates/{self.certificate.pk}/")
        assert response.status_code == 200
        return [f for f in forms(unescape(response.content.decode())) if f.action.endswith("/lost/")]

    def test_an_issued_certificate_printed_or_not_offers_no_loss_declaration(self):
        assert self.lost_forms() == []
        certificate_print(certificate=self.certificate, actor=self.registrar)
        assert self.lost_forms() == []

    def test_the_service_refuses_it_and_the_certificate_stays_in_force(self):
        certificate_print(certificate=self.certificate, actor=self.registrar)
        with pytest.raises(CertificateError, match="n’est pas encore signé"):
            certificate_declare_lost(
                certificate=self.certificate,
                actor=self.registrar,
                declared_on=dt.date.today(),
                declared_by=self.wife,
                note="Déclaration de perte n° 2026/118",
            )
        self.certificate.refresh_from_db()
        assert self.certificate.status == CertificateStatus.ISSUED and self.certificate.lost_on is None


class LostWithoutSignatureTests(LostUnsignedTests):
    """Where the procedure asks no signature, the printed paper is in force (and delivered as such): it can be
    lost, and is declared so; before it is printed, it cannot."""

    def setUp(self):
        super().setUp()
        self.certificate.signature_required = False
        self.certificate.save(update_fields=["signature_required"])

    def test_an_issued_certificate_printed_or_not_offers_no_loss_declaration(self):
        assert self.lost_forms() == []
        certificate_print(certificate=self.certificate, actor=self.registrar)
        assert len(self.lost_forms()) == 1

    def test_the_service_refuses_it_and_the_certificate_stays_in_force(self):
        with pytest.raises(CertificateError, match="n’est pas encore imprimé"):
            certificate_declare_lost(
                certificate=self.certificate,
                actor=self.registrar,
                declared_on=dt.date.today(),
                declared_by=self.wife,
                note="Déclaration de perte n° 2026/118",
            )
        certificate_print(certificate=self.certificate, actor=self.registrar)
        certificate_declare_lost(
            certificate=self.certificate,
            actor=self.registrar,
            declared_on=dt.date.today(),
            declared_by=self.wife,
            note="Déclaration de perte n° 2026/118",
        )
        self.certificate.refresh_from_db()
        assert self.certificate.status == CertificateStatus.REVOKED and self.certificate.lost_on is not None
