"""The office chooses the language of its certificates in its procedure profile; the code lists' words on a
certificate (sex, identity document, land use, survey, group type) come from the catalogue, in that language,
the same words as the forms'."""

from django.test import Client

from landreg.accounts.roles import Role
from landreg.adjudication.models import ProcedureProfile
from landreg.adjudication.profiles import profile_assign
from landreg.certificates.issuing.services import certificate_pdf
from tests.base import make_user
from tests.browser_forms import form_with_field
from tests.certificates.base import CertificateTestCase, pdf_text


class CertificateLanguageOfTheProfileTests(CertificateTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.profile = ProcedureProfile.objects.get(code="generic")
        profile_assign(commune=cls.commune, profile=cls.profile)
        cls.sysadmin = make_user("sysadmin", Role.SYSTEM_ADMINISTRATOR, cls.country)

    def choose_in_the_admin(self, language: str) -> None:
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.sysadmin)
        url = f"/admin/adjudication/procedureprofile/{self.profile.pk}/change/"
        page = browser.get(url).content.decode()
        form = form_with_field(page, "certificate_language")
        assert 'value="en"' in page and 'value="fr"' in page
        response = browser.post(url, form.data(certificate_language=language))
        assert response.status_code == 302, response.content.decode()[:3000]

    def test_a_profile_prints_in_french_unless_the_office_chooses_otherwise(self):
        assert self.profile.certificate_language == "fr"
        certificate = self.issue()  # an English session issues it (CertificateTestCase activates English)
        assert certificate.content["language"] == "fr"
        person = certificate.content["holders"][0]
        # The catalogue's words, capitalised: "levé GPS par cheminement" is the form's word for "gps".
        assert (person["sex"], person["id_type"]) == ("Féminin", "Carte nationale d’identité")
        assert certificate.content["parcel"]["survey_method"] == "Levé GPS par cheminement"
        assert certificate.content["tenure_system"] == "régime coutumier"
        text = pdf_text(certificate_pdf(certificate))
        assert "Sexe : Féminin" in text and "Levé : Levé GPS par cheminement" in text, text

    def test_an_office_that_chooses_english_in_the_admin_prints_its_certificates_in_english(self):
        self.choose_in_the_admin("en")
        self.profile.refresh_from_db()
        assert self.profile.certificate_language == "en"
        certificate = self.issue(right=self.right_d)
        assert certificate.content["language"] == "en"
        family = certificate.content["holders"][0]
        assert family["group"]["type"] == "Family"
        elder = family["group"]["members"][0]
        assert elder["sex"] == "Male"
        assert certificate.content["parcel"]["survey_method"] == "GPS walk"
        assert certificate.content["tenure_system"] == "customary tenure"
        text = pdf_text(certificate_pdf(certificate))
        for item in ["HOLDER OF THE RIGHT", "Collective holding: Family", "Sex: Male", "Survey: GPS walk"]:
            assert item in text, item
        assert "customary tenure" in text
        for item in ["Famille", "Masculin", "régime", "TITULAIRE"]:
            assert item not in text.replace("Famille Sawadogo", ""), item

    def test_a_certificate_keeps_its_language_when_the_office_changes_it_later(self):
        certificate = self.issue()
        self.choose_in_the_admin("en")
        text = pdf_text(certificate_pdf(certificate))  # a reprint shows what was issued
        assert "Sexe : Féminin" in text and "Sex:" not in text
