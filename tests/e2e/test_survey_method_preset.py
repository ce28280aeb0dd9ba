"""The claim form's « Méthode de levé » follows how the agent makes the boundary on the map editor: a GPS
track loaded is « levé GPS par cheminement », a boundary drawn on the map « numérisé sur imagerie ». The form
offered « numérisé sur imagerie » first whatever happened, so a claim whose boundary came from a GPS track
was saved as drawn on imagery unless the agent thought to change it. A method the agent chose by hand
stands."""

import re

from landreg.adjudication.models import Claim
from tests.e2e.base import BrowserTestCase
from tests.e2e.drawing import centre_editor, draw_polygon, lonlat
from tests.parcels.test_tracks import gpx

METHOD = "select[name=survey_method]"


class SurveyMethodPresetTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.use_procedure()
        self.log_in("agent_a")
        self.page.goto(f"{self.live_server_url}/adjudication/claims/new/")
        centre_editor(self.page, 120, 40)

    def load_track(self, east: float):
        if not self.page.evaluate("document.querySelector('.boundary-sources').open"):
            self.page.click(".boundary-sources summary")  # opens the list of other sources
        corners = [lonlat(east, 10), lonlat(east + 70, 10), lonlat(east + 70, 80), lonlat(east, 80)]
        upload = {"name": "champ.gpx", "mimeType": "application/gpx+xml", "buffer": gpx(corners).encode()}
        self.page.set_input_files(".boundary-file", upload)
        self.page.click(".boundary-load-file")
        self.page.wait_for_function(
            "e => JSON.parse(document.querySelector('textarea[name=geometry]').value || 'null')"
            "?.coordinates[0].some(([lon]) => Math.abs(lon - e) < 1e-7)",
            arg=lonlat(east, 10)[0],
        )

    def save(self):
        self.page.fill("input[name=holders-0-last_name]", "Ŋaba")
        self.page.fill("input[name=holders-0-first_names]", "Ɓintu Fatɛ")
        self.page.select_option("select[name=holders-0-sex]", "F")
        self.page.click("main form button[name=save]")
        self.page.wait_for_url(re.compile(r".*/adjudication/claims/[0-9a-f-]{36}/$"))
        return Claim.objects.get()

    def test_a_gps_track_loaded_is_saved_as_a_gps_walk(self):
        assert self.page.input_value(METHOD) == "imagery"  # the blank form's first offer
        self.load_track(100)
        assert self.page.input_value(METHOD) == "gps"
        claim = self.save()
        assert claim.survey_method == "gps"
        assert "levé GPS par cheminement" in self.page.locator("main dl").inner_text()

    def test_a_boundary_drawn_again_is_on_imagery_and_the_agents_own_choice_stands(self):
        self.load_track(100)
        assert self.page.input_value(METHOD) == "gps"
        draw_polygon(self.page, [(110, 20), (160, 20), (160, 70), (110, 70)])
        assert self.page.input_value(METHOD) == "imagery"
        self.page.select_option(METHOD, "sketch")  # the agent's sketch, traced on the map
        self.load_track(100)
        assert self.page.input_value(METHOD) == "sketch"
        assert self.save().survey_method == "sketch"
