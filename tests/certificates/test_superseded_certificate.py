"""A certificate whose right ended (the holders died, their heirs hold the land now) is neither reprinted nor
handed over, and its page leads to the certificate in force; found on the walk of a succession at the desk,
where the deceased's certificate still offered « Réimprimer (DUPLICATA) » and « Enregistrer la remise »."""

from html import unescape

from django.test import Client

from landreg.certificates.models import Certificate
from landreg.certificates.selectors import certificates_visible_to, stage_q
from landreg.rights.services import HolderShare, right_end, right_register
from tests.base import make_person
from tests.browser_forms import form_posting_to, forms
from tests.certificates.base import CertificateTestCase

TO_THE_WIFE = {"id_document_type": "national_id", "id_document_number": "B98765432"}


class SupersededCertificateTests(CertificateTestCase):
    def setUp(self):
        super().setUp()
        self.browser = Client(enforce_csrf_checks=True)
        self.client.force_login(self.registrar)
        self.client.post(f"/certificates/issue/{self.right_c.pk}/")
        self.certificate = Certificate.objects.get(right=self.right_c)
        self.client.post(f"/certificates/{self.certificate.pk}/print/")  # printed, then signed
        self.client.force_login(self.mayor)
        self.client.post(f"/certificates/{self.certificate.pk}/sign/")
        self.client.force_login(self.registrar)
        self.url = f"/certificates/{self.certificate.pk}/"

    def page(self, user) -> str:
        self.browser.force_login(user)
        response = self.browser.get(self.url)
        assert response.status_code == 200
        return unescape(response.content.decode())

    def succession(self):
        """The holders' heirs, one of them a child, hold the parcel now."""
        right_end(right=self.right_c, actor=self.registrar, reason="Succession de Ɓaŋɔ Ɛlisabɛt")
        heirs = [
            make_person(self.village_a, last_name="Ɓaŋɔ", first_names="Ŋaba", sex="M"),
            make_person(self.village_a, last_name="Ɓaŋɔ", first_names="Tɛnɛ"),
        ]
        return right_register(
            parcel=self.parcel_c,
            right_type="customaryType",
            holders=[HolderShare(party=heirs[0], share="1/2"), HolderShare(party=heirs[1], share="1/2")],
            tenure_system="customary",
            legal_basis="Loi n°034-2009/AN, art. 36",
        )

    def test_the_deceased_holders_certificate_offers_no_reprint_and_no_delivery(self):
        before = self.page(self.registrar)
        assert form_posting_to(before, "/print/") and form_posting_to(before, "/deliver/")
        self.succession()
        html = self.page(self.registrar)
        actions = [f.action for f in forms(html)]
        assert not [a for a in actions if a.endswith(("/print/", "/deliver/"))], actions
        assert "ne dit plus ce que dit le registre" in html

    def test_a_reprint_or_a_delivery_sent_from_the_page_shown_before_is_refused(self):
        before = self.page(self.registrar)
        reprint, delivery = form_posting_to(before, "/print/"), form_posting_to(before, "/deliver/")
        self.succession()
        response = self.browser.post(reprint.action, reprint.data(reprint.buttons[0]), follow=True)
        assert response["Content-Type"].startswith("text/html")
        assert "est remplacé" in unescape(response.content.decode())
        body = delivery.data(delivery.buttons[0], **TO_THE_WIFE | {"recipient": str(self.wife.pk)})
        refused = self.browser.post(delivery.action, body)
        self.certificate.refresh_from_db()
        assert refused.status_code == 400 and "est remplacé" in unescape(refused.content.decode())
        assert self.certificate.print_count == 1 and not self.certificate.deliveries.exists()

    def test_it_leaves_the_certificates_to_hand_over_and_leads_to_the_heirs_certificate(self):
        to_deliver = certificates_visible_to(self.registrar).filter(stage_q("to_deliver"))
        assert self.certificate in to_deliver
        heirs_right = self.succession()
        assert self.certificate not in to_deliver.all()
        self.client.post(f"/certificates/issue/{heirs_right.pk}/")
        heirs = Certificate.objects.get(right=heirs_right)
        html = self.page(self.registrar)
        assert f'href="/certificates/{heirs.pk}/">{heirs.number}</a>' in html
        assert "Remplacé par" in html and "ne dit plus ce que dit le registre" not in html

    def test_a_certificate_revoked_after_a_loss_leads_to_the_one_issued_again(self):
        self.browser.force_login(self.mayor)
        form = form_posting_to(self.page(self.mayor), "/revoke/")
        self.browser.post(form.action, form.data(form.buttons[0], reason="Perte déclarée le 02/12/2026"))
        self.client.post(f"/certificates/issue/{self.right_c.pk}/")
        again = Certificate.objects.exclude(pk=self.certificate.pk).get(right=self.right_c)
        html = self.page(self.registrar)
        assert f'href="/certificates/{again.pk}/">{again.number}</a>' in html
        assert "Remplacé par" in self.page(self.registrar)
