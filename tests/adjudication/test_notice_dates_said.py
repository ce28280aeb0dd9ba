"""What the walk of the demo found on a claim under public notice: the registrar pressed « Clore la
publicité » before its end (now offered only after it) and read « La publicité court jusqu’au
2027-01-20 ; elle peut être close à partir du lendemain. », and an extension to an earlier day answered
« … elle court jusqu’au 2026-12-05. »: dates written as the database keeps them, where the claim's page
writes 20/01/2027. Both now read as the page writes the notice's dates. Posted as the page renders (CSRF,
the one-use token, the button)."""

import datetime as dt
from html import unescape

from django.test import Client
from django.utils import translation

from landreg.adjudication.claims import transitions as t
from landreg.adjudication.states import ClaimState
from tests.adjudication.helpers import AdjudicationTestCase
from tests.browser_forms import form_posting_to


class NoticeDatesSaidTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.claim = self.walk_to(self.draft(), ClaimState.PUBLIC_NOTICE)
        self.claim.refresh_from_db()
        self.end = f"{self.claim.notice_end:%d/%m/%Y}"
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.registrar)
        self.url = f"/adjudication/claims/{self.claim.pk}/"

    def test_closing_a_notice_extended_meanwhile_says_the_new_end_as_the_page_writes_it(self):
        # The page offers « Clore la publicité » only from the day after the end (test_notice_close_button);
        # a page left open while a colleague extends the notice still sends it, and reads why it is refused.
        self.travel((self.claim.notice_end - self.now.date()).days + 1)
        form = form_posting_to(self.browser.get(self.url).content.decode(), "/moves/notice_close/")
        new_end = self.claim.notice_end + dt.timedelta(days=10)
        t.notice_extend(claim=self.claim, actor=self.registrar, new_end=new_end, reason="Marché reporté")
        response = self.browser.post(form.action, form.data(form.button("notice_close")), follow=True)
        html = unescape(response.content.decode())
        end = f"{new_end:%d/%m/%Y}"
        said = f"La publicité court jusqu’au {end}\u202f; elle peut être close à partir du lendemain."
        assert said in html, html[:3000]
        assert new_end.isoformat() not in html
        self.claim.refresh_from_db()
        assert self.claim.state == ClaimState.PUBLIC_NOTICE

    def test_an_extension_to_an_earlier_day_says_the_end_as_the_page_writes_it(self):
        page = self.browser.get(f"{self.url}moves/notice_extend/").content.decode()
        form = form_posting_to(page, "/moves/notice_extend/")
        earlier = (self.claim.notice_end - dt.timedelta(days=3)).isoformat()
        typed = {"new_end": earlier, "reason": "Affiche arrachée au marché"}
        response = self.browser.post(form.action, form.data(form.button("notice_extend"), **typed))
        html = unescape(response.content.decode())
        assert f"La publicité ne peut être raccourcie\u202f; elle court jusqu’au {self.end}." in html
