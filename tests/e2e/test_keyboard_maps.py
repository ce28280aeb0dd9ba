"""Keyboard only, in Chromium: from a map, Tab reaches the next field of the form or page, not each parcel
drawn on it (Leaflet's tooltips made every shape a Tab stop: the claim form's fields after the map were a
hundred presses away in the demo commune)."""

from landreg.adjudication.claims.services import ClaimantInput, claim_draft
from tests.e2e.base import BrowserTestCase
from tests.e2e.drawing import EDITOR, centre_editor
from tests.geometries import square

FOCUSED = "() => document.activeElement.tagName.toLowerCase()"


class KeyboardPastMapsTests(BrowserTestCase):
    def test_tab_goes_from_the_claim_forms_map_to_the_field_after_it(self):
        self.use_procedure()
        self.log_in("agent_a")
        self.page.goto(f"{self.live_server_url}/adjudication/claims/new/")
        centre_editor(self.page, 120, 40)  # parcel_a (0-100 m) drawn beside the view
        assert self.page.locator(f"{EDITOR} path.leaflet-interactive").count() >= 1
        self.page.focus(f"{EDITOR} .boundary-map")
        self.page.keyboard.press("Tab")
        assert self.page.evaluate(FOCUSED) != "path"

    def test_tab_goes_past_the_neighbours_on_a_claims_map(self):
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
        self.page.wait_for_selector(".parcel-map[data-neighbours-loaded='1']", state="attached")
        self.page.focus(".parcel-map")
        self.page.keyboard.press("Tab")
        assert self.page.evaluate(FOCUSED) != "path"
