"""What the walk of the demo found on « Mes envois du terrain » before anything was sent: the page said it
twice, « Rien à afficher pour l’instant. » above an empty table whose one row said « Rien reçu pour
l’instant. ». It now says it once, as the other lists do (the print queue, the claims), with no empty table;
a record sent shows its row as before."""

from html import unescape

from django.utils import translation

from tests.collect.test_openrosa import DeviceTestCase, record


class FieldRecordsEmptyTests(DeviceTestCase):
    def page(self) -> str:
        translation.activate("fr")
        self.client.force_login(self.agent_a)
        response = self.client.get("/collect/", HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200
        return unescape(response.content.decode())

    def test_nothing_sent_yet_is_said_once_without_an_empty_table(self):
        html = self.page()
        assert html.count("pour l’instant.") == 1 and "Rien à afficher pour l’instant." in html
        assert '<table class="list">' not in html

    def test_a_record_sent_is_listed_in_the_table(self):
        assert self.post(record(instance_id="uuid:ngoma")).status_code == 201
        html = self.page()
        assert '<table class="list">' in html and "pour l’instant." not in html
