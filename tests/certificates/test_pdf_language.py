"""The certificate's words come from the catalogue (context "certificate"), and the certificate is drawn in
the language it was issued in, French, whatever the reader's language; a content in English draws in
English."""

import datetime as dt

from django.test import Client

from tests.browser_forms import form_posting_to
from tests.certificates.base import CertificateTestCase, pdf_text
from tests.certificates.test_pdf import certificate_pdf_from

FRENCH = [
    "TITULAIRES DU DROIT",
    "Fondement juridique :",
    "Quote-part : 1/2",
    "Sexe : Féminin",
    "PARCELLE",
    "Numéro de parcelle :",
    "DROITS SECONDAIRES ET RESTRICTIONS",
    "Les titulaires",
    "Vérifiable hors ligne avec les clés publiques :",
]


class CertificateLanguageTests(CertificateTestCase):
    def test_an_english_reader_prints_the_certificate_in_french(self):
        certificate = self.issue()
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.registrar)
        browser.cookies["django_language"] = "en"
        page = browser.get(f"/certificates/{certificate.pk}/").content.decode()
        assert '<html lang="en"' in page
        form = form_posting_to(page, "/print/")
        response = browser.post(form.action, form.data())
        assert response["Content-Type"] == "application/pdf", response.content[:300]
        text = pdf_text(response.content)
        for item in FRENCH:
            assert item in text, item
        assert "HOLDERS OF" not in text and "Share:" not in text

    def test_a_certificate_issued_in_english_draws_in_english(self):
        certificate = self.issue()
        text = pdf_text(certificate_pdf_from({**certificate.content, "language": "en"}))
        for item in [
            "HOLDERS OF THE RIGHT",
            "Legal basis:",
            "Share: 1/2",
            "PARCEL",
            "Parcel number:",
            "North:",
            "SECONDARY RIGHTS AND RESTRICTIONS",
            "The holders",
            "Done at Test commune, on",
        ]:
            assert item in text, item
        for item in FRENCH:
            assert item not in text, item

    def test_dates_and_numbers_are_written_as_the_certificate_s_language_writes_them(self):
        certificate = self.issue()
        issued = dt.date.fromisoformat(certificate.content["issue_date"])
        area = certificate.content["parcel"]["area_m2"]
        assert area >= 1000, area  # so that the thousands separator shows
        english = pdf_text(certificate_pdf_from({**certificate.content, "language": "en"}))
        month = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ][issued.month - 1]
        assert f"on {issued.day} {month} {issued.year}" in english, english
        assert f"{area:,.0f} m²" in english, english
        assert issued.strftime("%d/%m/%Y") not in english
        french = pdf_text(certificate_pdf_from(certificate.content))
        assert issued.strftime("%d/%m/%Y") in french
        # pdf_text reads the narrow no-break space back as a plain space
        assert f"{area:,.0f} m²".replace(",", " ") in french.replace("\u202f", " "), french


class CertificateHoldersCountedTests(CertificateTestCase):
    """The holders' heading and signature box agree with their number (« TITULAIRE DU DROIT », « Le
    titulaire » for a family holding alone; « TITULAIRES », « Les titulaires » for a couple), never
    « (s) »."""

    def test_one_holder_is_said_in_the_singular_in_french_and_english(self):
        certificate = self.issue(right=self.right_d)  # the family, one holder
        assert len(certificate.content["holders"]) == 1
        french = pdf_text(certificate_pdf_from({**certificate.content, "language": "fr"}))
        assert "TITULAIRE DU DROIT" in french and "Le titulaire" in french and "(s)" not in french
        english = pdf_text(certificate_pdf_from({**certificate.content, "language": "en"}))
        assert "HOLDER OF THE RIGHT" in english and "The holder" in english and "The holders" not in english

    def test_two_holders_are_said_in_the_plural(self):
        certificate = self.issue()  # the couple, half each
        french = pdf_text(certificate_pdf_from({**certificate.content, "language": "fr"}))
        assert "TITULAIRES DU DROIT" in french and "Les titulaires" in french and "(s)" not in french
