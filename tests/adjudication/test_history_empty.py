"""A draft claim's « Historique »: nothing has happened to it yet, and the page says so in words (the walk of
the demo read an empty table under the heading, as if the page had failed to load)."""

from django.test import Client

from tests.adjudication.helpers import AdjudicationTestCase
from tests.browser_forms import form_posting_to

NO_HISTORY = "Aucune étape n’est encore enregistrée pour cette demande."


class DraftHistoryTests(AdjudicationTestCase):
    def test_a_draft_says_it_has_no_history_yet_and_its_first_move_fills_the_table(self):
        claim = self.draft()
        self.attach(claim, *claim.profile.required_documents.get("application", []))
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.agent_a)
        html = browser.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        history = html[html.index("<h2>Historique</h2>") :]
        assert NO_HISTORY in history and "<table" not in history

        form = form_posting_to(html, "/moves/submit/")
        response = browser.post(form.action, form.data(form.button("submit")), follow=True)
        assert response.status_code == 200
        html = response.content.decode()
        history = html[html.index("<h2>Historique</h2>") :]
        assert NO_HISTORY not in history
        assert '<table class="list history">' in history and "brouillon → déposée" in history
