"""Maps in the browser: each page about a claim or parcel shows it with its neighbours."""

from landreg.adjudication.claims.services import ClaimantInput, claim_draft
from tests.e2e.base import BrowserTestCase
from tests.geometries import square


class MapBrowserTests(BrowserTestCase):
    def test_the_claim_page_shows_the_claimed_boundary_with_the_parcel_next_to_it(self):
        self.use_procedure()
        claim = claim_draft(
            actor=self.agent_a,
            village=self.village_a,
            geometry=square(100, 0),
            right_type="customaryType",
            claimants=[ClaimantInput(last_name="Kaboré", first_names="Awa", sex="F")],
        )
        self.log_in("agent_a")
        self.page.goto(f"{self.live_server_url}/adjudication/claims/{claim.pk}/")
        self.page.wait_for_selector(".parcel-map[data-neighbours-loaded]", state="attached")
        shown = self.page.locator(".parcel-map")
        assert shown.get_attribute("data-neighbours-loaded") == "1"  # parcel_a, west of the claim
        assert self.page.locator(".parcel-map path.leaflet-interactive").count() == 2
        self.page.locator(".parcel-map path.leaflet-interactive").first.hover()
        assert self.page.locator(".leaflet-tooltip").inner_text() == "TC-A-00001"
        assert self.remote_requests == []
