"""What the walk of the demo found on a claim's page, read as the agent reads it (French, the page as it
renders, forms posted with CSRF and their button):

- after the public notice, the objection form went away without a word: the page now says the window closed
  and since when;
- the objector's list showed namesakes as identical lines (the demo's three « BATIONO Téné »): they are told
  apart as in the claim's own form;
- the history showed the dispute's opening note in English (« Objection to claim R-… »);
- moves that leave the claim in its state read « publicité → publicité »: they are named."""

import datetime as dt
import re
from html import unescape

from django.test import Client
from django.utils import translation

from landreg.adjudication.claims import transitions as t
from landreg.adjudication.states import ClaimState
from landreg.core import clock
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.browser_forms import form_posting_to


class ClaimPageWalkTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        self.claim = self.walk_to(self.draft(), ClaimState.PUBLIC_NOTICE)
        translation.activate("fr")
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.agent_a)
        self.url = f"/adjudication/claims/{self.claim.pk}/"

    def page(self) -> str:
        response = self.browser.get(self.url)
        assert response.status_code == 200
        return unescape(response.content.decode())

    def history(self, html: str) -> str:
        return html.split("<h2>Historique</h2>", 1)[1]

    def test_after_the_notice_the_page_says_objections_are_no_longer_received(self):
        html = self.page()
        assert 'id="objection"' in html and "objections-closed" not in html
        self.claim.refresh_from_db()
        end = self.claim.notice_end
        self.travel((end - clock.today()).days + 1)
        html = self.page()
        assert 'id="objection"' not in html
        said = f"La publicité a pris fin le {end:%d/%m/%Y}\u202f; les oppositions ne sont plus reçues."
        assert said in html

    def test_namesakes_in_the_objectors_list_are_told_apart(self):
        born = [dt.date(1984, 3, 1), dt.date(1961, 7, 9)]
        people = [
            make_person(
                self.village_a,
                "Bationo",
                "Téné",
                birth_date=day,
                id_document_type="national_id",
                id_document_number=f"B1133831{i}",
            )
            for i, day in enumerate(born)
        ]
        html = self.page()
        labels = {
            value: label.strip()
            for value, label in re.findall(r'<option value="([0-9a-f-]{36})">([^<]*)</option>', html)
        }
        first, second = (labels[str(person.pk)] for person in people)
        assert first != second
        assert "1984" in first and "B11338310" in first and "1961" in second

    def test_the_dispute_opened_by_an_objection_reads_in_french_in_the_history(self):
        objector = make_person(self.village_a, "Ŋaba", "Ɓintu Fatɛ", sex="F")
        form = form_posting_to(self.page(), "/objection/")
        typed = {"objector_party": str(objector.pk), "grounds": "La limite ouest empiète sur le bas-fond"}
        response = self.browser.post(form.action, form.data(form.buttons[0], **typed))
        assert response.status_code == 302
        self.browser.force_login(self.disputes)  # who reads the case's notes
        history = self.history(self.page())
        assert f"Opposition à la demande {self.claim.receipt_number}" in history
        assert "Objection to claim" not in history

    def test_moves_that_keep_the_state_are_named_in_the_history(self):
        self.claim.refresh_from_db()
        t.notice_extend(
            claim=self.claim,
            actor=self.registrar,
            new_end=self.claim.notice_end + dt.timedelta(days=10),
            reason="Village absent pendant la récolte",
        )
        t.notice_restart(claim=self.claim, actor=self.disputes, reason="Accord du dossier LIT-1")
        history = self.history(self.page())
        assert "Publicité prolongée (publicité)" in history
        assert "Publicité recommencée (publicité)" in history
        assert "publicité → publicité" not in history
