"""The claims API lists the moves the caller may make now by the rule the moves and the claim's page follow:
its ``allowed_moves`` listed « committee_validate » (and the committee's « reject ») from the first vote,
before the quorum, and the move then refused it (« Quorum non atteint : 1 vote exprimé, 2 requis. », which the
page says in its place). Now the validation is listed once the quorum is reached and the votes approve, the
rejection once it is reached and they do not, as the page offers them."""

from django.utils import translation

from landreg.adjudication.committee.votes import vote_cast
from landreg.adjudication.states import ClaimState
from tests.adjudication.helpers import AdjudicationTestCase

NNBSP = "\u202f"


class CommitteeMovesThroughTheApiTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.claim = self.walk_to(self.draft(east=100), ClaimState.COMMITTEE_VALIDATION)
        self.url = f"/api/v1/claims/{self.claim.pk}/"

    def listed(self) -> list[str]:
        self.client.force_login(self.president_a)
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200, response.content
        return response.json()["allowed_moves"]

    def test_the_validation_is_listed_once_the_quorum_is_reached_and_the_move_refuses_it_before(self):
        assert self.claim.profile.quorum_min_votes == 2
        assert not {"committee_validate", "reject"} & set(self.listed())
        self.votes(self.claim, approve=1)
        assert not {"committee_validate", "reject"} & set(self.listed())
        refused = self.client.post(
            f"{self.url}moves/committee_validate/",
            {},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="fr",
        )
        assert refused.status_code == 400, refused.content
        assert refused.json()["detail"] == f"Quorum non atteint{NNBSP}: 1 vote exprimé, 2 requis."
        page = self.client.get(f"/adjudication/claims/{self.claim.pk}/").content.decode()
        assert f"Quorum non atteint{NNBSP}: 1 vote exprimé, 2 requis." in page
        self.votes_more(approve=1)
        listed = self.listed()
        assert "committee_validate" in listed and "reject" not in listed
        done = self.client.post(
            f"{self.url}moves/committee_validate/",
            {},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="fr",
        )
        assert done.status_code == 200, done.content
        assert done.json()["state"] == ClaimState.AUTHORITY_APPROVAL

    def test_a_majority_against_lists_the_rejection_not_the_validation(self):
        self.votes(self.claim, approve=0, reject=2)
        listed = self.listed()
        assert "reject" in listed and "committee_validate" not in listed

    def votes_more(self, approve: int):
        for member in self.members_a[1 : 1 + approve]:
            vote_cast(claim=self.claim, member=member, decision="approve", reason="Limites reconnues")
