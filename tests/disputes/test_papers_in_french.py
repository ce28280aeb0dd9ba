"""The record of a dispute's outcome (procès-verbal of conciliation or non-conciliation, record of the court's
decision) and the registers (possessions, transactions, conciliations) print in French whatever the reader's
language: acts of the procedure and the books the land office keeps, in the official language. An English
reader's links said nothing of it (« Record (PDF) », « PDF », « CSV ») and gave a French paper; they now say
« (in French) », as the notice board's and the site record's do. The French links are unchanged."""

import re
from html import unescape

from django.conf import settings
from django.urls import reverse

from landreg.core import clock
from landreg.disputes.cases import transitions as moves
from tests.certificates.base import pdf_text
from tests.disputes.test_pages import PageTestCase


class PapersInFrenchTests(PageTestCase):
    def reading(self, user, language: str):
        client = self.client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # the header's menu keeps it in a cookie
        return client

    def test_the_outcome_records_link_says_in_french_to_an_english_reader_and_gives_the_french_record(self):
        _claim, case = self.objection_case()
        self.held_session(case)
        moves.agree(
            case=case,
            actor=self.conciliator,
            decided_on=clock.today(),
            summary="ƁAŊƆ Ɛlisabɛt retire son opposition ; la borne nord reste en place.",
            signatures="Empreintes des parties",
        )
        english = self.reading(self.disputes, "en")
        html = unescape(english.get(f"/disputes/{case.pk}/").content.decode())
        [(href, label)] = re.findall(r'<a href="(/disputes/[^"]+/records/[^"]+\.pdf)">([^<]+)</a>', html)
        assert label == "Record (PDF, in French)"
        assert "PROCÈS-VERBAL DE CONCILIATION" in pdf_text(english.get(href).content)
        french = unescape(self.reading(self.disputes, "fr").get(f"/disputes/{case.pk}/").content.decode())
        assert f'<a href="{href}">Procès-verbal (PDF)</a>' in french

    def test_the_registers_links_say_in_french_to_an_english_reader(self):
        period = {"village": self.village_a.code, "start": "2030-01-01", "end": "2030-12-31"}
        english = unescape(
            self.reading(self.registrar, "en").get(reverse("registers:list"), period).content.decode()
        )
        assert (
            english.count(">PDF (in French)</a>")
            == len(re.findall(r'href="/registers/[^"]+/pdf', english))
            > 0
        )
        assert (
            english.count(">CSV (in French)</a>")
            == len(re.findall(r'href="/registers/[^"]+/csv', english))
            > 0
        )
        french = unescape(
            self.reading(self.registrar, "fr").get(reverse("registers:list"), period).content.decode()
        )
        assert ">PDF</a>" in french and ">CSV</a>" in french and "in French" not in french
