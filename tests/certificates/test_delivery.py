"""The certificate handed over at the counter, as a land office does it: to one of its holders (for a family
holding, the mandatary or a member), or to a representative holding a power of attorney (by the paper's
reference, or its scan), with the identity document presented, which only the land office sees again.

The page is posted as it renders (CSRF enforced, its button, a file), by a registrar of the commune (the
demo's ``guichet``); the API takes the same."""

import datetime as dt
import hashlib
import io
import json
import re
from html import unescape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from landreg.accounts.models import User
from landreg.audit.models import AuditEvent
from landreg.audit.rows import _dumps, row_hashes
from landreg.certificates.exceptions import CertificateError
from landreg.certificates.issuing.services import certificate_deliver, certificate_print
from landreg.certificates.models import Certificate, CertificateDelivery
from landreg.documents.models import Source
from tests.browser_forms import form_posting_to, forms
from tests.certificates.base import CertificateTestCase, print_then_sign

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
ID_SHOWN = {"id_document_type": "national_id", "id_document_number": "B98765432"}
PROXY = {
    "recipient": "representative",
    "representative_name": "Ŋaba  Awa",
    "proxy_date": "2026-11-20",
    "reference": "PROC-2026-011",
    "id_document_type": "voter_card",
    "id_document_number": "CE-ŊA-7781",
}


