"""A document added from the claim's page, posted as the page renders its form (CSRF token, button, a file),
as each actor: a refusal says why beside the field and keeps what was typed; the same document sent twice
is attached once."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from landreg.core import clock
from tests.adjudication.helpers import AdjudicationTestCase
from tests.browser_forms import form_posting_to, forms

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def scan(content: bytes = PDF, name: str = "demande.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class ClaimDocumentPageTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        self.claim = self.draft()
        self.browser = Client(enforce_csrf_checks=True)
        self.url = f"/adjudication/claims/{self.claim.pk}/"

    def page(self, user) -> str:
        self.browser.force_login(user)
        response = self.browser.get(self.url)
        assert response.status_code == 200
        return response.content.decode()

    def attach(self, user=None, file=None, **typed):
        """The agent's click on « Joindre », the form filled as the page rendered it."""
        form = form_posting_to(self.page(user or self.agent_a), "/documents/")
        values = {"source_type": "application_form", "document_date": "2030-01-07", "reference": "F-1"}
        body = form.data(form.buttons[0], **(values | typed))
        if file is not None:
            body["file"] = file
        return self.browser.post(form.action, body, follow=True)

    def error_beside(self, html: str, field: str) -> str:
        found = re.search(rf'<span class="error" id="document_{field}_errors">(.*?)</span>', html)
        assert found, f"no error beside {field}"
        return found.group(1)

    def test_the_documents_date_is_today_unless_the_agent_changes_it(self):
        """As on a dispute case: an empty date stopped the agent at « Joindre » (seen walking a field record
        to its claim on the demo)."""
        form = form_posting_to(self.page(self.agent_a), "/documents/")
        assert ("document_date", clock.today().isoformat()) in form.fields
        body = form.data(form.buttons[0], source_type="application_form")
        body["file"] = scan()
        response = self.browser.post(form.action, body, follow=True)
        assert "La pièce est jointe." in response.content.decode()

    def test_the_agent_attaches_a_scan_and_finds_it_on_the_claim(self):
        response = self.attach(file=scan())
        html = response.content.decode()
        assert response.status_code == 200 and "La pièce est jointe." in html
        source = self.claim.documents.get()
        assert (source.source_type, source.reference, source.file.read()) == ("application_form", "F-1", PDF)
        assert "F-1 (07/01/2030)" in html and f"/documents/{source.pk}/" in html

    def test_neither_file_nor_reference_is_said_beside_the_file_and_what_was_typed_is_kept(self):
        response = self.attach(source_type="deed", reference="  ", document_date="2030-02-11")
        html = response.content.decode()
        assert response.status_code == 400 and not self.claim.documents.exists()
        assert "Choisissez le fichier" in self.error_beside(html, "file")
        assert "donnez la référence du papier" in self.error_beside(html, "file")
        kept = form_posting_to(html, "/documents/").data()
        assert (kept["source_type"], kept["document_date"]) == (["deed"], ["2030-02-11"])

    def test_a_paper_kept_at_the_office_is_recorded_by_its_reference_alone_and_once(self):
        response = self.attach(source_type="customary_attestation", reference="Attestation Ɓɛŋ 12/2030")
        html = response.content.decode()
        assert response.status_code == 200 and "La pièce est jointe." in html
        source = self.claim.documents.get()
        assert (source.source_type, source.reference, bool(source.file)) == (
            "customary_attestation",
            "Attestation Ɓɛŋ 12/2030",
            False,
        )
        assert "Attestation Ɓɛŋ 12/2030 (07/01/2030)" in html and f"/documents/{source.pk}/" not in html
        again = self.attach(source_type="customary_attestation", reference="Attestation Ɓɛŋ 12/2030")
        assert "Cette pièce était déjà jointe." in again.content.decode()
        assert self.claim.documents.count() == 1

    def test_a_file_that_is_not_a_scan_is_refused_beside_it_and_nothing_is_stored(self):
        response = self.attach(file=scan(b"<html><script>alert(1)</script>", "demande.pdf"))
        html = response.content.decode()
        assert response.status_code == 400 and not self.claim.documents.exists()
        assert "scan ou une photographie" in self.error_beside(html, "file")

    @override_settings(LANDREG_DOCUMENT_MAX_MB=1)
    def test_a_file_over_the_size_allowed_is_refused_beside_it(self):
        response = self.attach(file=scan(PDF + b"0" * 1_000_000))
        assert response.status_code == 400 and not self.claim.documents.exists()
        assert "1 Mo" in self.error_beside(response.content.decode(), "file")

    def test_a_forged_type_is_refused_beside_it(self):
        response = self.attach(file=scan(), source_type="selfie")
        assert response.status_code == 400 and not self.claim.documents.exists()
        assert "selfie" in self.error_beside(response.content.decode(), "source_type")

    def test_a_claim_the_user_does_not_see_is_not_found(self):
        form = form_posting_to(self.page(self.agent_a), "/documents/")
        body = form.data(form.buttons[0], document_date="2030-01-07") | {"file": scan()}
        self.browser.force_login(self.agent_b)  # the agent of village B, with the agent of A's form
        assert self.browser.post(form.action, body).status_code == 404
        forged = form.action.replace(str(self.claim.pk), "00000000-0000-4000-8000-000000000000")
        self.browser.force_login(self.agent_a)
        assert self.browser.post(forged, body | {"file": scan()}).status_code == 404
        assert not self.claim.documents.exists()

    def test_a_committee_member_sees_no_form_and_a_forged_post_is_refused_with_why(self):
        html = self.page(self.member_a)
        assert not [f for f in forms(html) if f.action.endswith("/documents/")]
        token = next(value for f in forms(html) for name, value in f.fields if name == "csrfmiddlewaretoken")
        response = self.browser.post(
            f"{self.url}documents/",
            {
                "csrfmiddlewaretoken": token,
                "source_type": "application_form",
                "document_date": "2030-01-07",
                "file": scan(),
            },
        )
        assert response.status_code == 403 and not self.claim.documents.exists()
        assert "Vous ne pouvez pas ajouter de pièces" in response.content.decode()

    def test_the_same_document_sent_twice_is_attached_once(self):
        self.attach(file=scan())
        again = self.attach(file=scan())
        assert again.status_code == 200 and "Cette pièce était déjà jointe." in again.content.decode()
        assert self.claim.documents.count() == 1
        other = self.attach(file=scan(PDF + b"% page 2\n"))  # another scan under the same reference
        assert other.status_code == 200 and self.claim.documents.count() == 2


class ClaimDocumentApiTests(AdjudicationTestCase):
    def test_a_document_sent_again_through_the_api_is_attached_once_with_the_same_id(self):
        claim = self.draft()
        self.client.force_login(self.agent_a)
        url = f"/api/v1/claims/{claim.pk}/documents/"
        body = {"source_type": "application_form", "document_date": "2030-01-07", "reference": "F-1"}
        first = self.client.post(url, body, content_type="application/json")
        again = self.client.post(url, body, content_type="application/json")
        assert (first.status_code, again.status_code) == (201, 200)
        assert first.json()["id"] == again.json()["id"] and claim.documents.count() == 1
        too_long = self.client.post(url, body | {"reference": "x" * 121}, content_type="application/json")
        assert too_long.status_code == 400 and "reference" in too_long.json()
