"""The minutes of a meeting (procès-verbal) and a witness's statement are document types of their own (they
went under « autre »): recorded, named in French, and offered where the claim's page, the change's page and
the case file's form offer document types."""

import datetime as dt
from html import unescape

from django.test import Client
from django.utils import translation

from landreg.adjudication.pages.change_forms import ChangeForm
from landreg.disputes.pages.forms import CaseDocumentForm
from landreg.documents.models import Source, SourceType
from landreg.documents.services import source_attach
from tests.adjudication.helpers import AdjudicationTestCase
from tests.browser_forms import form_posting_to
from tests.disputes.helpers import DisputeTestCase

NEW_TYPES = {"minutes": "procès-verbal", "witness_statement": "déclaration de témoin"}


def offered(field) -> dict:
    with translation.override("fr"):
        return {value: str(label) for value, label in field.choices}


class DocumentTypeTests(AdjudicationTestCase):
    def test_minutes_and_a_witness_statement_are_types_named_in_french(self):
        with translation.override("fr"):
            assert {t: str(SourceType(t).label) for t in NEW_TYPES} == NEW_TYPES
        assert SourceType.values[-1] == "other"  # « autre » stays last in every list

    def test_they_are_recorded_as_sources(self):
        for source_type in NEW_TYPES:
            source = source_attach(
                source_type=source_type,
                document_date=dt.date(2030, 1, 7),
                village=self.village_a,
                reference="PV-Ɓɛŋ-1",
            )
            source.full_clean()
        recorded = sorted(Source.objects.values_list("source_type", flat=True))
        assert recorded == ["minutes", "witness_statement"]

    def test_the_change_page_and_the_case_file_offer_them(self):
        for field in [ChangeForm.base_fields["source_type"], CaseDocumentForm.base_fields["source_type"]]:
            assert offered(field).items() >= NEW_TYPES.items()

    def test_the_agent_attaches_a_witness_statement_from_the_claim_page(self):
        claim = self.draft()
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.agent_a)
        url = f"/adjudication/claims/{claim.pk}/"
        page = browser.get(url).content.decode()
        for value, label in NEW_TYPES.items():
            assert f'<option value="{value}">{label}</option>' in unescape(page)
        form = form_posting_to(page, "/documents/")
        body = form.data(
            form.buttons[0],
            source_type="witness_statement",
            document_date="2030-01-07",
            reference="Témoignage de ŊGOMA Yɛro",
        )
        response = browser.post(form.action, body, follow=True)
        assert response.status_code == 200 and "La pièce est jointe." in response.content.decode()
        assert claim.documents.get().source_type == "witness_statement"
        assert "déclaration de témoin Témoignage de ŊGOMA Yɛro" in unescape(response.content.decode())


class CaseFileTypeTests(DisputeTestCase):
    def test_the_committee_attaches_the_minutes_of_a_meeting_to_the_case(self):
        case = self.file_case(parcels=[self.parcel_a])
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.conciliator)
        url = f"/disputes/{case.pk}/"
        page = unescape(browser.get(url).content.decode())
        for value, label in NEW_TYPES.items():
            assert f'<option value="{value}">{label}</option>' in page
        form = form_posting_to(page, f"{url}documents/")
        body = form.data(
            ("add", "document"),
            source_type="minutes",
            document_date="2030-01-07",
            reference="PV de la réunion de famille Ɓɛŋ",
        )
        response = browser.post(form.action, body, follow=True)
        html = unescape(response.content.decode())
        assert response.status_code == 200 and "La pièce est jointe au dossier." in html
        assert case.documents.get().source_type == "minutes"
        assert "procès-verbal — 07/01/2030 — PV de la réunion de famille Ɓɛŋ" in html
