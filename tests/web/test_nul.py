"""A NUL character in a path or a query parameter is a 400 on both databases (PostgreSQL
refuses NUL in text: such a parameter reaching a filter answered 500 on PostGIS)."""

from tests.adjudication.helpers import AdjudicationTestCase


class NulCharacterTests(AdjudicationTestCase):
    def test_a_nul_in_a_query_parameter_or_path_is_a_400_everywhere(self):
        self.client.force_login(self.registrar)
        for url in [
            "/api/v1/parcels/?village=a%00b",
            "/api/v1/claims/?queue=a%00b",
            "/ogcapi/collections/parcels/items?number=a%00b",
            "/ogcapi/collections/parcels/items?village=a%00b",
            "/adjudication/claims/?queue=a%00b",
            "/adjudication/affichage/a%00b/",
            "/verify/a%00b",
        ]:
            response = self.client.get(url)
            assert response.status_code == 400, (url, response.status_code)
        assert self.client.get("/api/v1/parcels/?village=a%00b").json()["error"] == "invalid"

    def test_a_nul_in_a_json_body_is_refused_by_the_serializer(self):
        self.client.force_login(self.agent_a)
        body = {"village": "a\x00b", "geometry": {}, "claimants": [{}]}
        response = self.client.post("/api/v1/claims/", body, content_type="application/json")
        assert response.status_code == 400
