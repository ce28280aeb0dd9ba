"""OGC API - Features at /ogcapi/: anonymous callers get public attributes only; GDAL and OWSLib read it."""

import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.gis.gdal import DataSource
from django.test import LiveServerTestCase

from landreg.parcels.services import parcel_retire
from tests.base import RegistryTestCase, make_territory
from tests.geometries import square

ITEMS = "/ogcapi/collections/parcels/items"


class OgcApiTests(RegistryTestCase):
    def test_the_landing_page_links_to_the_api_conformance_and_collections(self):
        body = self.client.get("/ogcapi/", HTTP_ACCEPT="application/json").json()
        rels = {link["rel"] for link in body["links"]}
        assert {"self", "service-desc", "conformance", "data"} <= rels
        html = self.client.get("/ogcapi/", {"f": "html"})
        assert html["Content-Type"].startswith("text/html")

    def test_conformance_declares_core_geojson_html_and_oas30(self):
        conforms = self.client.get("/ogcapi/conformance").json()["conformsTo"]
        assert any(c.endswith("/conf/core") for c in conforms) and any(
            c.endswith("/conf/oas30") for c in conforms
        )

    def test_the_openapi_document_is_3_0(self):
        doc = self.client.get("/ogcapi/api").json()
        assert doc["openapi"].startswith("3.0") and "/collections/parcels/items" in doc["paths"]

    def test_the_parcels_collection_has_its_extent(self):
        collection = self.client.get("/ogcapi/collections/parcels").json()
        minx, miny, maxx, maxy = collection["extent"]["spatial"]["bbox"][0]
        assert minx <= self.parcel_a.geometry.extent[0] and maxx >= self.parcel_b.geometry.extent[2]

    def test_anonymous_callers_see_every_parcel_with_public_attributes_only(self):
        body = self.client.get(ITEMS).json()
        assert body["numberMatched"] == 2 and body["numberReturned"] == 2
        props = body["features"][0]["properties"]
        assert "local_name" not in props and "accuracy_m" not in props
        assert props["number"] == "TC-A-00001"
        assert "B12345678" not in str(body)

    def test_a_scoped_user_also_sees_the_extra_fields_of_their_own_village_only(self):
        self.client.force_login(self.agent_a)
        features = {
            f["properties"]["number"]: f["properties"] for f in self.client.get(ITEMS).json()["features"]
        }
        assert "local_name" in features["TC-A-00001"] and "local_name" not in features["TC-B-00001"]

    def test_limit_and_offset_page_with_next_and_prev_links(self):
        first = self.client.get(ITEMS, {"limit": 1}).json()
        assert first["numberReturned"] == 1
        next_link = next(link["href"] for link in first["links"] if link["rel"] == "next")
        second = self.client.get(next_link.replace("http://testserver", "")).json()
        assert second["features"][0]["properties"]["number"] == "TC-B-00001"
        assert any(link["rel"] == "prev" for link in second["links"])
        assert not any(link["rel"] == "next" for link in second["links"])

    def test_page_links_keep_the_query_in_its_order_with_the_offset_and_format_last(self):
        query = {"limit": "1", "village": self.village_a.code, "name": "Réo & co", "offset": "1", "f": "json"}
        body = self.client.get(ITEMS, query).json()
        kept = {k: v for k, v in query.items() if k not in ("offset", "f")}

        def page(offset, fmt):
            return f"http://testserver{ITEMS}?" + urlencode({**kept, "offset": offset, "f": fmt})

        assert [(link["rel"], link["href"]) for link in body["links"]] == [
            ("self", page(1, "json")),
            ("alternate", page(1, "html")),
            ("collection", "http://testserver/ogcapi/collections/parcels"),
            ("prev", page(0, "json")),
        ]
        bare = self.client.get(ITEMS, {"limit": 1}).json()["links"]
        assert bare[0]["href"] == f"http://testserver{ITEMS}?limit=1&offset=0&f=json"
        assert bare[3] == {
            "href": f"http://testserver{ITEMS}?limit=1&offset=1&f=json",
            "rel": "next",
            "type": "application/geo+json",
            "title": "",
        }

    def test_number_matched_is_omitted_beyond_the_cap_and_exact_on_the_last_page(self):
        from unittest import mock

        with mock.patch("landreg.ogcapi.views.COUNT_CAP", 1):
            first = self.client.get(ITEMS, {"limit": 1}).json()
            assert "numberMatched" not in first and first["numberReturned"] == 1
            assert any(link["rel"] == "next" for link in first["links"])
            last = self.client.get(ITEMS, {"limit": 1, "offset": 1}).json()
            assert last["numberMatched"] == 2
            page = self.client.get(ITEMS, {"limit": 1}, HTTP_ACCEPT="text/html").content.decode()
            assert "sur plus de 10 000" in page and "TC-A-00001" in page

    def test_bbox_and_property_filters(self):
        minx, miny, maxx, maxy = self.parcel_b.geometry.extent
        in_box = self.client.get(ITEMS, {"bbox": f"{minx},{miny},{maxx},{maxy}"}).json()
        assert [f["id"] for f in in_box["features"]] == [str(self.parcel_b.pk)]
        assert self.client.get(ITEMS, {"village": "TC-A"}).json()["numberMatched"] == 1
        assert self.client.get(ITEMS, {"land_use": "pasture"}).json()["numberMatched"] == 0

    def test_datetime_filters_on_the_lifespan(self):
        retired = parcel_retire(parcel=self.parcel_b, reason="merged")
        assert self.client.get(ITEMS).json()["numberMatched"] == 1  # current only by default
        before = retired.end_lifespan.isoformat().replace("+00:00", "Z")
        when = self.client.get(ITEMS, {"datetime": f"../{before}"}).json()
        assert when["numberMatched"] == 2
        after = self.client.get(ITEMS, {"datetime": "2999-01-01T00:00:00Z/.."}).json()
        assert after["numberMatched"] == 1

    def test_bad_parameters_get_a_400_with_a_message(self):
        for params in ({"bbox": "1,2,x,4"}, {"limit": "many"}, {"datetime": "yesterday"}, {"limit": 0}):
            response = self.client.get(ITEMS, params)
            assert response.status_code == 400 and response.json()["description"]

    def test_one_item_as_geojson_and_html_and_a_missing_one_is_404(self):
        one = self.client.get(f"{ITEMS}/{self.parcel_a.pk}").json()
        assert one["type"] == "Feature" and one["properties"]["number"] == "TC-A-00001"
        assert "TC-A-00001" in self.client.get(f"{ITEMS}/{self.parcel_a.pk}", {"f": "html"}).content.decode()
        assert self.client.get(f"{ITEMS}/00000000-0000-0000-0000-000000000000").status_code == 404
        # An id that is not even a UUID: the OGC API's JSON, not Django's HTML page.
        missing = self.client.get(f"{ITEMS}/SAB-C-00001")
        assert missing.status_code == 404 and missing["Content-Type"] == "application/json"
        assert missing.json()["code"] == "NotFound"

    def test_the_items_page_in_html(self):
        page = self.client.get(ITEMS, HTTP_ACCEPT="text/html,application/xhtml+xml").content.decode()
        assert "TC-A-00001" in page and "TC-B-00001" in page


