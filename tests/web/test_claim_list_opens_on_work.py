"""The claims list opens on the tab where its reader has something to do, its tabs in the procedure's order:
the land office on the claims to screen (not on « Mutations », every change application it ever lodged), on
its changes when nothing waits for it in the first registrations; a clerk who also records claims on the
claims waiting for them, not on their own claims waiting for others."""

import re

from django.urls import reverse

from landreg.accounts.roles import Role
from landreg.accounts.services import role_grant
from landreg.adjudication.states import ClaimState
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import draft_inheritance, make_person


class ClaimListOpensOnWorkTests(AdjudicationTestCase):
    def opened(self, user) -> tuple[str, list[str]]:
        """The tab the list opens on, as the page marks it, and the tabs in the order shown."""
        self.client.force_login(user)
        self.client.cookies["django_language"] = "fr"
        page = self.client.get(reverse("adjudication:claim-list")).content.decode()
        start = page.index('<nav class="tabs">')
        tabs = page[start : page.index("</nav>", start)]
        [active] = re.findall(r'<a href="\?queue=(\w+)" class="active" aria-current="page">', tabs)
        return active, re.findall(r'href="\?queue=(\w+)"', tabs)

    def application(self):
        heir = make_person(self.village_a, "Ouédraogo", "Ɓukari", "M")
        return draft_inheritance(registrar=self.registrar, right=self.right_a, heir=heir)

    def test_the_land_office_opens_on_the_claims_to_screen_before_its_change_applications(self):
        self.application()
        self.submitted(self.draft())
        active, tabs = self.opened(self.registrar)
        assert active == "screening"
        assert tabs == ["screening", "changes", "all"]
        page = self.client.get(reverse("adjudication:claim-list")).content.decode()
        assert ">Mutations (1)</a>" in page and 'aria-current="page">Examen (1)</a>' in page

    def test_the_land_office_opens_on_its_changes_when_no_claim_waits_to_be_screened(self):
        self.application()
        claim = self.walk_to(self.draft(), ClaimState.PUBLIC_NOTICE)  # its notice to close, in a while
        assert claim.state == ClaimState.PUBLIC_NOTICE
        active, tabs = self.opened(self.registrar)
        assert tabs == ["notice", "changes", "all"]
        assert active == "notice"  # a notice to close is the land office's too
        self.walk_to(claim, ClaimState.SITE_VERIFICATION)  # the committee's now
        assert self.opened(self.registrar) == ("changes", ["changes", "all"])

    def test_one_person_both_agent_and_land_office_opens_on_screening_once_their_claims_are_lodged(self):
        """In a small commune one clerk records the claims and screens them: their own claims, lodged, wait
        for screening, not for them as an agent; their drafts would."""
        role_grant(user=self.registrar, role=Role.FIELD_AGENT, unit=self.village_a)
        self.submitted(self.draft(agent=self.registrar), agent=self.registrar)
        assert self.opened(self.registrar) == ("screening", ["mine", "screening", "all"])
        self.draft(east=3000, agent=self.registrar)
        assert self.opened(self.registrar) == ("mine", ["mine", "screening", "all"])
