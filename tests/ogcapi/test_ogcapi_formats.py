"""?f= chooses the format among those the OGC API writes (json, html); any other value is a 400 naming them,
as OGC API - Features asks of an invalid parameter value. Without f, the Accept header chooses."""

from tests.base import RegistryTestCase

ITEMS = "/ogcapi/collections/parcels/items"
PAGES = ["/ogcapi/", "/ogcapi/conformance", "/ogcapi/collections", "/ogcapi/collections/parcels", ITEMS]


class OgcFormatTests(RegistryTestCase):
    def item(self):
        return f"{ITEMS}/{self.parcel_a.pk}"

    def test_an_unsupported_f_is_refused_with_the_supported_formats(self):
        for url in [*PAGES, self.item()]:
            for fmt in ["xml", "XML", "geojson", "jsonld"]:
                response = self.client.get(url, {"f": fmt})
                assert response.status_code == 400, (url, fmt)
                body = response.json()
                assert body["code"] == "InvalidParameterValue"
                assert "json, html" in body["description"], body

    def test_the_refusal_is_in_french_for_a_french_client(self):
        self.client.cookies["django_language"] = "fr"
        body = self.client.get(ITEMS, {"f": "xml"}).json()
        assert "formats pris en charge" in body["description"]
        assert "json, html" in body["description"]

    def test_an_unsupported_f_is_refused_even_when_the_browser_asks_for_html(self):
        response = self.client.get(ITEMS, {"f": "xml"}, HTTP_ACCEPT="text/html")
        assert response.status_code == 400

    def test_the_queryables_and_the_api_document_are_json_only(self):
        for url in ["/ogcapi/collections/parcels/queryables", "/ogcapi/api"]:
            assert self.client.get(url, {"f": "json"}).status_code == 200
            refused = self.client.get(url, {"f": "html"})
            assert refused.status_code == 400
            assert refused.json()["description"].endswith("json.")

    def test_f_json_and_f_html_still_choose_the_format_whatever_the_accept_header(self):
        for url in [*PAGES, self.item()]:
            html = self.client.get(url, {"f": "html"}, HTTP_ACCEPT="application/json")
            assert html.status_code == 200 and html["Content-Type"].startswith("text/html"), url
            data = self.client.get(url, {"f": "json"}, HTTP_ACCEPT="text/html")
            assert data.status_code == 200 and "json" in data["Content-Type"], url

    def test_without_f_the_accept_header_chooses(self):
        for url in [*PAGES, self.item()]:
            html = self.client.get(url, HTTP_ACCEPT="text/html,application/xhtml+xml")
            assert html["Content-Type"].startswith("text/html"), url
            data = self.client.get(url, HTTP_ACCEPT="application/geo+json")
            assert "json" in data["Content-Type"], url
            assert "json" in self.client.get(url)["Content-Type"], url  # no Accept: JSON
        # An empty f is no choice.
        assert self.client.get(ITEMS, {"f": ""}).status_code == 200

    def test_the_openapi_document_lists_the_formats_of_each_path(self):
        paths = self.client.get("/ogcapi/api").json()["paths"]
        for path in [
            "/",
            "/conformance",
            "/collections",
            "/collections/parcels",
            "/collections/parcels/items",
        ]:
            [f] = [p for p in paths[path]["get"].get("parameters", []) if p["name"] == "f"]
            assert f["schema"]["enum"] == ["json", "html"], path
            assert "400" in paths[path]["get"]["responses"], path
