"""A claim of a family registered in the village (chosen in the list of registered people, as one claims for
someone registered) is edited as it was drafted: its draft's edit page shows the family chosen, by its name,
and saving it unchanged keeps it. The page used to turn it into a new family to describe: the name typed in,
no kind, no members, no mandate, so the draft could not be saved again. Posts are what the page renders (CSRF,
the one-use token, the button)."""

import re
from html import unescape

from django.test import Client
from django.utils import translation

from landreg.adjudication.models import Claim
from landreg.parties.models import GroupType, PartyKind
from landreg.parties.services import MemberShare, group_set_members, party_create
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.browser_forms import form_with_field
from tests.geometries import square

FAMILY = "Famille Ŋaba de Kɔnkɔ"


class RegisteredFamilyDraftTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.family = party_create(
            kind=PartyKind.GROUP, village=self.village_a, name=FAMILY, group_type=GroupType.FAMILY
        )
        group_set_members(
            group=self.family,
            members=[
                MemberShare(make_person(self.village_a, "Ŋaba", "Ɓintu Fatɛ"), "1/2", is_mandatary=True),
                MemberShare(make_person(self.village_a, "Ŋaba", "Ɓoukary", sex="M"), "1/2"),
            ],
        )
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.agent_a)

    def claim_form(self, url):
        return form_with_field(self.browser.get(url).content.decode(), "holders-TOTAL_FORMS")

    def test_the_draft_of_a_registered_family_is_edited_with_the_family_chosen_by_its_name(self):
        form = self.claim_form("/adjudication/claims/new/")
        typed = {
            "village": str(self.village_a.pk),
            "local_name": "Kɔnkɔ",
            "geometry": square(100, 0).geojson,
            "holders-0-party": str(self.family.pk),
        }
        response = self.browser.post(
            form.action or "/adjudication/claims/new/", form.data(("save", "1"), **typed)
        )
        assert response.status_code == 302, unescape(response.content.decode())[:3000]
        claim = Claim.objects.get()
        edit = f"/adjudication/claims/{claim.pk}/edit/"
        html = unescape(self.browser.get(edit).content.decode())
        chosen = re.search(r'<select name="holders-0-party"[^>]*>(.*?)</select>', html, re.S).group(1)
        assert re.search(rf'<option value="{self.family.pk}" selected>{FAMILY} \(TC-A\)</option>', chosen)
        form = form_with_field(html, "holders-TOTAL_FORMS")
        sent = dict(form.fields) | form.radios
        assert (sent["holding"], sent["group_name"]) == ("individual", "")
        response = self.browser.post(edit, form.data(("save", "1")))
        assert response.status_code == 302, unescape(response.content.decode())[:3000]
        (holder,) = claim.claimants.all()
        assert (holder.party, holder.kind, holder.role) == (self.family, "group", "holder")
        page = unescape(self.browser.get(response["Location"]).content.decode())
        family = f'<a href="/people/{self.family.pk}/">{FAMILY}</a>'  # the family's page (web.people)
        assert f"<li>{family} — demandeur (futur titulaire) (1)</li>" in page
