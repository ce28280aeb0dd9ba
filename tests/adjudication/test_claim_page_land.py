"""What the walk of the demo found on a claim's page: the agent typed the place, the land use, the tenure and
the neighbours on each side (« Nord : Brousse », « Ouest : Marigot de Ŋouma »), and the claim's page showed
none of them. The registrar screening the claim for completeness and the committee preparing its site visit
read them only in the receipt's PDF. The page now shows what was recorded of the land, « — » for a side left
blank; an application for a change (which names registered parcels) is left as it was."""

from html import unescape

from django.test import Client

from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.models import Claim
from tests.adjudication.test_claim_form import ClaimFormCase


class ClaimPageShowsTheLandTests(ClaimFormCase):
    def drafted_by_the_agent(self) -> Claim:
        """The agent fills the form the page renders: a family's field at Ɓaŋré-Tanga, an orchard."""
        data = self.base(
            holding="collective",
            local_name="Ɓaŋré-Tanga",
            land_use="orchard",
            tenure_system="customary",
            limit_north="Brousse",
            limit_west="Marigot de Ŋouma",
            group_name="Famille Ɓaŋré",
            group_type="family",
            mandate_reference="Mandat du 2 décembre",
            mandate_date="2030-01-02",
            right_type="commonOwnership",
        )
        self.person(data, "members", 0, "Ɓaŋré", "Ɛlisabɛt", "F", "1/2", mandatary="on")
        self.person(data, "members", 1, "Ɓaŋré", "Ŋouma", "M", "1/2")
        response = self.save(data)
        assert response.status_code == 302, response.content.decode()[:2000]
        return Claim.objects.get()

    def page_as(self, user, claim) -> str:
        browser = Client()
        browser.force_login(user)
        response = browser.get(f"/adjudication/claims/{claim.pk}/", HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200
        return unescape(response.content.decode())

    def test_the_agent_and_the_registrar_read_the_place_land_use_tenure_and_limits_typed(self):
        claim = self.drafted_by_the_agent()
        self.submitted(claim)
        for user in (self.agent_a, self.registrar):
            html = self.page_as(user, claim)
            assert "<dt>Lieu-dit</dt><dd>Ɓaŋré-Tanga</dd>" in html
            assert "<dt>Usage du sol</dt><dd>verger / plantation</dd>" in html
            assert "<dt>Régime foncier</dt><dd>coutumier</dd>" in html
            limits = html.split('<dd class="limits">', 1)[1].split("</dd>", 1)[0]
            assert limits == (
                "Nord\u202f: Brousse · Est\u202f: — · Sud\u202f: — · Ouest\u202f: Marigot de Ŋouma"
            ), limits

    def test_an_application_for_a_change_shows_no_limits_of_its_own(self):
        parcel = self.parcel_held(400)
        application = change_draft(
            actor=self.registrar,
            kind="correction",
            parcels=[parcel],
            data={"reason": "Lieu-dit mal orthographié", "changes": {"local_name": "Kɔnkɔ"}},
        )
        html = self.page_as(self.registrar, application)
        assert 'class="limits"' not in html and "<dt>Lieu-dit</dt>" not in html
