"""The QR code points at the registry's public address, or at the host and port that served the page."""

import io
import tempfile
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import override_settings

from landreg.certificates.exceptions import CertificateError
from landreg.certificates.issuing.services import certificate_pdf
from landreg.certificates.models import Certificate
from landreg.certificates.papers import qr
from tests.certificates.base import CertificateTestCase, pdf_text

SERVED = {"HTTP_HOST": "127.0.0.1:8123"}


class PublicUrlTests(CertificateTestCase):
    def issue_from_the_page(self) -> Certificate:
        self.client.force_login(self.registrar)
        response = self.client.post(f"/certificates/issue/{self.right_c.pk}/", **SERVED)
        self.assertEqual(response.status_code, 302)
        return Certificate.objects.get(right=self.right_c)

    def test_a_certificate_issued_from_a_page_points_at_the_host_and_port_that_served_it(self):
        certificate = self.issue_from_the_page()
        self.assertEqual(certificate.public_url, "http://127.0.0.1:8123")
        self.assertEqual(
            certificate.qr_matrix, qr.encode(f"http://127.0.0.1:8123/verify/{certificate.token}")
        )
        self.assertIn("http://127.0.0.1:8123/.well-known/jwks.json", pdf_text(certificate_pdf(certificate)))

    @override_settings(LANDREG_PUBLIC_URL="https://foncier.example.org/")
    def test_the_public_address_when_set_wins_over_the_request(self):
        certificate = self.issue_from_the_page()
        self.assertEqual(certificate.public_url, "https://foncier.example.org")
        self.assertEqual(
            certificate.qr_matrix, qr.encode(f"https://foncier.example.org/verify/{certificate.token}")
        )

    @override_settings(LANDREG_PUBLIC_URL="foncier.example.org")
    def test_an_address_without_its_scheme_is_refused_with_a_clear_error(self):
        with self.assertRaisesMessage(CertificateError, "not an http(s) address"):
            self.issue()

    def test_the_signed_token_keeps_the_address_of_the_issue(self):
        from tests.certificates.base import print_then_sign

        certificate = print_then_sign(self.issue_from_the_page(), printer=self.registrar, signer=self.mayor)
        self.assertEqual(
            certificate.qr_matrix, qr.encode(f"http://127.0.0.1:8123/verify/{certificate.token}")
        )

    def test_a_command_outside_demo_mode_needs_the_public_address(self):
        with tempfile.TemporaryDirectory() as directory, override_settings(VAR_DIR=Path(directory)):
            with (
                override_settings(DEMO_MODE=False),
                self.assertRaisesMessage(CommandError, "LANDREG_PUBLIC_URL"),
            ):
                call_command(
                    "issue_certificate", "--parcel", self.parcel_c.number, "--registrar", "registrar"
                )
            out = io.StringIO()
            call_command(
                "issue_certificate",
                "--parcel",
                self.parcel_c.number,
                "--registrar",
                "registrar",
                "--public-url",
                "http://127.0.0.1:8765",
                stdout=out,
            )
        self.assertIn("Verification URL: http://127.0.0.1:8765/verify/", out.getvalue())
        self.assertEqual(Certificate.objects.get(right=self.right_c).public_url, "http://127.0.0.1:8765")
