"""Someone without a QR reader verifies a paper certificate on the public verification page with what is
printed on it: the certificate's number and the code under its QR code.

Seen walking the demo in Chromium: the page asked for "the address printed under the QR code", but the only
address printed there was the public keys' (/.well-known/jwks.json); typed in, it (or the certificate's
number) answered « INVALIDE : ce code n’a pas été signé par le registre » for a genuine certificate."""

import hmac
import re
from unittest import mock

from django.utils import translation

from landreg.certificates.issuing.services import certificate_pdf
from landreg.certificates.issuing.transitions import certificate_revoke
from landreg.certificates.verification.verdicts import short_code, token_of, verify_token
from tests.browser_forms import form_posting_to
from tests.certificates.base import CertificateTestCase, pdf_text, print_then_sign

PAGE = "/registre/verifier/"


class VerifyWithoutQrReaderTests(CertificateTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")

    def printed(self, certificate) -> tuple[str, str]:
        """The verification page's address and the code, as printed under the QR code."""
        text = pdf_text(certificate_pdf(certificate))
        found = re.search(
            r"Sans lecteur de QR, le numéro et ce code sur (\S+) ([A-Z2-7]{4}-[A-Z2-7]{4})", text
        )
        assert found, text
        return found.group(1), found.group(2)

    def typed(self, **values):
        """The verification form as the page renders it, with ``values`` typed, sent and followed."""
        form = form_posting_to(self.client.get(PAGE).content.decode(), PAGE)
        return self.client.get(PAGE, form.data(form.buttons[0], **values), follow=True)

    def test_the_number_and_the_code_printed_on_a_signed_certificate_read_valid(self):
        certificate = print_then_sign(self.issue(), printer=self.registrar, signer=self.mayor)
        address, code = self.printed(certificate)
        assert address == f"{certificate.public_url}{PAGE}"
        response = self.typed(number=certificate.number.lower(), code=code.lower().replace("-", " "))
        html = response.content.decode()
        assert 'data-status="valid"' in html and "ƁAŊƆ Ɛlisabɛt Ƙandé" in html
        assert "B98765432" not in html and "1981" not in html  # still no ID number or birth date

    def test_a_paper_printed_before_the_signature_reads_what_the_register_says_now(self):
        certificate = self.issue()
        _address, code = self.printed(certificate)  # printed at the desk, then signed by the mayor
        certificate = print_then_sign(certificate, printer=self.registrar, signer=self.mayor)
        assert 'data-status="valid"' in self.typed(number=certificate.number, code=code).content.decode()
        certificate_revoke(certificate=certificate, actor=self.mayor, reason="Erreur de contenance")
        assert 'data-status="revoked"' in self.typed(number=certificate.number, code=code).content.decode()

    def test_a_wrong_code_or_a_number_alone_is_refused_on_the_form_with_what_was_typed(self):
        certificate = self.issue()
        response = self.typed(number=certificate.number, code="AAAA-AAAA")
        html = response.content.decode()
        assert response.redirect_chain == [] and "Aucun certificat n’a ce numéro et ce code" in html
        assert f'value="{certificate.number}"' in html and 'value="AAAA-AAAA"' in html
        html = self.typed(code=certificate.number).content.decode()
        assert "Indiquez le numéro du certificat" in html


class CodeComparedInConstantTimeTests(CertificateTestCase):
    """The code and the token a visitor gives are compared with hmac.compare_digest: ``==`` returns at the
    first differing character, so its timing tells how much of a guess was right (fails before: ``==``)."""

    def test_the_genuine_code_is_accepted_and_a_wrong_one_refused_both_in_constant_time(self):
        certificate = self.issue()
        code = short_code(certificate.token)
        with mock.patch("hmac.compare_digest", wraps=hmac.compare_digest) as compared:
            assert token_of(certificate.number, code) == certificate.token
            assert compared.called
            compared.reset_mock()
            assert token_of(certificate.number, f"{code[:-1]}{'A' if code[-1] != 'A' else 'B'}") is None
            assert compared.called

    def test_a_signed_token_is_matched_to_the_issued_one_in_constant_time(self):
        certificate = self.issue()
        with mock.patch("hmac.compare_digest", wraps=hmac.compare_digest) as compared:
            assert verify_token(certificate.token).status in {"valid", "not_in_force"}
            assert compared.called
