"""Leaflet's own controls speak the page's language: its zoom buttons said "Zoom in" and "Zoom out" (their
hover titles and what a screen reader reads) on every French page with a map."""

from tests.e2e.base import BrowserTestCase


class LeafletControlsInFrenchTests(BrowserTestCase):
    page_options = {"locale": "fr-FR"}

    def test_the_parcel_maps_zoom_buttons_are_titled_in_french(self):
        self.log_in("agent_a")
        self.page.goto(f"{self.live_server_url}/parcels/{self.parcel_a.pk}/")
        self.page.wait_for_selector(".parcel-map .leaflet-control-zoom-in")
        zoom_in = self.page.locator(".parcel-map .leaflet-control-zoom-in")
        assert zoom_in.get_attribute("title") == "Zoom avant"
        assert zoom_in.get_attribute("aria-label") == "Zoom avant"
        zoom_out = self.page.locator(".parcel-map .leaflet-control-zoom-out")
        assert zoom_out.get_attribute("title") == "Zoom arrière"
        leaflet = self.page.locator(".parcel-map .leaflet-control-attribution a").first
        assert leaflet.get_attribute("title") == "Une bibliothèque JavaScript pour les cartes interactives"
        assert self.remote_requests == []

    def test_the_lists_map_is_titled_in_french_too(self):
        self.log_in("agent_a")
        self.page.goto(f"{self.live_server_url}/parcels/")
        self.page.wait_for_selector(".leaflet-control-zoom-in")
        assert self.page.locator(".leaflet-control-zoom-in").first.get_attribute("title") == "Zoom avant"
