"""In English the case page writes English: the moves' headings read « Agreement reached (record of
conciliation) » and « No agreement (record of non-conciliation) », not the French names of the records in
parentheses, and the agreed holders' help quotes the line to type with English quotes (“ ”), not French
guillemets « ». French keeps its own words."""

from html import unescape

from django.utils import translation

from tests.disputes.helpers import DisputeTestCase


class EnglishTypographyTests(DisputeTestCase):
    def page(self, language: str) -> str:
        case = self.file_case(parcels=[self.parcel_a], rights=[self.right_a], subject="Parts de ŊABA Ɓukari")
        self.held_session(case)
        translation.activate(language)
        self.client.force_login(self.conciliator)
        self.client.cookies["django_language"] = language
        response = self.client.get(f"/disputes/{case.pk}/")
        assert response.status_code == 200
        return unescape(response.content.decode())

    def test_the_english_case_page_names_the_records_in_english_with_english_quotes(self):
        html = self.page("en")
        assert "<h2>Agreement reached (record of conciliation)</h2>" in html
        assert "<h2>No agreement (record of non-conciliation)</h2>" in html
        assert "one line per holder, “name as in the register = share”, e.g." in html
        assert "«" not in html and "»" not in html and "procès-verbal de" not in html

    def test_the_french_case_page_keeps_its_words(self):
        html = self.page("fr")
        assert "<h2>Accord trouvé (procès-verbal de conciliation)</h2>" in html
        assert "<h2>Pas d’accord (procès-verbal de non-conciliation)</h2>" in html
        assert "«\u202fnom inscrit au registre = part\u202f»" in html
