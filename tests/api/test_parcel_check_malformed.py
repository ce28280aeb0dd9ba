"""Malformed bodies sent to the boundary check (a report had « KeyError: 'geometry' » from POST
/api/v1/parcels/check/, not reproduced): each is a 400 that says what to send, never a 500, and never in
GDAL's words (« Invalid geometry pointer returned from OGR_G_CreateGeometryFromJson »)."""

import json

from django.test import Client

from tests.base import RegistryTestCase
from tests.geometries import square

URL = "/api/v1/parcels/check/"
UTM_30N = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32630"}}


class MalformedBoundaryCheckTests(RegistryTestCase):
    def setUp(self):
        super().setUp()
        self.browser = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="fr")
        self.browser.force_login(self.agent_a)
        self.polygon = json.loads(square(300, 0).json)

    def post(self, body, content_type="application/json"):
        data = json.dumps(body) if content_type == "application/json" else body
        response = self.browser.post(URL, data, content_type=content_type)
        assert response.status_code == 400, (body, response.status_code, response.content[:300])
        return response.json()

    def said(self, geometry) -> tuple[str, str]:
        [error] = self.post({"village": "TC-A", "geometry": geometry})["errors"]
        assert "OGR" not in error["message"] and "pointer" not in error["message"], error
        return error["code"], error["message"]

    def test_a_body_without_a_geometry_names_the_field(self):
        assert self.post({"village": "TC-A"}) == {"geometry": ["Ce champ est obligatoire."]}
        assert self.post({"village": "TC-A", "geometry": None}) == {
            "geometry": ["Ce champ ne peut être nul."]
        }
        assert self.post("village=TC-A", "application/x-www-form-urlencoded") == {
            "geometry": ["Ce champ est obligatoire."]
        }
        assert list(self.post({})) == ["village", "geometry"]

    def test_a_body_that_is_not_an_object_is_refused_whole(self):
        for body in ([self.polygon], "TC-A", 12):
            assert list(self.post(body)) == ["non_field_errors"], body

    def test_a_feature_or_a_collection_asks_for_its_geometry(self):
        feature = {"type": "Feature", "properties": {"nom": "Champ de Ɓaŋre"}, "geometry": self.polygon}
        assert self.said(feature) == (
            "not_a_geometry",
            "Le contour est un objet GeoJSON Feature\u202f: envoyez plutôt sa géométrie (le polygone).",
        )
        code, message = self.said({"type": "FeatureCollection", "features": [feature]})
        assert code == "not_a_geometry" and "FeatureCollection" in message
        code, message = self.said(json.dumps(feature))  # the feature as text
        assert code == "not_a_geometry"

    def test_what_cannot_be_read_says_what_is_read(self):
        for geometry in (
            {"type": "Polygon"},
            {"type": "Polygon", "coordinates": [[["a", "b"], ["c", "d"]]]},
            [[-3, 12], [-2.99, 12]],
            12,
            "POLYGON ((-3 12, -2.99",
        ):
            code, message = self.said(geometry)
            assert code == "unreadable", geometry
            assert message == (
                "Le contour est illisible\u202f: donnez une géométrie GeoJSON (un polygone, ses coordonnées "
                "en longitude et latitude) ou son WKT."
            )

    def test_a_wrong_crs_is_named(self):
        code, message = self.said({**self.polygon, "crs": UTM_30N})
        assert code == "degrees_in_projected_crs" and "EPSG:32630" in message, message
        code, _message = self.said(
            {**self.polygon, "crs": {"type": "name", "properties": {"name": "EPSG:9"}}}
        )
        assert code == "unknown_crs"
        assert self.said({**self.polygon, "crs": "32630"})[0] == "unknown_crs"
        # The same boundary in UTM 30N, as the crs member says: checked, not refused.
        utm = json.loads(square(300, 0).transform(32630, clone=True).json)
        response = self.browser.post(
            URL,
            json.dumps({"village": "TC-A", "geometry": {**utm, "crs": UTM_30N}}),
            content_type="application/json",
        )
        assert response.status_code == 200 and round(response.json()["area_m2"]) == 10_000
