"""The certificate's page in the reader's language: the identity document's kind of each holder was shown as
the certificate froze it, « Carte nationale d’identité » on an English page (the content keeps the words of
the certificate's language, French unless the profile says otherwise); the printed paper keeps its own."""

from django.test import Client

from landreg.certificates.issuing.services import certificate_pdf
from tests.certificates.base import CertificateTestCase, pdf_text


class CertificatePageWordsTests(CertificateTestCase):
    def page(self, certificate, language: str) -> str:
        browser = Client()
        browser.force_login(self.registrar)
        browser.cookies["django_language"] = language
        response = browser.get(f"/certificates/{certificate.pk}/")
        assert response.status_code == 200
        return response.content.decode()

    def test_the_identity_document_reads_in_the_readers_language_and_the_paper_in_its_own(self):
        certificate = self.issue()
        assert certificate.content["holders"][0]["id_type"] == "Carte nationale d’identité"  # frozen, French
        english, french = self.page(certificate, "en"), self.page(certificate, "fr")
        assert "National identity card B98765432" in english, english
        assert "Carte nationale" not in english
        assert "Carte nationale d’identité B98765432" in french
        assert "National identity card" not in french
        assert "Carte nationale d’identité" in pdf_text(certificate_pdf(certificate))

    def test_a_word_of_no_code_is_shown_as_it_was_frozen(self):
        certificate = self.issue()
        content = certificate.content
        content["holders"][0]["id_type"] = "Livret de famille"
        type(certificate).objects.filter(pk=certificate.pk).update(content=content)
        assert "Livret de famille B98765432" in self.page(certificate, "en")
