"""« Clore la publicité » on the claim's page: offered once the public notice may be closed (the day after its
end, as ``transitions.notice_close`` rules), and until then the page says from when. The walk of the demo
found the button offered while the notice ran, and refused when clicked."""

import datetime as dt

from django.test import Client

from landreg.adjudication.states import ClaimState
from tests.adjudication.helpers import AdjudicationTestCase
from tests.browser_forms import form_posting_to, forms

CLOSE = "/moves/notice_close/"


class NoticeCloseButtonTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.registrar)
        self.claim = self.accepted(self.submitted(self.draft()))

    def page(self) -> str:
        response = self.browser.get(f"/adjudication/claims/{self.claim.pk}/")
        assert response.status_code == 200
        return response.content.decode()

    def days_to(self, day: dt.date) -> int:
        return (day - self.now.date()).days

    def test_while_the_notice_runs_the_page_says_from_when_it_can_be_closed_and_offers_no_button(self):
        end = self.claim.notice_end
        for day in (self.claim.notice_start, end):  # its first day and its last
            self.travel(self.days_to(day))
            html = self.page()
            assert not any(f.action.endswith(CLOSE) for f in forms(html))
            said = end.strftime("%d/%m/%Y"), (end + dt.timedelta(days=1)).strftime("%d/%m/%Y")
            assert (
                f"La publicité court jusqu’au {said[0]}\u202f; elle pourra être close à partir du {said[1]}."
                in html
            )
            assert "/moves/notice_extend/" in html  # the other moves of the step stay offered

    def test_from_the_day_after_its_end_the_button_closes_the_notice(self):
        self.travel(self.days_to(self.claim.notice_end) + 1)
        html = self.page()
        assert "elle pourra être close" not in html
        form = form_posting_to(html, CLOSE)
        response = self.browser.post(form.action, form.data(form.button("notice_close")), follow=True)
        assert response.status_code == 200
        self.claim.refresh_from_db()
        assert self.claim.state != ClaimState.PUBLIC_NOTICE  # on to the procedure's next step
        said = [str(m) for m in response.context["messages"]]
        assert len(said) == 1 and said[0].startswith("C’est fait. État de la demande ")
