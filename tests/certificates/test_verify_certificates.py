"""manage.py verify_certificates: every token verifies and signs what its certificate froze."""

import io

from django.core.management import CommandError, call_command

from landreg.certificates.issuing.transitions import certificate_sign
from landreg.certificates.models import Certificate
from tests.certificates.base import CertificateTestCase


class VerifyCertificatesTests(CertificateTestCase):
    def test_issued_and_signed_certificates_verify(self):
        certificate_sign(certificate=self.issue(), actor=self.mayor)
        self.issue(right=self.right_d)
        out = io.StringIO()
        call_command("verify_certificates", stdout=out)
        self.assertIn("All 2 certificate(s) verify", out.getvalue())

    def test_a_certificate_whose_content_was_edited_is_reported(self):
        certificate = self.issue()
        content = certificate.content
        content["holders"][0]["share"] = "1"
        Certificate.objects.filter(pk=certificate.pk).update(content=content)
        with self.assertRaisesMessage(CommandError, "1 problem(s) in 1 certificate(s)"):
            call_command("verify_certificates", stdout=io.StringIO(), stderr=io.StringIO())
