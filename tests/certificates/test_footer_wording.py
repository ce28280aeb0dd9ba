from landreg.certificates.issuing.services import certificate_pdf
from tests.certificates.base import CertificateTestCase, pdf_text


class FooterWordingTests(CertificateTestCase):
    def test_the_footer_names_the_issue_date_without_agreeing_with_the_title(self):
        """« délivré le » was wrong under a feminine title (« Attestation … »): the footer says « date de
        délivrance », which agrees with every title."""
        certificate = self.issue()
        text = pdf_text(certificate_pdf(certificate))
        assert f"n° {certificate.number} — date de délivrance : 14/03/2026" in text, text
        assert "délivré le" not in text
