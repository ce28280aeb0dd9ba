"""Where a certificate's new edition waits for its revocation, the one who signs (and revokes) is told so on
the certificate's page and led to the revocation, its reason written for them; once revoked, the page says
the right is back in the print queue, where the registrar issues the new edition.

Found walking the desk in Chromium: a family's name was corrected after issue; the print queue marked its
right « à rééditer » and the certificate's page told the registrar that the authority revokes it first, but
the mayor's page said nothing of it."""

from html import unescape

from django.test import Client

from landreg.certificates.models import Certificate, CertificateStatus
from tests.browser_forms import form_posting_to, links
from tests.certificates.real_block import RealBlockCertificateCase

NOTICE = (
    "Sa nouvelle édition s’émet une fois ce certificat révoqué\u202f: le registre a changé depuis son "
    "émission. Révoquez-le d’abord\u202f; son droit revient alors dans la file d’impression du guichet "
    "foncier."
)


class RevokeBeforeReissueTests(RealBlockCertificateCase):
    def setUp(self):
        super().setUp()
        self.browser = Client(enforce_csrf_checks=True)
        self.url = f"/certificates/{self.certificate.pk}/"

    def page(self, user, url=None) -> str:
        self.browser.force_login(user)
        response = self.browser.get(url or self.url)
        assert response.status_code == 200
        return unescape(response.content.decode())

    def test_the_mayor_is_told_to_revoke_first_and_the_form_as_rendered_does_it(self):
        assert NOTICE not in self.page(self.mayor)
        self.name_corrected()
        html = self.page(self.mayor)
        assert NOTICE in html and "#revoke" in links(html) and 'id="revoke"' in html
        form = form_posting_to(html, "/revoke/")
        assert form.data()["reason"] == ["Nouvelle édition\u202f: le registre a changé depuis l’émission."]
        response = self.browser.post(form.action, form.data(form.buttons[0]), follow=True)
        html = unescape(response.content.decode())
        assert "Certificat révoqué." in html
        back = "Son droit est revenu dans la file d’impression\u202f: le guichet foncier émet son nouveau"
        assert back in html
        self.certificate.refresh_from_db()
        assert self.certificate.status == CertificateStatus.REVOKED
        assert self.certificate.revocation_reason.startswith("Nouvelle édition")
        # The registrar's print queue now offers « Émettre » for the family's right: the new edition.
        queue = self.page(self.registrar, "/certificates/")
        issue = form_posting_to(queue, f"/certificates/issue/{self.right_e.pk}/")
        self.browser.post(issue.action, issue.data(issue.buttons[0]))
        new = Certificate.objects.exclude(pk=self.certificate.pk).get(right=self.right_e)
        assert "Tɛnɛ-Ɓakari" in str(new.content["holders"])

    def test_a_superseded_certificate_whose_right_stays_in_force_tells_the_mayor_too(self):
        self.boundary_corrected()
        assert NOTICE in self.page(self.mayor)

    def test_no_such_notice_where_no_new_edition_waits_for_the_revocation(self):
        self.sale()  # the buyer's right gets its own certificate: nothing to revoke first
        html = self.page(self.mayor)
        assert NOTICE not in html
        assert form_posting_to(html, "/revoke/").data()["reason"] == [""]
