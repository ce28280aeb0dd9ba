"""manage.py verify_certificates: every token verifies and signs what its certificate froze."""

import io

from django.core.management import CommandError, call_command
from django.utils import translation

from landreg.certificates.models import Certificate
from tests.certificates.base import CertificateTestCase, print_then_sign


class VerifyCertificatesTests(CertificateTestCase):
    def test_issued_and_signed_certificates_verify(self):
        print_then_sign(self.issue(), printer=self.registrar, signer=self.mayor)
        self.issue(right=self.right_d)
        out = io.StringIO()
        call_command("verify_certificates", stdout=out)
        self.assertIn("All 2 certificates verify.", out.getvalue())
        french = io.StringIO()
        with translation.override("fr"):
            call_command("verify_certificates", stdout=french)
        self.assertEqual(french.getvalue(), "Les 2 certificats sont tous vérifiés.\n")

    def test_a_certificate_whose_content_was_edited_is_reported(self):
        certificate = self.issue()
        content = certificate.content
        content["holders"][0]["share"] = "1"
        Certificate.objects.filter(pk=certificate.pk).update(content=content)
        with self.assertRaisesMessage(CommandError, "1 problem in 1 certificate."):
            call_command("verify_certificates", stdout=io.StringIO(), stderr=io.StringIO())
        with (
            translation.override("fr"),
            self.assertRaisesMessage(CommandError, "1 problème dans 1 certificat."),
        ):
            call_command("verify_certificates", stdout=io.StringIO(), stderr=io.StringIO())
