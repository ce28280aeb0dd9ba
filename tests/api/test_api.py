from django.urls import reverse

from tests.base import RegistryTestCase

TOKEN_URL = "/api/v1/auth/token/"
PARCELS_URL = "/api/v1/parcels/"


class JwtTests(RegistryTestCase):
    def obtain(self, username, password):
        return self.client.post(
            TOKEN_URL, {"username": username, "password": password}, content_type="application/json"
        )

    def test_a_user_logs_in_with_jwt_and_lists_the_parcels_of_their_village(self):
        tokens = self.obtain("agent_a", "pw-agent_a").json()
        response = self.client.get(PARCELS_URL, HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
        assert response.status_code == 200
        body = response.json()
        assert body["type"] == "FeatureCollection"
        assert [f["properties"]["number"] for f in body["features"]] == ["TC-A-00001"]
        assert body["features"][0]["geometry"]["type"] == "Polygon"

    def test_a_wrong_password_gets_no_token(self):
        assert self.obtain("agent_a", "wrong").status_code == 401

    def test_a_forged_token_is_rejected(self):
        tokens = self.obtain("agent_a", "pw-agent_a").json()
        header, payload, signature = tokens["access"].split(".")
        forged = f"{header}.{payload}.{signature[:-4]}AAAA"
        assert self.client.get(PARCELS_URL, HTTP_AUTHORIZATION=f"Bearer {forged}").status_code == 401
        assert self.client.get(PARCELS_URL, HTTP_AUTHORIZATION="Bearer not-a-token").status_code == 401

    def test_a_token_signed_with_another_key_is_rejected(self):
        import jwt

        payload = {"token_type": "access", "user_id": str(self.agent_a.pk), "exp": 4102444800, "jti": "x"}
        token = jwt.encode(payload, "another-key-that-is-long-enough-for-hs256", algorithm="HS256")
        assert self.client.get(PARCELS_URL, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401

    def test_the_refresh_token_gives_a_new_access_token(self):
        tokens = self.obtain("agent_a", "pw-agent_a").json()
        refreshed = self.client.post(
            "/api/v1/auth/token/refresh/", {"refresh": tokens["refresh"]}, content_type="application/json"
        )
        assert refreshed.status_code == 200
        assert (
            self.client.get(
                PARCELS_URL, HTTP_AUTHORIZATION=f"Bearer {refreshed.json()['access']}"
            ).status_code
            == 200
        )

    def test_anonymous_callers_get_401(self):
        assert self.client.get(PARCELS_URL).status_code == 401


class ParcelApiScopingTests(RegistryTestCase):
    def test_the_agent_of_village_b_gets_nothing_of_village_a(self):
        self.client.force_login(self.agent_b)
        numbers = [f["properties"]["number"] for f in self.client.get(PARCELS_URL).json()["features"]]
        assert numbers == ["TC-B-00001"]
        assert self.client.get(f"{PARCELS_URL}{self.parcel_a.pk}/").status_code == 404

    def test_the_mayor_gets_both_villages_and_can_filter_by_village_and_bbox(self):
        self.client.force_login(self.mayor)
        assert self.client.get(PARCELS_URL).json()["count"] == 2
        assert self.client.get(PARCELS_URL, {"village": "TC-B"}).json()["count"] == 1
        minx, miny, maxx, maxy = self.parcel_a.geometry.extent
        in_box = self.client.get(PARCELS_URL, {"bbox": f"{minx},{miny},{maxx},{maxy}"}).json()
        assert [f["id"] for f in in_box["features"]] == [str(self.parcel_a.pk)]

    def test_the_stranger_gets_an_empty_collection(self):
        self.client.force_login(self.stranger)
        assert self.client.get(PARCELS_URL).json()["features"] == []


class SchemaTests(RegistryTestCase):
    def test_the_openapi_schema_describes_the_parcels_endpoint(self):
        schema = self.client.get(reverse("api:schema"), {"format": "json"})
        assert schema.status_code == 200
        assert "/api/v1/parcels/" in schema.json()["paths"]
        assert schema.json()["openapi"].startswith("3.")

    def test_the_docs_page_loads_its_assets_locally(self):
        page = self.client.get(reverse("api:docs")).content.decode()
        assert "swagger-ui" in page
        assert "cdn." not in page and "unpkg" not in page


class BadInputTests(RegistryTestCase):
    def test_a_malformed_bbox_gets_a_clear_400(self):
        self.client.force_login(self.mayor)
        response = self.client.get(PARCELS_URL, {"bbox": "1,2,three,4"})
        assert response.status_code == 400
        assert "bbox" in response.json()
        assert self.client.get(PARCELS_URL, {"bbox": "10,10,5,5"}).status_code == 400
