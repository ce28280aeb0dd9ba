"""The demo's claimants as a village's are, seen through its pages: persons typed with the civil status the
form asks, a woman already in the register (her claim links to her page), a family claiming as a collective
holding through its mandatary with each member's share and the mandate, and a child heir named with her
mother as legal representative, whose claim the agent can lodge."""

import datetime as dt
from html import unescape

from django.test import Client, TestCase, override_settings

from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimState
from landreg.demo.claims import DEMO_CLAIMS, FAMILY, MINOR, REGISTERED, TYPED
from tests.browser_forms import form_posting_to, form_with_field
from tests.demo_story import load_demo_story


def demo(holding):
    return next(d for d in DEMO_CLAIMS if d.holding == holding)


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class DemoPeopleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_story(disputes=False)

    def browser(self, username) -> Client:
        browser = Client(enforce_csrf_checks=True)
        assert browser.login(username=username, password="demo-landreg"), username
        return browser

    def page(self, username, claim, suffix="") -> str:
        answer = self.browser(username).get(f"/adjudication/claims/{claim.pk}/{suffix}")
        return unescape(answer.content.decode())

    def claim_of(self, holding) -> Claim:
        return Claim.objects.get(village__code="SAB-C", local_name=demo(holding).field_name)

    def test_typed_claimants_carry_the_civil_status_the_form_asks(self):
        typed = [d.field_name for d in DEMO_CLAIMS if d.holding == TYPED]
        claims = Claim.objects.filter(local_name__in=typed).exclude(state=ClaimState.READY_FOR_CERTIFICATE)
        for claim in claims:
            (person,) = claim.claimants.all()
            assert person.sex and person.birth_date and person.birth_place and person.id_document_number
        assert len(typed) >= 7

    def test_a_registered_woman_claims_and_her_claim_links_to_her_record(self):
        claim = self.claim_of(REGISTERED)
        party = claim.claimants.get().party
        assert party is not None and party.village.code == "SAB-C" and party.sex == "F" and party.birth_date
        page = self.page("guichet", claim)
        assert f'href="/people/{party.pk}/"' in page
        person = unescape(self.browser("guichet").get(f"/people/{party.pk}/").content.decode())
        assert party.display_name in person and "Sabtenga-Centre" in person
        assert f"10 septembre {party.birth_date.year}" in person and party.birth_date == dt.date(1984, 9, 10)

    def test_a_family_claims_through_its_mandatary_with_each_members_share_and_the_mandate(self):
        claim = self.claim_of(FAMILY)
        page = self.page("membre_centre2", claim)
        assert "Famille Yaméogo" in page
        assert "YAMÉOGO Boureima — mandataire du groupe" in page, page[:3000]
        assert "YAMÉOGO Awa — membre du groupe" in page and "(1/4)" in page
        assert "MANDAT-FAMILLE-YAMÉOGO" in page
        # The site visit recorded by the demo lists the family's members present, not the group itself.
        present = set(
            claim.site_visits.get().attendees.filter(role="applicant").values_list("name", flat=True)
        )
        assert {"YAMÉOGO Boureima", "YAMÉOGO Awa", "YAMÉOGO Salimata"} <= present, present

    def test_a_child_heir_is_named_with_her_mother_and_the_agent_lodges_her_claim(self):
        claim = self.claim_of(MINOR)
        assert claim.state == ClaimState.DRAFT
        edit = form_with_field(self.page("agent_centre", claim, "edit/"), "holders-0-representative_name")
        fields = dict(edit.fields)
        assert fields["holders-0-representative_name"] == "OUÉDRAOGO Habibou"
        assert fields["holders-0-birth_date"], fields
        browser = self.browser("agent_centre")
        page = browser.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        form = form_posting_to(page, "/moves/submit/")
        answer = browser.post(form.action, form.data(form.button("submit")), follow=True)
        assert answer.status_code == 200
        claim.refresh_from_db()
        assert claim.state == ClaimState.SUBMITTED
