"""The registrar splits a parcel on the change page's map, as the agent draws a claim: one part drawn with
the mouse (its corners snapped to the parcel's, drawn dashed), the other loaded from a GeoJSON file, each
checked while drawing, the sum of their areas set against the parcel's; the draft keeps both parts."""

import json
import re
import tempfile
from pathlib import Path

from django.contrib.gis.geos import GEOSGeometry

from landreg.accounts.roles import Role
from landreg.adjudication.models import Claim
from landreg.core.geometry import projected_area_m2
from tests.base import make_user
from tests.e2e.base import BrowserTestCase
from tests.e2e.drawing import EDITOR_JS, centre_editor, draw_polygon
from tests.geometries import square

PARTS = "[data-parts]"


class SplitOnTheMapTests(BrowserTestCase):
    def set_up_data(self):
        super().set_up_data()
        self.use_procedure()
        self.registrar = make_user("registrar", Role.REGISTRAR, self.commune)

    def test_the_registrar_draws_one_part_loads_the_other_and_drafts_the_split(self):
        self.log_in("registrar")
        self.page.goto(f"{self.live_server_url}/adjudication/parcels/{self.parcel_a.pk}/change/")
        self.page.select_option("select[name=kind]", "split")
        # The split's editor is the page's first; parcel_a is the square 0-100 m, dashed on the map.
        centre_editor(self.page, 50, 50)
        draw_polygon(self.page, [(0, 0), (50, 0), (50, 100), (0, 100)])
        # One half drawn: checked (the parcel split is no overlap), but the parts fall short of the parcel.
        self.page.wait_for_selector(f"{PARTS} .boundary-status[data-state=conflict]")
        status = self.page.locator(f"{PARTS} .boundary-status").inner_text()
        assert "Partie 1\u202f: Surface\u202f: " in status and "TC-A-00001" not in status
        assert "Somme des parties\u202f: " in status and "pour une parcelle de 10\u202f000 m²" in status
        with tempfile.TemporaryDirectory() as folder:
            east = Path(folder) / "partie-est.geojson"
            east.write_text(
                json.dumps(
                    {
                        "type": "Feature",
                        "properties": {},
                        "geometry": json.loads(square(50, 0, 50).union(square(50, 50, 50)).geojson),
                    }
                )
            )
            self.page.set_input_files(f"{PARTS} .boundary-file", str(east))
            self.page.click(f"{PARTS} summary")
            self.page.click(f"{PARTS} .boundary-load-file")
            self.page.wait_for_function(f"() => {EDITOR_JS}.parts.length === 2")
        self.page.wait_for_selector(f"{PARTS} .boundary-status[data-state=valid]")
        status = self.page.locator(f"{PARTS} .boundary-status").inner_text()
        assert "Somme des parties" in status and "TC-A-00001" not in status  # the parcel split is left out
        assert abs(float(self.page.locator(PARTS).get_attribute("data-parts-area")) - 10_000) < 100
        parts = json.loads(self.page.input_value("textarea[name=parts]"))
        assert [f["properties"]["part"] for f in parts["features"]] == [1, 2]
        self.page.fill("textarea[name=reason]", "Partage entre héritiers, PV n°7")
        self.page.uncheck("input[name=submit_now]")
        self.page.click("main form button[type=submit]:not([name])")
        self.page.wait_for_url(re.compile(r".*/adjudication/claims/[0-9a-f-]{36}/$"))
        application = Claim.objects.get(purpose="split")
        areas = [
            projected_area_m2(GEOSGeometry(json.dumps(p), srid=4326), None)[0]
            for p in application.change_data["parts"]
        ]
        assert len(areas) == 2 and abs(sum(areas) - 10_000) < 100
        assert self.remote_requests == []


class CorrectedBoundaryEditorTests(BrowserTestCase):
    def set_up_data(self):
        super().set_up_data()
        self.use_procedure()
        self.registrar = make_user("registrar", Role.REGISTRAR, self.commune)

    def test_the_corrected_boundary_starts_on_the_map_ready_to_edit(self):
        # The correction's editor comes with the recorded boundary in its text area: it once failed while
        # starting (Leaflet's renderer not ready), the script error left its map without the boundary to edit.
        errors = []
        self.page.on("pageerror", lambda error: errors.append(str(error)))
        self.log_in("registrar")
        self.page.goto(f"{self.live_server_url}/adjudication/parcels/{self.parcel_a.pk}/change/")
        self.page.select_option("select[name=kind]", "correction")
        self.page.wait_for_selector("#id_corrected_boundary", state="attached")
        editor = "document.querySelector('.boundary-editor[data-text-area=id_corrected_boundary]').editor"
        self.page.wait_for_function(f"() => !!{editor} && !!{editor}.boundary")
        assert errors == []
        # The recorded corners are the shape to edit: parcel_a is the square 0-100 m (five points, closed).
        assert self.page.evaluate(f"() => {editor}.boundary.getLatLngs()[0].length") == 4
