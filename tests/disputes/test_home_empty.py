"""The disputes home with no open case says so once: it said « Rien à afficher pour l’instant. » above an
empty table whose one row said « Aucun dossier ouvert. ». The table now shows only with rows, as the other
lists do (the field submissions, the print queue); a case opened shows its row as before."""

from html import unescape

from django.utils import translation

from landreg.disputes.cases.transitions import withdraw
from tests.disputes.helpers import DisputeTestCase


class DisputesHomeEmptyTests(DisputeTestCase):
    def home(self) -> str:
        translation.activate("fr")
        self.client.force_login(self.conciliator)
        response = self.client.get("/disputes/", HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200
        return unescape(response.content.decode())

    def test_no_open_case_is_said_once_without_an_empty_table(self):
        case = self.file_case(parcels=[self.parcel_a], subject="Limite ouest de la parcelle de ŊABA Ɓukari")
        withdraw(case=case, actor=self.disputes, reason="Le plaignant se désiste.")
        html = self.home()
        assert html.count("Rien à afficher pour l’instant.") == 1 and "Aucun dossier ouvert" not in html
        assert '<table class="list">' not in html
        assert case.number in html  # among the recently closed

    def test_an_open_case_is_listed_in_the_table(self):
        case = self.file_case(parcels=[self.parcel_a], subject="Limite ouest de la parcelle de ŊABA Ɓukari")
        html = self.home()
        assert '<table class="list">' in html and case.number in html
        assert "pour l’instant." not in html