def scan(content: bytes = PDF, name: str = "procuration.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def verify_audit() -> str:
    out = io.StringIO()
    with translation.override("en"):  # the pages left French active; the command speaks the active language
        call_command("verify_audit", stdout=out)
    return out.getvalue()


class DeliveryTestCase(CertificateTestCase):
    def setUp(self):
        super().setUp()
        self.browser = Client(enforce_csrf_checks=True)
        self.certificate = self.signed_and_printed(self.right_c)
        self.url = f"/certificates/{self.certificate.pk}/"

    def signed_and_printed(self, right) -> Certificate:
        return print_then_sign(self.issue(right=right), printer=self.registrar, signer=self.mayor)

    def page(self, user=None, url=None) -> str:
        self.browser.force_login(user or self.registrar)
        response = self.browser.get(url or self.url)
        assert response.status_code == 200
        return response.content.decode()

    def deliver(self, file=None, url=None, **typed):
        """A click on « Enregistrer » of the delivery form, filled as the page rendered it."""
        form = form_posting_to(self.page(url=url), "/deliver/")
        assert form.enctype == "multipart/form-data"
        body = form.data(form.buttons[0], **typed)
        if file is not None:
            body["file"] = file
        return self.browser.post(form.action, body, follow=True)

    def error_beside(self, html: str, field: str) -> str:
        found = re.search(rf'<span class="error" id="{field}_errors">(.*?)</span>', html)
        assert found, f"no error beside {field}"
        return unescape(found.group(1))

    def delivered_twice(self, with_file=False, **typed):
        """The delivery form filled once and sent twice (a second click, the page posted again after a cut):
        after the first, the page no longer offers the form (the paper was handed over)."""
        form = form_posting_to(self.page(), "/deliver/")
        responses = []
        for _sent in range(2):
            body = form.data(form.buttons[0], **typed)
            if with_file:
                body["file"] = scan()
            responses.append(self.browser.post(form.action, body, follow=True))
        assert not [f for f in forms(self.page()) if f.action.endswith("/deliver/")]
        return responses

    def deliveries_section(self, html: str) -> str:
        return html.split('<ul class="deliveries">', 1)[1].split("</ul>", 1)[0]


class HolderDeliveryPageTests(DeliveryTestCase):
    def test_the_form_lists_the_certificates_holders_and_a_representative(self):
        form = form_posting_to(self.page(), "/deliver/")
        assert "recipient" in form.radios and form.radios["recipient"] is None  # nobody chosen for them
        html = self.page()
        assert f'value="{self.wife.pk}"' in html and f'value="{self.husband.pk}"' in html
        assert "ƁAŊƆ Ɛlisabɛt Ƙandé" in html and "RAKOTOÑIRINA Jôsé" in html
        assert f'value="{self.herder.pk}"' not in html  # a grazing right's holder receives no certificate
        assert 'value="representative"' in html

    def test_a_holder_receives_it_and_the_page_says_who_with_the_id_to_the_office_only(self):
        response = self.deliver(recipient=str(self.wife.pk), acknowledgement="fingerprint", **ID_SHOWN)
        assert response.status_code == 200 and "Remise enregistrée." in response.content.decode()
        delivery = self.certificate.deliveries.get()
        assert (delivery.party, delivery.by_representative) == (self.wife, False)
        assert delivery.proxy_document is None
        assert (delivery.delivered_to, delivery.id_document_type, delivery.id_document_number) == (
            "ƁAŊƆ Ɛlisabɛt Ƙandé",
            "national_id",
            "B98765432",
        )
        shown = self.deliveries_section(response.content.decode())
        assert "ƁAŊƆ Ɛlisabɛt Ƙandé" in shown and "B98765432" in shown and "titulaire" in shown
        # The mayor sees who received it, never the identity document's number.
        mayors = self.deliveries_section(self.page(self.mayor))
        assert "ƁAŊƆ Ɛlisabɛt Ƙandé" in mayors and "B98765432" not in mayors

    def test_a_member_of_a_family_holding_receives_its_certificate(self):
        family = self.signed_and_printed(self.right_d)
        url = f"/certificates/{family.pk}/"
        html = self.page(url=url)
        assert "SAWADOGO Issa, mandataire de Famille Sawadogo" in html
        assert "SAWADOGO Awa, membre de Famille Sawadogo" in html
        response = self.deliver(url=url, recipient=str(self.daughter.pk), **ID_SHOWN)
        assert response.status_code == 200
        assert family.deliveries.get().party == self.daughter
        shown = unescape(self.deliveries_section(response.content.decode()))
        assert "SAWADOGO Awa — membre de Famille Sawadogo (" in shown and "titulaire" not in shown, shown

    def test_the_family_s_mandatary_receives_it_and_the_page_says_so_not_holder(self):
        family = self.signed_and_printed(self.right_d)
        url = f"/certificates/{family.pk}/"
        response = self.deliver(url=url, recipient=str(self.elder.pk), **ID_SHOWN)
        assert response.status_code == 200 and "Remise enregistrée." in response.content.decode()
        assert family.deliveries.get().party == self.elder
        shown = unescape(self.deliveries_section(response.content.decode()))
        assert "SAWADOGO Issa — mandataire de Famille Sawadogo (" in shown and "titulaire" not in shown, shown
        # In English too, for a reader who chose it.
        self.browser.cookies["django_language"] = "en"
        english = unescape(self.deliveries_section(self.page(url=url)))
        assert "SAWADOGO Issa — mandatary of Famille Sawadogo (" in english, english

    def test_a_party_who_holds_nothing_here_is_refused_beside_the_choice_and_nothing_is_saved(self):
        for forged in (self.herder.pk, self.elder.pk, "00000000-0000-4000-8000-000000000000", "x"):
            response = self.deliver(recipient=str(forged), **ID_SHOWN)
            html = response.content.decode()
            assert response.status_code == 400, forged
            assert "Choisissez l’un des titulaires de ce certificat" in self.error_beside(
                html, "delivery_recipient"
            )
        assert not CertificateDelivery.objects.exists() and not Source.objects.filter(reference="").exists()

    def test_without_the_identity_document_presented_nothing_is_saved(self):
        response = self.deliver(recipient=str(self.wife.pk))
        html = response.content.decode()
        assert response.status_code == 400 and not self.certificate.deliveries.exists()
        assert "obligatoire" in self.error_beside(html, "delivery_id_document_type")
        assert "obligatoire" in self.error_beside(html, "delivery_id_document_number")

    def test_a_holder_delivery_sent_twice_is_recorded_once(self):
        form = form_posting_to(self.page(), "/deliver/")
        body = form.data(form.buttons[0], recipient=str(self.husband.pk), marker="REC-1", **ID_SHOWN)
        first = self.browser.post(form.action, body, follow=True)
        again = self.browser.post(form.action, body, follow=True)
        assert (first.status_code, again.status_code) == (200, 200)
        assert self.certificate.deliveries.count() == 1
        assert self.certificate.events.filter(kind="delivered").count() == 1

    def test_the_public_verification_page_shows_no_delivery_data(self):
        self.deliver(recipient=str(self.wife.pk), **ID_SHOWN)
        certificate_print(certificate=self.certificate, actor=self.registrar)  # a duplicate, handed over too
        self.deliver(**PROXY)
        self.certificate.refresh_from_db()
        public = Client().get(f"/verify/{self.certificate.token}")
        html = public.content.decode()
        assert public.status_code == 200 and "VALIDE" in html.upper()
        for secret in ("B98765432", "CE-ŊA-7781", "PROC-2026-011", "Ŋaba Awa"):
            assert secret not in html

    def test_a_registrar_of_another_village_sees_neither_the_page_nor_the_id(self):
        self.deliver(recipient=str(self.wife.pk), **ID_SHOWN)
        self.browser.force_login(self.registrar_b)
        assert self.browser.get(self.url).status_code == 404


class RepresentativeDeliveryPageTests(DeliveryTestCase):
    def test_a_representative_with_a_power_of_attorney_by_its_reference(self):
        response = self.deliver(**PROXY)
        html = response.content.decode()
        assert response.status_code == 200, html
        delivery = self.certificate.deliveries.get()
        assert (delivery.party, delivery.by_representative, delivery.delivered_to) == (None, True, "Ŋaba Awa")
        proxy = delivery.proxy_document
        assert (proxy.source_type, proxy.reference, str(proxy.document_date), proxy.village) == (
            "mandate",
            "PROC-2026-011",
            "2026-11-20",
            self.village_a,
        )
        assert not proxy.file
        shown = self.deliveries_section(html)
        assert "Ŋaba Awa" in shown and "procuration" in shown
        assert "PROC-2026-011" in shown and "CE-ŊA-7781" in shown
        assert "(signature)" in shown  # no marker given: nothing after the acknowledgement
        mayors = self.deliveries_section(self.page(self.mayor))
        assert "Ŋaba Awa" in mayors and "PROC-2026-011" not in mayors and "CE-ŊA-7781" not in mayors

    def test_the_power_of_attorney_is_described_by_the_registrys_message_in_the_readers_language(self):
        self.deliver(**PROXY)  # the page in French
        proxy = self.certificate.deliveries.get().proxy_document
        # Stored in the clerk's language before (« Procuration pour recevoir le certificat … »).
        assert proxy.description == f"Power of attorney to receive certificate {self.certificate.number}"
        admin = Client()
        admin.force_login(User.objects.create_superuser("root", password="x"))
        french = admin.get("/admin/documents/source/").content.decode()
        assert f"Procuration pour recevoir le certificat {self.certificate.number}" in french
        admin.cookies["django_language"] = "en"
        english = admin.get("/admin/documents/source/").content.decode()
        assert f"Power of attorney to receive certificate {self.certificate.number}" in english
        assert "Procuration pour" not in english
        # A description stored in French before reads in English.
        Source.objects.filter(pk=proxy.pk).update(
            description="Procuration pour recevoir le certificat APFR-1"
        )
        assert (
            "Power of attorney to receive certificate APFR-1"
            in admin.get("/admin/documents/source/").content.decode()
        )

    def test_a_representative_with_the_scan_of_the_power_of_attorney_sent_twice_is_recorded_once(self):
        first, again = self.delivered_twice(with_file=True, **PROXY | {"reference": ""})
        assert (first.status_code, again.status_code) == (200, 200)
        delivery = self.certificate.deliveries.get()
        assert delivery.proxy_document.file
        assert Source.objects.filter(proxied_deliveries__certificate=self.certificate).distinct().count() == 1
        html = self.page()
        assert f"/documents/{delivery.proxy_document.pk}/file/" in self.deliveries_section(html)

    def test_the_scan_of_the_power_of_attorney_opens_only_where_personal_data_is_seen(self):
        self.deliver(file=scan(), **PROXY | {"reference": ""})
        url = f"/documents/{self.certificate.deliveries.get().proxy_document.pk}/file/"
        for user, status in ((self.registrar, 200), (self.member_a, 404), (self.registrar_b, 404)):
            self.browser.force_login(user)
            assert self.browser.get(url).status_code == status, user

    def test_a_representative_by_reference_sent_twice_is_recorded_once(self):
        self.delivered_twice(**PROXY)
        assert self.certificate.deliveries.count() == 1
        assert Source.objects.filter(reference="PROC-2026-011").count() == 1

    def test_a_representative_without_a_name_or_a_power_of_attorney_is_told_beside_each(self):
        typed = PROXY | {"representative_name": " ", "reference": "", "proxy_date": ""}
        response = self.deliver(**typed)
        html = response.content.decode()
        assert response.status_code == 400 and not CertificateDelivery.objects.exists()
        assert "nom du représentant" in self.error_beside(html, "delivery_representative_name")
        assert "référence" in self.error_beside(html, "delivery_file")
        assert "date de la procuration" in self.error_beside(html, "delivery_proxy_date")
        assert not Source.objects.filter(source_type="mandate", reference="").exists()

    def test_a_file_that_is_not_a_scan_is_refused_beside_it(self):
        response = self.deliver(file=scan(b"<html><script></script>"), **PROXY | {"reference": ""})
        assert response.status_code == 400 and not CertificateDelivery.objects.exists()
        assert "PDF" in self.error_beside(response.content.decode(), "delivery_file")


class DeliveryServiceTests(DeliveryTestCase):
    def call(self, **values):
        return certificate_deliver(
            certificate=self.certificate,
            actor=self.registrar,
            acknowledgement=values.pop("acknowledgement", "signature"),
            **ID_SHOWN | values,
        )

    def test_a_party_who_is_not_a_holder_is_refused(self):
        with self.assertRaisesMessage(CertificateError, "not a holder"):
            self.call(party=self.herder)
        assert not CertificateDelivery.objects.exists()

    def test_a_holder_and_a_representative_at_once_or_neither_are_refused(self):
        with self.assertRaisesMessage(CertificateError, "one of its holders or to a representative"):
            self.call(party=self.wife, representative_name="Ŋaba Awa")
        with self.assertRaisesMessage(CertificateError, "one of its holders or to a representative"):
            self.call()

    def test_a_representative_without_a_power_of_attorney_is_refused(self):
        with self.assertRaisesMessage(CertificateError, "power of attorney"):
            self.call(representative_name="Ŋaba Awa")
        assert not Source.objects.filter(source_type="mandate").exclude(reference="MANDAT-2025-007").exists()

    def test_an_unknown_identity_document_is_refused(self):
        with self.assertRaisesMessage(CertificateError, "identity document"):
            self.call(party=self.wife, id_document_type="library_card")


class DeliveryInTheChainTests(DeliveryTestCase):
    def test_verify_audit_passes_after_deliveries_and_the_chain_holds_no_id_or_proxy(self):
        self.deliver(recipient=str(self.wife.pk), **ID_SHOWN)
        certificate_print(certificate=self.certificate, actor=self.registrar)  # a duplicate, handed over too
        self.deliver(file=scan(), **PROXY)
        assert self.certificate.deliveries.count() == 2
        assert "Audit chain intact" in verify_audit()  # raises CommandError on a row it did not record
        payloads = json.dumps(list(AuditEvent.objects.values_list("payload", flat=True)), ensure_ascii=False)
        for secret in ("B98765432", "CE-ŊA-7781", "PROC-2026-011", "Ŋaba Awa"):
            assert secret not in payloads

    def test_a_delivery_recorded_before_these_columns_keeps_its_hash(self):
        """The new columns are empty by default, and a row's hash leaves empty values out: a delivery written
        before them hashes as its old columns alone."""
        old = CertificateDelivery.objects.create(
            certificate=self.certificate, delivered_to="Ŋɔnɔ Ɛtiɛn", acknowledgement="signature"
        )
        row = CertificateDelivery.objects.filter(pk=old.pk).values(
            "id", "certificate_id", "delivered_to", "delivered_at", "acknowledgement"
        )[0]
        fields = {
            "id": row["id"],
            "certificate_id": str(row["certificate_id"]),
            "delivered_to": row["delivered_to"],
            "delivered_at": row["delivered_at"].astimezone(dt.UTC).isoformat(),
            "acknowledgement": row["acknowledgement"],
        }
        body = {"table": "certificates.certificatedelivery", "id": str(old.pk), "fields": fields}
        expected = hashlib.sha256(_dumps(body)).hexdigest()
        assert row_hashes(CertificateDelivery, [old.pk]) == {str(old.pk): expected}


class DeliveryApiTests(DeliveryTestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.registrar)
        self.api = f"/api/v1/certificates/{self.certificate.pk}/deliver/"

    def post(self, body, **kwargs):
        kwargs.setdefault("content_type", "application/json")
        return self.client.post(self.api, body, **kwargs)

    def test_to_a_holder_then_again_recorded_once(self):
        body = {"holder": str(self.wife.pk), "acknowledgement": "fingerprint", **ID_SHOWN}
        first, again = self.post(body), self.post(body)
        assert (first.status_code, again.status_code) == (201, 200), first.content
        assert first.json()["delivered_to"] == "ƁAŊƆ Ɛlisabɛt Ƙandé"
        assert "B98765432" not in first.content.decode()
        delivery = self.certificate.deliveries.get()
        assert (delivery.party, delivery.id_document_number) == (self.wife, "B98765432")

    def test_a_forged_holder_is_refused_and_nothing_saved(self):
        for forged in (self.herder.pk, self.elder.pk):
            response = self.post({"holder": str(forged), "acknowledgement": "signature", **ID_SHOWN})
            assert response.status_code == 400 and "holder" in response.json(), response.content
        assert not CertificateDelivery.objects.exists()

    def test_to_a_representative_by_reference(self):
        body = {
            "representative_name": "Ŋaba Awa",
            "proxy_date": "2026-11-20",
            "proxy_reference": "PROC-2026-011",
            "acknowledgement": "signature",
            "id_document_type": "voter_card",
            "id_document_number": "CE-ŊA-7781",
        }
        response = self.post(body)
        assert response.status_code == 201, response.content
        delivery = self.certificate.deliveries.get()
        assert delivery.by_representative and delivery.proxy_document.reference == "PROC-2026-011"

    def test_to_a_representative_with_the_scan_as_multipart(self):
        body = {
            "representative_name": "Ŋaba Awa",
            "proxy_date": "2026-11-20",
            "proxy_file": scan(),
            "acknowledgement": "signature",
            "id_document_type": "voter_card",
            "id_document_number": "CE-ŊA-7781",
        }
        response = self.client.post(self.api, body)
        assert response.status_code == 201, response.content
        assert self.certificate.deliveries.get().proxy_document.file

    def test_a_representative_without_a_power_of_attorney_or_without_an_id_is_refused(self):
        response = self.post({"representative_name": "Ŋaba Awa", "acknowledgement": "signature", **ID_SHOWN})
        assert response.status_code == 400
        assert {"proxy_reference", "proxy_date"} <= set(response.json()), response.content
        response = self.post({"holder": str(self.wife.pk), "acknowledgement": "signature"})
        assert response.status_code == 400 and "id_document_number" in response.json()
        assert not CertificateDelivery.objects.exists()
