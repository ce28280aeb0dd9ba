"""Rejecting a claim offers only the reasons that can apply to it at its step. Found on the walk of the demo:
screening (the land office's first review) offered « une opposition a été retenue », « la commission a voté
contre » and « refusée par l’autorité signataire » for a claim with no public notice yet, no vote and no
signature before it. A reason forged into the form (or sent to the service) is refused with why, and the
claim stays where it was. Posted as the page renders it (CSRF, the one-use token, the button)."""

import re
from html import unescape

from django.test import Client
from django.utils import translation

from landreg.adjudication.claims import transitions as t
from landreg.adjudication.exceptions import ClaimError
from landreg.adjudication.states import ClaimState
from tests.adjudication.helpers import AdjudicationTestCase
from tests.browser_forms import form_posting_to

S = ClaimState


class RejectionReasonTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.browser = Client(enforce_csrf_checks=True)

    def reject_page(self, user, claim) -> str:
        self.browser.force_login(user)
        return self.browser.get(f"/adjudication/claims/{claim.pk}/moves/reject/").content.decode()

    def offered(self, html: str) -> list[str]:
        select = re.search(r'<select name="code"[^>]*>(.*?)</select>', html, re.S).group(1)
        return re.findall(r'<option value="([^"]*)"', select)

    def test_screening_offers_only_what_screening_can_find(self):
        claim = t.screening_start(claim=self.submitted(self.draft()), actor=self.registrar)
        html = self.reject_page(self.registrar, claim)
        assert self.offered(html) == ["duplicate", "overlap", "no_right", "public_land", "other"]

    def test_a_reason_forged_into_the_screenings_form_is_refused_with_why(self):
        claim = t.screening_start(claim=self.submitted(self.draft()), actor=self.registrar)
        form = form_posting_to(self.reject_page(self.registrar, claim), "/moves/reject/")
        data = form.data(form.button("reject"), code="objection_upheld", note="Opposition du voisin")
        response = self.browser.post(form.action, data)
        assert response.status_code == 400
        assert "Aucune opposition n’a été formée contre cette demande" in unescape(response.content.decode())
        claim.refresh_from_db()
        assert claim.state == S.SCREENING and not claim.rejection_reason

    def test_the_committee_rejects_on_its_vote_not_on_the_authoritys_refusal(self):
        claim = self.walk_to(self.draft(), S.COMMITTEE_VALIDATION)
        self.votes(claim, approve=0, reject=claim.profile.quorum_min_votes)
        committee = self.offered(self.reject_page(self.president_a, claim))
        assert "committee_vote" in committee and "authority_refusal" not in committee
        assert "objection_upheld" not in committee  # no objection was lodged against it
        with self.assertRaisesMessage(
            ClaimError, "L’autorité signataire refuse une demande à son approbation"
        ):
            t.claim_reject(claim=claim, actor=self.president_a, code="authority_refusal", note="Refus")
        claim = t.claim_reject(claim=claim, actor=self.president_a, code="committee_vote", note="Vote")
        assert claim.state == S.REJECTED and claim.rejection_reason == "committee_vote"
