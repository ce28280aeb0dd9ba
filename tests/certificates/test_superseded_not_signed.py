"""A certificate printed but not yet signed whose right ended since (its holders died, their heirs hold the
land) is signed no more: its page offers no signature, as « à signer » and the signing page no longer list it
(selectors.stage_q), and a signature sent from the page shown before is refused with the reason. The page
offered « Enregistrer la signature de l’autorité » on it, which would have put in force a paper that no
longer says what the register says."""

import re
from html import unescape

from django.test import Client

from landreg.certificates.issuing.services import certificate_print
from landreg.rights.services import right_end
from tests.browser_forms import form_posting_to, forms
from tests.certificates.base import CertificateTestCase


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", unescape(html)).replace("\u202f", " ").split())


class SupersededNotSignedTests(CertificateTestCase):
    def setUp(self):
        super().setUp()
        self.certificate = self.issue()
        certificate_print(certificate=self.certificate, actor=self.registrar)
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.mayor)
        self.url = f"/certificates/{self.certificate.pk}/"

    def page(self, language="fr") -> str:
        self.browser.cookies["django_language"] = language
        return self.browser.get(self.url).content.decode()

    def test_its_page_offers_no_signature_and_one_sent_before_is_refused(self):
        before = form_posting_to(self.page(), "/sign/")
        right_end(right=self.right_c, actor=self.registrar, reason="Succession de Ɓaŋɔ Ɛlisabɛt")
        assert not [f for f in forms(self.page()) if f.action.endswith("/sign/")]
        assert not [f for f in forms(self.page("en")) if f.action.endswith("/sign/")]
        self.browser.cookies["django_language"] = "fr"
        refused = self.browser.post(before.action, before.data(before.buttons[0]), follow=True)
        assert (
            f"Le certificat {self.certificate.number} est remplacé (son droit ou sa parcelle a changé) ; "
            "il ne peut pas être signé."
        ) in text(refused.content.decode())
        self.certificate.refresh_from_db()
        assert self.certificate.status == "issued" and not self.certificate.events.filter(kind="signed")
