"""The case's file on its page: a party who joins after the case was opened and a document brought to it,
posted as the page renders the forms (CSRF token, button, a file), as each actor. A refusal says why beside
the field and keeps what was typed; the same party or document sent twice is in the file once."""

import re
from html import unescape

from django.core.files.uploadedfile import SimpleUploadedFile

from landreg.accounts.roles import Role
from landreg.audit.models import AuditEvent
from landreg.disputes.cases import transitions as dt_moves
from landreg.documents.models import Source
from tests.adjudication.helpers import make_user
from tests.base import make_person
from tests.browser_forms import form_posting_to
from tests.disputes.test_pages import PageTestCase

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def scan(content: bytes = PDF, name: str = "temoignage.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class CaseFilePageTestCase(PageTestCase):
    def setUp(self):
        super().setUp()
        self.case = self.file_case(parcels=[self.parcel_a], rights=[self.right_a])
        self.url = f"/disputes/{self.case.pk}/"

    def page(self, client) -> str:
        response = client.get(self.url)
        assert response.status_code == 200
        return response.content.decode()

    def add_party(self, client, page=None, **typed):
        """A click on « Ajouter la partie », the form filled as the page rendered it."""
        form = form_posting_to(page or self.page(client), f"{self.url}parties/")
        return client.post(form.action, form.data(("add", "party"), **typed), follow=True)

    def attach(self, client, file=None, page=None, **typed):
        form = form_posting_to(page or self.page(client), f"{self.url}documents/")
        values = {"source_type": "other", "document_date": "2030-01-07", "reference": "Témoin 1"}
        body = form.data(("add", "document"), **(values | typed))
        if file is not None:
            body["file"] = file
        return client.post(form.action, body, follow=True)

    def error_beside(self, html: str, field: str) -> str:
        found = re.search(rf'<span class="error" id="{field}_errors">(.*?)</span>', html)
        assert found, f"no error beside {field}"
        return unescape(found.group(1))

    def kept(self, html: str, action: str) -> dict:
        return form_posting_to(html, f"{self.url}{action}/").data()

    def closed(self):
        dt_moves.withdraw(case=self.case, actor=self.disputes, reason="Retrait de l’opposition")


class PartyPageTests(CaseFilePageTestCase):
    def test_the_committee_adds_an_heir_represented_by_his_uncle_and_sees_him_in_the_file(self):
        client = self.client_for(self.conciliator)
        response = self.add_party(
            client, role="heir", name="  ƁAŊƆ   Ɛlisabɛt ", sex="F", represented_by="ŊGOMA Yɛro"
        )
        html = unescape(response.content.decode())
        assert response.status_code == 200 and "La partie est ajoutée au dossier." in html
        added = self.case.parties.get(role="heir")
        assert (added.name, added.sex, added.represented_by, added.party) == (
            "ƁAŊƆ Ɛlisabɛt",
            "F",
            "ŊGOMA Yɛro",
            None,
        )
        assert "ƁAŊƆ Ɛlisabɛt — héritière" in html and "représenté(e) par ŊGOMA Yɛro" in html
        event = AuditEvent.objects.filter(action="dispute.party").get()
        assert event.payload == {"role": "heir", "id": added.pk} and event.actor == self.conciliator

    def test_the_holder_of_the_case_land_is_picked_from_the_register(self):
        client = self.client_for(self.disputes)
        page = self.page(client)
        assert f'value="{self.holder_a.pk}"' in page  # the holder of the case's parcel is offered
        response = self.add_party(
            client, page, role="holder", name="OUÉDRAOGO Aminata", party=str(self.holder_a.pk)
        )
        assert response.status_code == 200
        assert self.case.parties.filter(role="holder", party=self.holder_a).count() == 2  # opened with one

    def test_the_same_party_sent_twice_is_added_once(self):
        client = self.client_for(self.conciliator)
        page = self.page(client)  # both sends from the same page: a double click, a post after a cut
        self.add_party(client, page, role="neighbour", name="SAWADOGO Ɛnŋa", sex="M")
        response = self.add_party(client, page, role="neighbour", name="SAWADOGO Ɛnŋa", sex="M")
        assert "envoyé deux fois" in unescape(response.content.decode())  # web/once.py
        assert self.case.parties.filter(name="SAWADOGO Ɛnŋa").count() == 1
        assert AuditEvent.objects.filter(action="dispute.party").count() == 1

    def test_a_missing_name_is_said_beside_it_and_what_was_typed_is_kept(self):
        client = self.client_for(self.conciliator)
        response = self.add_party(client, role="heir", name="   ", represented_by="ŊGOMA Yɛro")
        html = response.content.decode()
        assert response.status_code == 400 and self.case.parties.count() == 2
        assert "Donnez le nom de la partie." in self.error_beside(html, "party_name")
        kept = self.kept(html, "parties")
        assert (kept["role"], kept["represented_by"]) == (["heir"], ["ŊGOMA Yɛro"])

    def test_a_forged_role_is_refused_beside_it(self):
        response = self.add_party(self.client_for(self.conciliator), role="chief", name="NAABA Kiiba")
        html = response.content.decode()
        assert response.status_code == 400 and self.case.parties.count() == 2
        assert "chief" in self.error_beside(html, "party_role")
        assert self.kept(html, "parties")["name"] == ["NAABA Kiiba"]

    def test_a_person_of_another_village_is_refused_beside_the_field(self):
        other = make_person(self.village_b, last_name="Zongo", first_names="Ɓila", sex="F")
        response = self.add_party(
            self.client_for(self.disputes), role="heir", name="ZONGO Ɓila", party=str(other.pk)
        )
        html = response.content.decode()
        assert response.status_code == 400 and not self.case.parties.filter(party=other).exists()
        assert "Sélectionnez un choix valide" in self.error_beside(html, "party_party")
        assert self.kept(html, "parties")["name"] == ["ZONGO Ɓila"]

    def test_a_closed_case_takes_no_new_party_and_no_longer_offers_the_form(self):
        client = self.client_for(self.conciliator)
        page = self.page(client)
        self.closed()
        assert f"{self.url}parties/" not in self.page(client)
        response = self.add_party(client, page, role="heir", name="KABORE Ɛli")  # the page loaded before
        html = unescape(response.content.decode())
        assert response.status_code == 400 and self.case.parties.count() == 2
        assert "ne reçoit plus de partie ni de pièce" in html
        assert self.kept(html, "parties")["name"] == ["KABORE Ɛli"]

    def test_nobody_outside_the_case_village_roles_sees_the_forms_or_may_post_them(self):
        conciliator_b = make_user("conciliator_b", Role.CONCILIATION_COMMITTEE, self.village_b)
        page = self.page(self.client_for(self.conciliator))
        form = form_posting_to(page, f"{self.url}parties/")
        body = form.data(("add", "party"), role="heir", name="KABORE Ɛli")
        for user in [conciliator_b, self.agent_a, self.member_a, self.registrar, self.stranger]:
            client = self.client_for(user)
            client.get("/")  # a CSRF cookie of its own
            body["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
            with self.subTest(user=user.username):
                if user is self.registrar:  # the land office follows the case, shown without its forms
                    page = client.get(self.url)
                    assert page.status_code == 200 and f"{self.url}parties/" not in page.content.decode()
                    assert client.post(form.action, body).status_code == 403
                    continue
                assert client.get(self.url).status_code == 404
                assert client.post(form.action, body).status_code == 404
        assert self.case.parties.count() == 2


class DocumentPageTests(CaseFilePageTestCase):
    def test_the_committee_attaches_a_witness_statement_and_finds_it_in_the_file(self):
        client = self.client_for(self.conciliator)
        response = self.attach(
            client,
            file=scan(),
            source_type="witness_statement",
            description="Déclaration de ŊGOMA Yɛro, voisin",
        )
        html = unescape(response.content.decode())
        assert response.status_code == 200 and "La pièce est jointe au dossier." in html
        source = self.case.documents.get()
        assert "déclaration de témoin — 07/01/2030 — Témoin 1" in html
        assert (source.source_type, source.reference, source.village, source.file.read()) == (
            "witness_statement",
            "Témoin 1",
            self.village_a,
            PDF,
        )
        assert "Déclaration de ŊGOMA Yɛro, voisin" in html and f"/documents/{source.pk}/file/" in html
        event = AuditEvent.objects.filter(action="dispute.documents").get()
        assert event.payload == {"documents": [str(source.pk)]}

    def test_the_same_document_sent_twice_is_attached_once(self):
        client = self.client_for(self.conciliator)
        page = self.page(client)
        self.attach(client, file=scan(), page=page)
        response = self.attach(client, file=scan(), page=page)
        assert "envoyé deux fois" in unescape(response.content.decode())  # web/once.py
        assert self.case.documents.count() == 1 and Source.objects.count() == 1
        # Another scan with the same type, date and reference is another document.
        self.attach(client, file=scan(PDF + b"% page 2\n"), page=page)
        assert self.case.documents.count() == 2

    def test_neither_file_nor_reference_is_said_beside_the_file_and_what_was_typed_is_kept(self):
        client = self.client_for(self.conciliator)
        response = self.attach(client, source_type="sketch", reference="", description="Croquis de Ɛnŋa")
        html = response.content.decode()
        assert response.status_code == 400 and not self.case.documents.exists()
        assert "ou donnez la référence du papier" in self.error_beside(html, "document_file")
        kept = self.kept(html, "documents")
        assert (kept["source_type"], kept["description"]) == (["sketch"], ["Croquis de Ɛnŋa"])

    def test_a_paper_kept_at_the_office_is_recorded_by_its_reference_alone_once(self):
        client = self.client_for(self.conciliator)
        page = self.page(client)
        self.attach(client, page=page, source_type="customary_attestation", reference="Attestation Ŋ-4")
        response = self.attach(
            client, page=page, source_type="customary_attestation", reference="Attestation Ŋ-4"
        )
        html = unescape(response.content.decode())
        source = self.case.documents.get()
        assert not source.file and "Attestation Ŋ-4" in html and f"/documents/{source.pk}/file/" not in html

    def test_a_file_forged_as_a_scan_is_refused_beside_it_and_nothing_is_stored(self):
        forged = scan(b"<html><script>alert(1)</script>", "temoignage.pdf")
        response = self.attach(self.client_for(self.conciliator), file=forged)
        assert response.status_code == 400 and not Source.objects.exists()
        assert "scan ou une photographie" in self.error_beside(response.content.decode(), "document_file")

    def test_a_type_the_case_file_does_not_take_is_refused(self):
        response = self.attach(self.client_for(self.conciliator), file=scan(), source_type="certificate_scan")
        assert response.status_code == 400 and not Source.objects.exists()
        assert "certificate_scan" in self.error_beside(response.content.decode(), "document_source_type")

    def test_a_closed_case_takes_no_new_document(self):
        client = self.client_for(self.disputes)
        page = self.page(client)
        self.closed()
        assert f"{self.url}documents/" not in self.page(client)
        response = self.attach(client, file=scan(), page=page)
        assert response.status_code == 400 and not Source.objects.exists()
        assert "ne reçoit plus de partie ni de pièce" in unescape(response.content.decode())

    def test_a_user_of_another_village_gets_404(self):
        conciliator_b = make_user("conciliator_b", Role.CONCILIATION_COMMITTEE, self.village_b)
        client = self.client_for(conciliator_b)
        client.get("/")
        body = {"csrfmiddlewaretoken": client.cookies["csrftoken"].value, "source_type": "other"}
        body |= {"document_date": "2030-01-07", "file": scan(), "add": "document"}
        assert client.post(f"{self.url}documents/", body).status_code == 404
        assert not Source.objects.exists()
