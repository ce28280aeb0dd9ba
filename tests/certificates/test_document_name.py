"""The document is named one way: the page of one certificate names it as its paper does, by the procedure
profile's name (« Attestation de possession foncière rurale » in Burkina Faso, « Certificat foncier » in
Madagascar and Côte d’Ivoire), and the pages that speak of any certificate say « certificat » (the public
verification page said « attestation », the rest of the interface « certificat »)."""

from landreg.certificates.issuing.numbering import series_for
from tests.certificates.base import CertificateTestCase

APFR = "Attestation de possession foncière rurale"


class DocumentNamedOneWayTests(CertificateTestCase):
    def page(self, url: str, language: str) -> str:
        self.client.cookies["django_language"] = language
        return self.client.get(url).content.decode()

    def test_the_certificate_page_names_the_document_as_its_profile_and_its_paper_do(self):
        series = series_for(self.commune)
        series.title = APFR  # the commune follows the Burkina Faso profile
        series.save(update_fields=["title"])
        certificate = self.issue()
        assert certificate.content["title"] == APFR  # what the PDF prints in its heading
        self.client.force_login(self.registrar)
        for language in ("fr", "en"):
            html = self.page(f"/certificates/{certificate.pk}/", language)
            assert f"<h1>{APFR} {certificate.number}</h1>" in html, html[:2000]

    def test_the_public_verification_page_says_certificat_not_attestation(self):
        french = self.page("/registre/verifier/", "fr")
        assert "Vérifier un certificat" in french and "numéro du certificat" in french
        assert "attestation" not in french.lower()
        assert "Verify a certificate" in self.page("/registre/verifier/", "en")
