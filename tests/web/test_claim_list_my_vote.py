"""The claims list offers « Mon vote » to the committee's members only. Walked as agent_nord: the field
agent's list offered « Mon vote : pas encore exprimé / exprimé », a filter about votes an agent cannot
cast."""

from django.test import Client

from tests.adjudication.helpers import AdjudicationTestCase


class MyVoteFilterTests(AdjudicationTestCase):
    def list_page(self, user) -> str:
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(user)
        browser.cookies["django_language"] = "fr"
        response = browser.get("/adjudication/claims/")
        assert response.status_code == 200
        return response.content.decode()

    def test_a_committee_member_may_filter_by_their_vote(self):
        page = self.list_page(self.member_a)
        assert 'name="my_vote"' in page and "pas encore exprimé" in page

    def test_a_field_agent_and_the_land_office_are_not_offered_it(self):
        for user in (self.agent_a, self.registrar, self.mayor):
            page = self.list_page(user)
            assert 'name="my_vote"' not in page and "Mon vote" not in page, user.username
