"""The site visit's record as the committee fills it on its page: « Traduit en » typed without ticking
« Traduit » (as on the walk of the demo) records a translated hearing, shown on the claim's page; it was kept
and never shown. Posted as the page renders (CSRF, the one-use token, the button)."""

from html import unescape

from django.test import Client
from django.utils import translation

from landreg.adjudication.models import SiteVisit
from landreg.adjudication.states import ClaimState
from tests.adjudication.helpers import AdjudicationTestCase
from tests.browser_forms import form_with_field


class SiteVisitTranslationPageTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.claim = self.walk_to(self.draft(), ClaimState.SITE_VERIFICATION)
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.member_a)
        self.url = f"/adjudication/claims/{self.claim.pk}/site-visit/"

    def test_the_language_it_was_translated_into_marks_the_hearing_translated(self):
        form = form_with_field(self.browser.get(self.url).content.decode(), "attendees-TOTAL_FORMS")
        assert "translated" not in dict(form.fields)  # the box is not ticked
        typed = {"language": "mooré", "translation_language": "français", "place": "Kɔŋgɔ-bas-fond"}
        response = self.browser.post(self.url, form.data(form.buttons[0], **typed))
        assert response.status_code == 302, unescape(response.content.decode())[:2000]
        visit = SiteVisit.objects.get(claim=self.claim)
        assert (visit.translated, visit.translation_language) == (True, "français")
        page = unescape(self.browser.get(response["Location"]).content.decode())
        assert "mooré (traduit en français)" in page
