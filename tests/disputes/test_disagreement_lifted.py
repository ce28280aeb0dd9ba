"""A case opened by a neighbour's disagreement at the site verification is not an objection: the objection
(opposition) is lodged during the public notice, in its window and not after (domain.md, the procedure's
step 3), the site verification comes after it and its procès-verbal records the neighbour's disagreement. Its
agreement offered « l’opposition est retirée », an objection no one lodged; it now offers « le désaccord est
levé », which changes the register no more (the case's closing releases the claim), and refuses the
objection's withdrawal with the reason, on the page and through the API. Posted as the page renders it."""

import re
from html import unescape

from django.test import Client
from django.utils import translation

from landreg.adjudication.states import ClaimState
from landreg.core import clock
from landreg.disputes.states import DisputeOrigin, DisputeStatus
from tests.browser_forms import form_posting_to
from tests.disputes.helpers import DisputeTestCase
from tests.disputes.test_changes_that_apply import offered


class DisagreementLiftedTests(DisputeTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.claim = self.walk_to(self.draft(east=100), ClaimState.SITE_VERIFICATION)
        self.case = self.site_record(self.claim, agrees=False).dispute
        assert self.case.origin == DisputeOrigin.SITE_VISIT
        self.held_session(self.case)
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.conciliator)
        self.action = f"/disputes/{self.case.pk}/moves/agree/"

    def test_the_agreement_lifts_the_disagreement_and_offers_no_objection_to_withdraw(self):
        html = self.browser.get(f"/disputes/{self.case.pk}/").content.decode()
        assert offered(html, self.action) == ["none", "lift_disagreement", "withdraw_claim", "boundary"]
        assert "le désaccord est levé" in unescape(html)
        form = form_posting_to(html, "/moves/agree/")
        data = form.data(
            form.button("agree"),
            summary="OUÉDRAOGO Aminata reconnaît la limite ouest.",
            signatures="Empreintes des parties",
            change="lift_disagreement",
        )
        page = unescape(self.browser.post(self.action, data, follow=True).content.decode())
        said = " ".join(re.findall(r'<li class="success[^"]*">(.*?)</li>', page, re.S))
        assert "Affaire close par conciliation (accord du " in said
        assert ")\u202f: le désaccord est levé." in said
        self.case.refresh_from_db()
        assert self.case.status == DisputeStatus.CONCILIATED and not self.case.is_open

    def test_the_objections_withdrawal_is_refused_with_the_reason_on_the_page_and_through_the_api(self):
        form = form_posting_to(
            self.browser.get(f"/disputes/{self.case.pk}/").content.decode(), "/moves/agree/"
        )
        data = form.data(
            form.button("agree"), summary="Accord", signatures="Empreintes", change="withdraw_objection"
        )
        response = self.browser.post(self.action, data)
        assert response.status_code == 400
        assert "il a été ouvert par le désaccord d’un voisin" in unescape(response.content.decode())
        self.client.force_login(self.conciliator)
        answer = self.client.post(
            f"/api/v1/disputes/{self.case.pk}/moves/agree/",
            {
                "decided_on": clock.today().isoformat(),
                "summary": "Accord",
                "signatures": "Empreintes",
                "change": "withdraw_objection",
            },
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="fr",
        )
        assert answer.status_code == 400, answer.content
        assert "lors du constat contradictoire" in answer.json()["detail"]
        self.case.refresh_from_db()
        assert self.case.status == DisputeStatus.CONCILIATION
