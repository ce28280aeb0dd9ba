"""A certificate's path at the land office, in its order (models.CertificateStage): the registrar prints the
paper, the authority signs that paper, the registrar hands it over, once. Each page says where the certificate
stands and offers its reader only the next step; the services refuse the others.

Found walking the demo in Chromium: the registrar's page did not say that a certificate awaited the
authority's signature, the mayor could sign a certificate never printed, the delivery form stayed on the page
after the delivery, and a second, different delivery of the same paper was recorded."""

import re
from html import unescape

from django.test import Client

from landreg.certificates.exceptions import CertificateError
from landreg.certificates.issuing.services import certificate_deliver, certificate_print
from landreg.certificates.issuing.transitions import certificate_sign
from landreg.certificates.models import Certificate, EventKind
from tests.browser_forms import form_posting_to, forms
from tests.certificates.base import CertificateTestCase, print_then_sign, sign_boxes

TO_THE_WIFE = {"id_document_type": "national_id", "id_document_number": "B98765432"}
TO_THE_HUSBAND = {"id_document_type": "voter_card", "id_document_number": "CE-ŊA-0042"}


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", unescape(html)).replace("\u202f", " ").split())


class CertificatePathTestCase(CertificateTestCase):
    def setUp(self):
        super().setUp()
        self.browser = Client(enforce_csrf_checks=True)
        self.certificate = self.issue()
        self.url = f"/certificates/{self.certificate.pk}/"

    def page(self, user) -> str:
        self.browser.force_login(user)
        response = self.browser.get(self.url)
        assert response.status_code == 200
        return response.content.decode()

    def stage(self, html: str) -> str:
        found = re.search(r'<dd class="stage" data-stage="([a-z_]+)">(.*?)</dd>', html)
        assert found, "the page says no stage"
        return f"{found.group(1)}: {text(found.group(2))}"

    def actions(self, html: str) -> set[str]:
        return {f.action.rstrip("/").rsplit("/", 1)[-1] for f in forms(html) if "/certificates/" in f.action}

    def send(self, form, **typed):
        """The form as the page rendered it, its button clicked, ``typed`` into its fields, followed."""
        return self.browser.post(form.action, form.data(form.buttons[0], **typed), follow=True)


class PathPageTests(CertificatePathTestCase):
    def test_each_reader_sees_the_stage_and_only_the_next_step_print_sign_deliver(self):
        registrar = self.page(self.registrar)
        assert self.stage(registrar) == (
            "to_print: À imprimer : le guichet foncier l’imprime, puis l’autorité signe le papier imprimé."
        )
        assert "print" in self.actions(registrar) and "deliver" not in self.actions(registrar)
        assert "lost" not in self.actions(registrar)  # no valid paper yet to lose (test_lost_unsigned)
        # The mayor is not offered to sign a paper that does not exist yet.
        mayor = self.page(self.mayor)
        assert "sign" not in self.actions(mayor) and self.stage(mayor).startswith("to_print: À imprimer")
        printed = self.send(form_posting_to(self.page(self.registrar), "/print/"))
        assert printed["Content-Type"] == "application/pdf"

        registrar = self.page(self.registrar)
        assert self.stage(registrar) == "to_sign: Imprimé, en attente de la signature de l’autorité."
        assert "deliver" not in self.actions(registrar) and "sign" not in self.actions(registrar)
        signed = self.send(form_posting_to(self.page(self.mayor), "/sign/"))
        assert "Signature enregistrée." in text(signed.content.decode())

        assert "sign" not in self.actions(self.page(self.mayor))
        registrar = self.page(self.registrar)
        assert self.stage(registrar) == (
            "to_deliver: Imprimé et signé, à remettre à un titulaire ou à un représentant."
        )
        assert "lost" in self.actions(registrar)
        delivered = self.send(
            form_posting_to(registrar, "/deliver/"), recipient=str(self.wife.pk), **TO_THE_WIFE
        )
        html = delivered.content.decode()
        assert "Remise enregistrée." in text(html)
        stage = self.stage(html)
        assert stage.startswith("delivered: Remis le ") and stage.endswith(" à ƁAŊƆ Ɛlisabɛt Ƙandé.")
        # Handed over: no delivery form any more.
        assert "deliver" not in self.actions(html) and "print" in self.actions(html)

    def test_a_signature_sent_for_a_certificate_never_printed_is_refused_and_says_why(self):
        html = self.page(self.mayor)
        token = form_posting_to(html, "/revoke/").data()["csrfmiddlewaretoken"][0]
        response = self.browser.post(f"{self.url}sign/", {"csrfmiddlewaretoken": token}, follow=True)
        self.certificate.refresh_from_db()
        assert self.certificate.status == "issued" and not self.certificate.events.filter(kind="signed")
        assert (
            f"Le certificat {self.certificate.number} n’a pas encore été imprimé : l’autorité signe le "
            "papier imprimé. Le guichet foncier l’imprime d’abord."
        ) in text(response.content.decode())

    def test_the_signing_page_lists_only_printed_certificates(self):
        other = self.issue(right=self.right_d)
        certificate_print(certificate=other, actor=self.registrar)
        self.browser.force_login(self.mayor)
        html = self.browser.get("/certificates/signatures/").content.decode()
        assert sign_boxes(html) == [str(other.pk)]

    def test_a_certificate_in_force_without_the_signature_is_handed_over_once_printed(self):
        Certificate.objects.filter(pk=self.certificate.pk).update(signature_required=False)
        certificate_print(certificate=self.certificate, actor=self.registrar)
        html = self.page(self.registrar)
        assert self.stage(html) == (
            "to_deliver: Imprimé, à remettre à un titulaire ou à un représentant (la procédure ne demande "
            "pas la signature de l’autorité)."
        )
        self.send(form_posting_to(html, "/deliver/"), recipient=str(self.wife.pk), **TO_THE_WIFE)
        assert self.certificate.deliveries.get().party == self.wife


