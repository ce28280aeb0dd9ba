"""The certificate's history names how the holder acknowledged receipt in the reader's language: the walk of
the demo read « remis — guichet YAMÉOGO Ɓila (fils) (fingerprint) » on the French page (the service keeps the
mark's code in the event's reason). Posted as the page renders, by the registrar."""

from html import unescape

from django.utils import translation

from tests.certificates.test_delivery import ID_SHOWN, DeliveryTestCase


class DeliveryHistoryLanguageTests(DeliveryTestCase):
    def history(self, html: str) -> str:
        return unescape(html.split("<h2>Historique</h2>", 1)[1].split("</ul>", 1)[0])

    def test_the_history_names_the_mark_in_french(self):
        translation.activate("fr")
        response = self.deliver(recipient=str(self.wife.pk), acknowledgement="fingerprint", **ID_SHOWN)
        assert response.status_code == 200
        history = self.history(response.content.decode())
        assert "ƁAŊƆ Ɛlisabɛt Ƙandé (empreinte digitale)" in history
        assert "fingerprint" not in history
