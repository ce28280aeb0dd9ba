"""Every page about a claim, a parcel, a certificate or a change shows the land on a map with its neighbours.

The map is drawn by static/web/parcel-map.js from the data- attributes checked here (no inline script)."""

import json
import re
from html import unescape

from landreg.certificates.issuing.services import certificate_issue
from tests.adjudication.helpers import AdjudicationTestCase

# A JSON data block (json_script: the boundary a change's map editor starts from, a village's outline) is data
# the policy lets through, not a script that runs.
NO_INLINE_SCRIPT = re.compile(r'<script(?![^>]*\bsrc=)(?![^>]*type="application/json")[^>]*>', re.IGNORECASE)


def the_map(html: str) -> dict:
    found = re.search(r'<div class="parcel-map"(.*?)></div>', html, re.DOTALL)
    assert found, "no parcel map on the page"
    attrs = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', found.group(1)))
    return {name: unescape(value) for name, value in attrs.items()}


class ParcelMapPagesTests(AdjudicationTestCase):
    def page(self, user, url) -> str:
        self.client.force_login(user)
        response = self.client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "web/parcel-map.js" in html and "leaflet/leaflet.js" in html
        assert not NO_INLINE_SCRIPT.search(html.split('<div class="parcel-map"')[1])
        return html

    def test_the_claim_page_shows_the_claimed_boundary_and_asks_for_the_parcels_around_it(self):
        claim = self.draft(east=100)
        shown = the_map(self.page(self.agent_a, f"/adjudication/claims/{claim.pk}/"))
        assert (
            json.loads(shown["geometry"])["coordinates"] == json.loads(claim.geometry.geojson)["coordinates"]
        )
        assert (
            shown["neighbours"].startswith("/api/v1/parcels/?bbox=") and "current=true" in shown["neighbours"]
        )
        # The parcel API answers that address with the neighbour west of the claim (parcel_a, at 0 m).
        numbers = [f["properties"]["number"] for f in self.client.get(shown["neighbours"]).json()["features"]]
        assert numbers == ["TC-A-00001"]

    def test_the_parcel_page_shows_the_parcel_and_leaves_it_out_of_its_neighbours(self):
        shown = the_map(self.page(self.agent_a, f"/parcels/{self.parcel_a.pk}/"))
        assert shown["exclude"] == str(self.parcel_a.pk)
        assert json.loads(shown["geometry"])["type"] == "Polygon"

    def test_the_change_page_shows_the_parcel_concerned(self):
        shown = the_map(self.page(self.registrar, f"/adjudication/parcels/{self.parcel_a.pk}/change/"))
        assert shown["exclude"] == str(self.parcel_a.pk)

    def test_the_certificate_page_shows_the_certified_parcel(self):
        certificate, _ = certificate_issue(right=self.right_a, actor=self.registrar)
        shown = the_map(self.page(self.registrar, f"/certificates/{certificate.pk}/"))
        assert shown["exclude"] == str(self.parcel_a.pk)

    def test_a_page_in_french_describes_the_map(self):
        self.client.force_login(self.agent_a)
        html = self.client.get(f"/parcels/{self.parcel_a.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        assert "En couleur\u202f: ce contour" in html

    def test_the_map_page_is_configured_by_data_attributes_without_inline_script(self):
        self.client.force_login(self.agent_a)
        html = self.client.get("/map/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        assert 'data-centre="12.3,-1.5" data-zoom="6"' in html  # numbers unlocalised in French
        assert "web/map.js" in html and not NO_INLINE_SCRIPT.search(html.split("<main")[1])
