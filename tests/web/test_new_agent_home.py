"""An agent just given a new village opens the home page with no claim anywhere: the field work part leads to
the claim form (it listed three zeros and no way to record a first claim); a committee member, who records
none, is not offered it."""

from django.test import Client

from landreg.accounts.roles import Role
from landreg.territory.models import UnitLevel
from landreg.territory.services import unit_create
from tests.base import RegistryTestCase, make_user
from tests.browser_forms import links


class NewAgentHomeTests(RegistryTestCase):
    def setUp(self):
        self.browser = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="fr")
        self.browser.cookies["django_language"] = "fr"

    def test_an_agent_of_a_new_village_is_led_from_the_home_page_to_the_claim_form(self):
        village = unit_create(level=UnitLevel.VILLAGE, code="TC-K", name="Ɓaŋgo", parent=self.commune)
        self.browser.force_login(make_user("agent_bango", Role.FIELD_AGENT, village))
        home = self.browser.get("/").content.decode()
        assert "Travail de terrain" in home and ">Nouvelle demande</a>" in home
        assert "/adjudication/claims/new/" in links(home)
        form = self.browser.get("/adjudication/claims/new/").content.decode()
        assert "Ɓaŋgo (TC-K)" in form

    def test_a_committee_member_is_not_offered_a_new_claim(self):
        self.browser.force_login(self.member_a)
        home = self.browser.get("/").content.decode()
        assert "/adjudication/claims/new/" not in links(home)
