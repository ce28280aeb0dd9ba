"""Maps in the browser: the agent draws a claim's boundary with the mouse on the claim form (snapped to the
parcels around, checked while drawing), and each page about a claim or parcel shows it with its neighbours."""

import json
import re
import struct
import tempfile
import zlib
from pathlib import Path

from django.contrib.gis.geos import MultiPolygon
from django.test import override_settings

from landreg.accounts.models import User
from landreg.adjudication.claims.services import ClaimantInput, claim_draft
from landreg.adjudication.models import Claim
from landreg.core.geometry import projected_area_m2
from tests.e2e.base import BrowserTestCase
from tests.e2e.drawing import centre_editor, draw_polygon, lonlat
from tests.geometries import square
from tests.parcels.test_tracks import gpx
from tests.web.test_basemap import make_mbtiles


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


class BoundaryDrawingTests(BrowserTestCase):
    def open_the_claim_form(self):
        self.use_procedure()
        self.log_in("agent_a")
        self.page.goto(f"{self.live_server_url}/adjudication/claims/new/")
        # Start beside parcel_a (0-100 m), close enough for its edges to be drawn and snapped to.
        centre_editor(self.page, 120, 40)

    def draw(self, corners):
        draw_polygon(self.page, corners)

    def test_an_agent_draws_the_boundary_with_the_mouse_sees_it_checked_and_saves_the_claim(self):
        self.open_the_claim_form()
        # The west side lies on parcel_a's east edge (100 m): snapped, it touches without overlapping.
        self.draw([(100, 10), (170, 10), (170, 80), (100, 80)])
        self.page.wait_for_selector(".boundary-status[data-state=valid]")
        status = self.page.locator(".boundary-status").inner_text()
        assert status.startswith("Surface\u202f: 4") and "Parcelle" not in status  # 70 m x 70 m = 4 900 m²
        geometry = json.loads(self.page.input_value("textarea[name=geometry]"))
        assert geometry["type"] == "Polygon" and len(geometry["coordinates"][0]) == 5
        self.page.fill("input[name=holders-0-last_name]", "Kaboré")
        self.page.fill("input[name=holders-0-first_names]", "Awa")
        self.page.select_option("select[name=holders-0-sex]", "F")
        self.page.click("main form button[name=save]")
        self.page.wait_for_url(re.compile(r".*/adjudication/claims/[0-9a-f-]{36}/$"))
        claim = Claim.objects.get()
        # A pixel is about 0.6 m at zoom 18: the corners clicked are within a pixel of the ones aimed at.
        assert abs(projected_area_m2(claim.geometry, None)[0] - 4_900) < 120
        self.page.wait_for_selector(".parcel-map[data-neighbours-loaded='1']", state="attached")
        assert self.page.locator(".parcel-map path.leaflet-interactive").count() == 2
        assert self.remote_requests == []

    def test_a_boundary_drawn_over_a_parcel_is_flagged_while_drawing(self):
        self.open_the_claim_form()
        self.draw([(50, 10), (170, 10), (170, 80), (50, 80)])
        self.page.wait_for_selector(".boundary-status[data-state=conflict]")
        assert "TC-A-00001" in self.page.locator(".boundary-status li.error").inner_text()

    def test_a_boundary_drawn_across_the_villages_limit_is_flagged_while_drawing(self):
        # Village A's limit runs north-south 150 m east of the origin; the boundary drawn crosses it.
        self.village_a.boundary = MultiPolygon(square(-850, -500, side=1000))
        self.village_a.save(update_fields=["boundary"])
        self.open_the_claim_form()
        self.draw([(100, 10), (170, 10), (170, 80), (100, 80)])
        self.page.wait_for_selector(".boundary-status[data-state=invalid]")
        assert (
            "Le contour sort du village Village A."
            in self.page.locator(".boundary-status li.error").inner_text()
        )

    def test_an_agent_loads_a_gps_track_and_types_points_instead_of_drawing(self):
        self.open_the_claim_form()
        self.page.click(".boundary-sources summary")
        track = gpx([lonlat(100, 10), lonlat(170, 10), lonlat(170, 80), lonlat(100, 80)]).encode()
        upload = {"name": "champ.gpx", "mimeType": "application/gpx+xml", "buffer": track}
        self.page.set_input_files(".boundary-file", upload)
        self.page.click(".boundary-load-file")
        self.page.wait_for_selector(".boundary-status[data-state=valid]")
        loaded = json.loads(self.page.input_value("textarea[name=geometry]"))
        assert round(loaded["coordinates"][0][0][0], 7) == round(lonlat(100, 10)[0], 7)
        # Points typed over parcel_a (latitude first, as a receiver shows them) are flagged as overlapping it.
        typed = "\n".join(f"{lat} {lon}" for lon, lat in [lonlat(50, 10), lonlat(150, 10), lonlat(150, 80)])
        self.page.fill(".boundary-points", typed)
        self.page.check(".boundary-latitude-first")
        self.page.click(".boundary-use-points")
        self.page.wait_for_selector(".boundary-status[data-state=conflict]")


def png_tile(rgb: tuple[int, int, int]) -> bytes:
    """A 256 x 256 PNG of one colour: imagery enough for Chromium to draw a tile."""
    row = b"\x00" + bytes(rgb) * 256  # filter byte, then the row's pixels
    header = struct.pack(">IIBBBBB", 256, 256, 8, 2, 0, 0, 0)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * 256))
        + chunk(b"IEND", b"")
    )


class AdminUnitMapTests(BrowserTestCase):
    def test_the_admin_s_village_map_shows_its_boundary_on_the_office_s_base_map(self):
        # Before: the admin's map had no base map (LEAFLET_CONFIG read once at start-up, without the file's
        # last zoom level): the village's outline on a grey page. The file here stops at zoom 1; the map,
        # fitted to the village far closer, shows its zoom-1 imagery enlarged, as the site's maps do.
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        # Zoom 1's north-west tile holds Burkina Faso.
        tiles = {(0, 0, 0): png_tile((90, 140, 60)), (1, 0, 0): png_tile((120, 160, 80))}
        basemap = make_mbtiles(Path(folder.name) / "sabtenga.mbtiles", tiles)
        self.village_a.boundary = MultiPolygon(square(-400, -400, side=1200), srid=4326)
        self.village_a.save(update_fields=["boundary"])
        User.objects.create_superuser("root_e2e", password="pw-root_e2e")
        self.log_in("root_e2e")
        with override_settings(LANDREG_BASEMAP_FILE=basemap):
            self.page.goto(
                f"{self.live_server_url}/admin/territory/administrativeunit/{self.village_a.pk}/change/"
            )
            self.page.wait_for_selector(".leaflet-container img.leaflet-tile-loaded", state="attached")
            sources = self.page.eval_on_selector_all(
                ".leaflet-container img.leaflet-tile-loaded", "tiles => tiles.map(t => t.getAttribute('src'))"
            )
            assert sources and all(src.startswith("/basemap/1/") for src in sources), sources
            assert (
                self.page.locator(".leaflet-container path.leaflet-interactive").count() == 1
            )  # the outline
        assert self.remote_requests == []
