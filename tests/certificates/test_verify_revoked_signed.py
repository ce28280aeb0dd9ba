"""A revoked certificate that the authority had signed says so on the public verification page: the walk of
the demo read « RÉVOQUÉ » with « Non signé par l’autorité. » for a certificate signed by the mayor the same
day, which tells a bank or a buyer it was never in force. One never signed still reads « Non signé »."""

from django.utils import translation

from landreg.certificates.issuing.transitions import certificate_revoke
from tests.certificates.base import CertificateTestCase, print_then_sign


class RevokedSignedVerificationTests(CertificateTestCase):
    def page(self, token) -> str:
        translation.activate("fr")
        response = self.client.get(f"/verify/{token}", HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200
        return response.content.decode()

    def test_a_signed_then_revoked_certificate_says_when_it_was_signed(self):
        certificate = print_then_sign(self.issue(), printer=self.registrar, signer=self.mayor)
        signed_on = certificate.signed_at
        certificate_revoke(certificate=certificate, actor=self.mayor, reason="Erreur sur la superficie")
        html = self.page(certificate.token)
        assert 'data-status="revoked"' in html and 'data-signed="yes"' in html
        assert f"{signed_on:%d/%m/%Y}" in html
        assert "Non signé par l’autorité" not in html

    def test_a_revoked_certificate_never_signed_reads_not_signed(self):
        certificate = self.issue()
        certificate_revoke(certificate=certificate, actor=self.mayor, reason="Erreur sur la quote-part")
        html = self.page(certificate.token)
        assert 'data-status="revoked"' in html and 'data-signed="no"' in html