@pytest.mark.skipif(not shutil.which("ogr2ogr"), reason="needs ogr2ogr")
class ClientsReadTheApiTests(LiveServerTestCase):
    """GDAL's OAPIF driver and OWSLib against a live server, paging through 25 parcels 10 at a time."""

    def setUp(self):
        from landreg.parcels.services import parcel_record

        territory = make_territory()
        village = territory[3]
        for k in range(25):
            parcel_record(
                village=village, geometry=square(k * 100, 0), survey_method="gps", local_name="secret"
            )
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp)

    def test_ogr2ogr_pulls_every_public_parcel(self):
        out = self.tmp / "out.gpkg"
        subprocess.run(
            [
                "ogr2ogr",
                "-f",
                "GPKG",
                str(out),
                f"OAPIF:{self.live_server_url}/ogcapi/",
                "-oo",
                "PAGE_SIZE=10",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        layer = DataSource(str(out))[0]
        assert layer.name == "parcels" and len(layer) == 25
        assert "number" in layer.fields and "local_name" not in layer.fields
        assert sorted(f.get("number") for f in layer)[-1] == "TC-A-00025"

    def test_owslib_reads_the_collections_and_items(self):
        from owslib.ogcapi.features import Features

        api = Features(f"{self.live_server_url}/ogcapi/")
        assert [c["id"] for c in api.collections()["collections"]] == ["parcels"]
        assert any(c.endswith("/conf/core") for c in api.conformance()["conformsTo"])
        page = api.collection_items("parcels", limit=5)
        assert page["numberMatched"] == 25 and len(page["features"]) == 5
