"""A reprint's note in the certificate's history is the registry's message, said in the reader's language:
« DUPLICATA n° 1 » was kept in French and shown so on English pages."""

from landreg.certificates.issuing.services import certificate_print
from landreg.certificates.models import CertificateEvent, EventKind
from tests.certificates.base import CertificateTestCase


class ReprintNoteSaidInTheReadersLanguageTests(CertificateTestCase):
    def history(self, certificate, language: str) -> str:
        self.client.force_login(self.registrar)
        self.client.cookies["django_language"] = language
        html = self.client.get(f"/certificates/{certificate.pk}/").content.decode()
        return html.split("<ul>", 1)[1] if "<ul>" in html else html

    def test_the_reprint_is_kept_as_a_message_and_read_in_english_and_in_french(self):
        certificate = self.issue()
        certificate_print(certificate=certificate, actor=self.registrar)
        certificate_print(certificate=certificate, actor=self.registrar)
        reprint = CertificateEvent.objects.get(certificate=certificate, kind=EventKind.REPRINTED)
        assert reprint.reason == "Duplicate no. 1"
        english, french = self.history(certificate, "en"), self.history(certificate, "fr")
        assert "Duplicate no. 1" in english and "DUPLICATA n° 1" not in english
        assert "DUPLICATA n° 1" in french and "Duplicate no. 1" not in french

    def test_a_reprint_noted_in_french_before_reads_in_english(self):
        from landreg.core.stored_messages import message_said

        assert message_said("DUPLICATA n° 3") == "Duplicate no. 3"  # the tests' language is English