class OneDeliveryPerPaperTests(CertificatePathTestCase):
    def setUp(self):
        super().setUp()
        print_then_sign(self.certificate, printer=self.registrar, signer=self.mayor)

    def test_a_different_delivery_of_the_paper_handed_over_is_refused_and_a_duplicate_is_handed_over(self):
        # Two tabs opened on the page before the paper was handed over.
        first_tab = form_posting_to(self.page(self.registrar), "/deliver/")
        second_tab = form_posting_to(self.page(self.registrar), "/deliver/")
        self.send(first_tab, recipient=str(self.wife.pk), **TO_THE_WIFE)
        refused = self.send(second_tab, recipient=str(self.husband.pk), **TO_THE_HUSBAND)
        assert refused.status_code == 400
        assert f"Le certificat {self.certificate.number} a déjà été remis le " in text(
            refused.content.decode()
        )
        assert (
            " à ƁAŊƆ Ɛlisabɛt Ƙandé : un papier n’est remis qu’une fois. Pour remettre un autre papier, "
            "imprimez d’abord un duplicata."
        ) in text(refused.content.decode())
        assert [d.party for d in self.certificate.deliveries.all()] == [self.wife]
        assert self.certificate.events.filter(kind=EventKind.DELIVERED).count() == 1
        # A duplicate printed: a paper of its own, which the page offers to hand over.
        self.send(form_posting_to(self.page(self.registrar), "/print/"))
        html = self.page(self.registrar)
        assert self.stage(html).startswith("to_deliver: ")
        self.send(form_posting_to(html, "/deliver/"), recipient=str(self.husband.pk), **TO_THE_HUSBAND)
        assert [d.party for d in self.certificate.deliveries.order_by("id")] == [self.wife, self.husband]

    def test_the_same_delivery_sent_again_is_recorded_once_and_another_is_refused(self):
        def deliver(party, shown):
            return certificate_deliver(
                certificate=self.certificate,
                actor=self.registrar,
                party=party,
                acknowledgement="fingerprint",
                marker="FP-7",
                **shown,
            )

        first = deliver(self.wife, TO_THE_WIFE)
        assert deliver(self.wife, TO_THE_WIFE) == first
        with self.assertRaisesMessage(CertificateError, "a paper is handed over once"):
            deliver(self.husband, TO_THE_HUSBAND)
        with self.assertRaisesMessage(CertificateError, "a paper is handed over once"):
            deliver(self.wife, TO_THE_WIFE | {"id_document_number": "B00000001"})
        assert self.certificate.deliveries.count() == 1


class SignatureOrderServiceTests(CertificateTestCase):
    def test_the_authority_signs_only_a_printed_certificate(self):
        certificate = self.issue()
        with self.assertRaisesMessage(CertificateError, "has not been printed yet"):
            certificate_sign(certificate=certificate, actor=self.mayor)
        certificate_print(certificate=certificate, actor=self.registrar)
        assert certificate_sign(certificate=certificate, actor=self.mayor).status == "signed"
