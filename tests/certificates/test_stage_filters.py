"""The certificate list's « Étape » filter says what each certificate's page says (selectors.stage_q: one
rule).

Found on the walk of the land office's paths: « remis » listed a certificate whose duplicate, printed after
the first paper was handed over, waited for its own delivery (its page said « à remettre »), and « à signer »
listed a certificate whose holders' right had ended since (its page says no stage: it is signed no more)."""

import re
from html import unescape

from django.test import Client

from landreg.certificates.issuing.services import certificate_deliver, certificate_print
from landreg.certificates.issuing.transitions import certificate_revoke
from landreg.rights.services import right_end
from tests.browser_forms import all_forms, flat
from tests.certificates.base import CertificateTestCase, print_then_sign
from tests.web.test_lists import rows

LIST = "/certificates/all/"


def stage_options(html: str) -> dict[str, str]:
    select = re.search(r'<select name="stage".*?</select>', html, re.S).group(0)
    return {
        value: unescape(label)
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)<', select)
    }


class StageFilterTests(CertificateTestCase):
    def setUp(self):
        super().setUp()
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.cookies["django_language"] = "fr"
        self.browser.force_login(self.registrar)

    def listed(self, stage: str, language: str = "fr") -> list[str]:
        """The list filtered as its form sends it: the rendered form, the stage chosen in its select."""
        self.browser.cookies["django_language"] = language
        page = self.browser.get(LIST).content.decode()
        form = flat(next(f for f in all_forms(page) if "stage" in f))
        response = self.browser.get(LIST, form | {"stage": stage})
        assert response.status_code == 200
        return rows(response.content.decode())

    def stage_on_page(self, certificate) -> str:
        html = self.browser.get(f"/certificates/{certificate.pk}/").content.decode()
        found = re.search(r'<dd class="stage" data-stage="([a-z_]+)">', html)
        return found.group(1) if found else ""

    def deliver(self, certificate, party, number):
        certificate_deliver(
            certificate=certificate,
            actor=self.registrar,
            party=party,
            acknowledgement="fingerprint",
            marker="FP-7",
            id_document_type="national_id",
            id_document_number=number,
        )

    def test_the_filter_offers_the_stages_in_french_and_in_english(self):
        html = self.browser.get(LIST).content.decode()
        assert {"to_sign": "à signer", "to_deliver": "à remettre", "delivered": "remis"}.items() <= (
            stage_options(html).items()
        )
        self.browser.cookies["django_language"] = "en"
        html = self.browser.get(LIST).content.decode()
        assert {"to_sign": "to sign", "to_deliver": "to deliver", "delivered": "delivered"}.items() <= (
            stage_options(html).items()
        )

    def test_a_duplicate_printed_after_a_delivery_is_to_deliver_as_its_page_says_not_delivered(self):
        certificate = self.issue()
        print_then_sign(certificate, printer=self.registrar, signer=self.mayor)
        self.deliver(certificate, self.wife, "B98765432")
        assert self.stage_on_page(certificate) == "delivered"
        assert self.listed("delivered") == [certificate.number]
        assert self.listed("to_deliver") == []

        certificate_print(certificate=certificate, actor=self.registrar)  # the duplicate, for the husband
        assert self.stage_on_page(certificate) == "to_deliver"
        assert self.listed("to_deliver") == [certificate.number]
        assert self.listed("delivered") == []
        assert self.listed("delivered", "en") == []

        self.deliver(certificate, self.husband, "CE-ŊA-0042")
        assert self.stage_on_page(certificate) == "delivered"
        assert self.listed("delivered") == [certificate.number]
        assert self.listed("to_deliver", "en") == []

    def test_to_sign_lists_neither_a_superseded_nor_a_revoked_certificate(self):
        superseded = self.issue()
        revoked = self.issue(right=self.right_d)
        waiting = self.issue(right=self.right_b, actor=self.registrar)
        for certificate in (superseded, revoked, waiting):
            certificate_print(certificate=certificate, actor=self.registrar)
        assert sorted(self.listed("to_sign")) == sorted([superseded.number, revoked.number, waiting.number])

        # The holders died before the mayor signed: their heirs' right is certified anew.
        right_end(right=self.right_c, actor=self.registrar, reason="Succession de Ɓaŋɔ Ɛlisabɛt")
        certificate_revoke(certificate=revoked, actor=self.mayor, reason="Erreur sur le mandataire")
        assert self.stage_on_page(superseded) == "" and self.stage_on_page(revoked) == ""
        assert self.listed("to_sign") == [waiting.number]
        assert self.listed("to_sign", "en") == [waiting.number]
        # Nor are they handed over: they stand on no stage at all.
        for stage in ("to_print", "to_deliver", "delivered"):
            assert superseded.number not in self.listed(stage) and revoked.number not in self.listed(stage)
