"""The committee's quorum, on the claim's page and in the moves. The president was offered « Valider
(comité) » from the first vote, then refused on the click; the page now says how many votes are cast and
needed (« Quorum non atteint : 1 vote exprimé, 2 requis. ») and offers the validation once the quorum is
reached and the votes approve (the rejection once it is reached and they do not), as the moves refuse it.

A claim the committee had voted on, whose boundary a dispute's agreement then revised (the notice posted
again), came back before the committee with the votes cast on the old boundary counted: « 2 pour, 0 contre —
quorum atteint », the validation offered at once, and the members who had voted told they had voted already.
It now comes back for a new round: the old votes count no more, each member votes again on the claim as it
is.
Posted as the pages render them (CSRF, the one-use token, the button)."""

import re
from html import unescape

from django.test import Client
from django.utils import translation

from landreg.adjudication.claims import transitions as t
from landreg.adjudication.exceptions import VoteError
from landreg.adjudication.states import ClaimState
from landreg.core import clock
from landreg.disputes.cases import transitions as moves
from landreg.disputes.cases.services import PartyInput
from landreg.disputes.states import AgreedChange
from tests.browser_forms import form_posting_to, forms
from tests.disputes.helpers import DisputeTestCase
from tests.geometries import square

NNBSP = "\u202f"
S = ClaimState


class CommitteeRoundTests(DisputeTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.claim = self.walk_to(self.draft(east=100), S.COMMITTEE_VALIDATION)
        self.page_url = f"/adjudication/claims/{self.claim.pk}/"

    def browser(self, user) -> Client:
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        return client

    def page(self, user) -> str:
        return unescape(self.browser(user).get(self.page_url).content.decode())

    def offered(self, html: str) -> set[str]:
        actions = {f.action for f in forms(html)} | set(re.findall(r'href="([^"]+/moves/[^"]+)"', html))
        return {a.rstrip("/").rsplit("/", 1)[1] for a in actions if "/moves/" in a}

    def tally_said(self, html: str) -> str:
        return re.search(r'<p class="tally">(.*?)</p>', html, re.S).group(1)

    def vote_on_the_page(self, member, decision="approve"):
        client = self.browser(member)
        form = form_posting_to(client.get(self.page_url).content.decode(), "/vote/")
        response = client.post(
            form.action, form.data(form.buttons[0], decision=decision, reason="Limites vues")
        )
        assert response.status_code == 302, unescape(response.content.decode())[:2000]

    def test_the_validation_is_offered_once_the_quorum_is_reached_and_the_page_says_the_count(self):
        needed = self.claim.profile.quorum_min_votes
        assert needed == 2
        html = self.page(self.president_a)
        assert (
            self.tally_said(html)
            == f"0 pour, 0 contre — Quorum non atteint{NNBSP}: 0 vote exprimé, 2 requis."
        )
        assert not {"committee_validate", "reject"} & self.offered(html)
        self.vote_on_the_page(self.members_a[0])
        html = self.page(self.president_a)
        assert (
            self.tally_said(html)
            == f"1 pour, 0 contre — Quorum non atteint{NNBSP}: 1 vote exprimé, 2 requis."
        )
        assert not {"committee_validate", "reject"} & self.offered(html)
        with self.assertRaisesMessage(VoteError, "1 vote exprimé, 2 requis"):
            t.committee_validate(claim=self.claim, actor=self.president_a)
        self.vote_on_the_page(self.members_a[1])
        html = self.page(self.president_a)
        assert self.tally_said(html) == "2 pour, 0 contre — quorum atteint"
        assert "committee_validate" in self.offered(html) and "reject" not in self.offered(html)
        client = self.browser(self.president_a)
        form = form_posting_to(client.get(self.page_url).content.decode(), "/moves/committee_validate/")
        response = client.post(form.action, form.data(form.button("committee_validate")))
        assert response.status_code == 302
        self.claim.refresh_from_db()
        assert self.claim.state == S.AUTHORITY_APPROVAL

    def test_a_majority_against_offers_the_rejection_not_the_validation(self):
        self.votes(self.claim, approve=0, reject=2)
        offered = self.offered(self.page(self.president_a))
        assert "reject" in offered and "committee_validate" not in offered

    def test_back_before_the_committee_after_an_agreement_revised_its_boundary_the_committee_votes_again(
        self,
    ):
        self.votes(self.claim, approve=2)
        case = self.file_case(
            subject="Chevauchement avec le champ voisin",
            kind="boundary",
            claims=[self.claim],
            parties=[
                PartyInput("claimant", "ŊABA Ɓintu Fatɛ", "F"),
                PartyInput("neighbour", "ZONGO Paul", "M"),
            ],
        )
        self.held_session(case)
        moves.agree(
            case=case,
            actor=self.conciliator,
            decided_on=clock.today(),
            summary="La limite est recule de 10 m.",
            signatures="Empreintes des parties",
            change=AgreedChange.BOUNDARY,
            change_data={"geometry": square(100, 0, side=90).geojson},
        )
        self.claim.refresh_from_db()
        assert self.claim.state == S.PUBLIC_NOTICE
        claim = self.walk_to(self.claim, S.COMMITTEE_VALIDATION)
        html = self.page(self.president_a)
        assert (
            self.tally_said(html)
            == f"0 pour, 0 contre — Quorum non atteint{NNBSP}: 0 vote exprimé, 2 requis."
        )
        assert "committee_validate" not in self.offered(html)
        with self.assertRaisesMessage(VoteError, "0 vote exprimé, 2 requis"):
            t.committee_validate(claim=claim, actor=self.president_a)
        # The member who voted on the old boundary is offered the vote again, and votes.
        assert "Votre vote" not in self.page(self.members_a[0])
        self.vote_on_the_page(self.members_a[0], decision="reject")
        self.vote_on_the_page(self.members_a[1])
        html = self.page(self.president_a)
        assert self.tally_said(html) == "1 pour, 1 contre — quorum atteint"
        assert "reject" in self.offered(html) and "committee_validate" not in self.offered(html)
