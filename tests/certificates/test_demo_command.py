"""The demo prints a certificate; its QR code verifies with the JWKS; the page shows what happens next."""

import io
import json
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from landreg.accounts.models import User
from landreg.certificates.issuing.transitions import certificate_revoke
from landreg.certificates.models import Certificate
from landreg.parcels.models import Parcel
from landreg.rights.services import right_end
from tests.certificates.base import pdf_text
from tests.certificates.test_qr_and_signature import decode_qr_from_pdf, offline_verify


class DemoCertificateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", quiet=True, stdout=io.StringIO())
        # A demo parcel held by a family through its mandatary.
        cls.parcel = (
            Parcel.objects.filter(village__code="SAB-C", rights__holders__party__group_type="family")
            .order_by("number")
            .first()
        )

    def print_demo(self, *extra) -> tuple[Certificate, bytes]:
        with tempfile.TemporaryDirectory() as directory:
            out = Path(directory) / "certificate.pdf"
            stdout = io.StringIO()
            call_command(
                "issue_certificate",
                "--parcel",
                self.parcel.number,
                "--signer",
                "maire",
                "--out",
                str(out),
                *extra,
                stdout=stdout,
            )
            self.assertIn("PDF written", stdout.getvalue())
            return Certificate.objects.get(parcel=self.parcel), out.read_bytes()

    def test_the_demo_prints_a_certificate_whose_qr_verifies_with_only_the_jwks(self):
        certificate, pdf = self.print_demo()
        self.assertEqual(certificate.status, "signed")
        text = pdf_text(pdf)
        self.assertIn(f"N° {certificate.number}", text)
        self.assertIn("ANNEXE — MEMBRES DE : Famille", text)
        token = decode_qr_from_pdf(pdf).rsplit("/", 1)[1]
        jwks_document = json.loads(self.client.get("/.well-known/jwks.json").content)
        self.assertEqual(offline_verify(token, jwks_document)["no"], certificate.number)
        self.assertContains(self.client.get(f"/verify/{token}"), 'data-status="valid"')

    def test_a_second_print_is_a_duplicate_of_the_same_number(self):
        first, _pdf = self.print_demo()
        again, pdf = self.print_demo()
        self.assertEqual(first.number, again.number)
        self.assertIn("DUPLICATA n° 1", pdf_text(pdf))

    def test_the_page_shows_tampering_revocation_and_supersession(self):
        certificate, pdf = self.print_demo()
        token = decode_qr_from_pdf(pdf).rsplit("/", 1)[1]
        header, payload, signature = token.split(".")
        self.assertContains(
            self.client.get(f"/verify/{header}.{payload[:-2]}xx.{signature}"), 'data-status="invalid"'
        )
        right_end(right=certificate.right, reason="Transfert par héritage")
        self.assertContains(self.client.get(f"/verify/{token}"), 'data-status="superseded"')
        certificate_revoke(
            certificate=certificate, actor=User.objects.get(username="maire"), reason="Erreur de saisie"
        )
        response = self.client.get(f"/verify/{token}")
        self.assertContains(response, 'data-status="revoked"')
        self.assertContains(response, "Erreur de saisie")

    def test_an_unknown_parcel_is_a_clear_command_error(self):
        with self.assertRaisesMessage(CommandError, "No current parcel"):
            call_command("issue_certificate", "--parcel", "NOPE", stdout=io.StringIO())
