"""What the walk of the demo found on the site verification's page: a committee member typed the 20th for
the 6th, and the procès-verbal of a hearing two weeks ahead was recorded, with the neighbour's disagreement
and the dispute case it opened, as if the limits had already been walked. A record is written once the
hearing is held: a date after today is refused with the reason, the page keeps every row as typed and
nothing is recorded; today's date records it. Posted as the page renders (CSRF, the one-use token, the
button)."""

import datetime as dt
from html import unescape

from django.test import Client
from django.utils import translation

from landreg.adjudication.models import SiteVisit
from landreg.adjudication.states import ClaimState
from landreg.core import clock
from landreg.disputes.models import DisputeCase
from tests.adjudication.helpers import AdjudicationTestCase
from tests.browser_forms import form_data, form_with_field


class SiteVisitDateTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.claim = self.walk_to(self.draft(), ClaimState.SITE_VERIFICATION)
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.member_a)
        self.url = f"/adjudication/claims/{self.claim.pk}/site-visit/"

    def typed(self, day: dt.date) -> dict:
        """The hearing and a western neighbour who contests the limit, typed in the page's spare row."""
        html = self.browser.get(self.url).content.decode()
        form = form_with_field(html, "attendees-TOTAL_FORMS")
        spare = next(i for i in range(10) if not dict(form.fields).get(f"attendees-{i}-name") and i > 0)
        values = {
            "visit_date": day.isoformat(),
            "place": "Champ de Paŋgnéwendé",
            "language": "dioula",
            f"attendees-{spare}-role": "neighbour",
            f"attendees-{spare}-name": "ZONGO Ɛlisabɛt",
            f"attendees-{spare}-direction": "W",
            f"attendees-{spare}-agrees": "no",
            f"attendees-{spare}-mark": "refused",
            f"attendees-{spare}-remark": "La limite ouest empiète sur mon champ",
        }
        return form, values

    def test_a_hearing_dated_after_today_is_refused_and_the_rows_are_kept(self):
        form, values = self.typed(clock.today() + dt.timedelta(days=14))
        response = self.browser.post(self.url, form.data(form.buttons[0], **values))
        assert response.status_code == 400
        html = unescape(response.content.decode())
        assert "Le constat s’enregistre une fois fait\u202f: sa date ne peut être dans le futur." in html
        kept = form_data(html)
        assert "ZONGO Ɛlisabɛt" in {v for vs in kept.values() for v in vs}
        assert not SiteVisit.objects.exists() and not DisputeCase.objects.exists()

    def test_a_hearing_held_today_is_recorded_with_the_neighbours_disagreement(self):
        form, values = self.typed(clock.today())
        response = self.browser.post(self.url, form.data(form.buttons[0], **values))
        assert response.status_code == 302, unescape(response.content.decode())[:2000]
        visit = SiteVisit.objects.get(claim=self.claim)
        assert visit.visit_date == clock.today() and visit.dispute is not None
