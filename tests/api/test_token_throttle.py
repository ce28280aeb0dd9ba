"""The token endpoints answer a limited number of requests per address (on top of the per-user lockout)."""

from django.conf import settings
from django.test import override_settings

from tests.base import RegistryTestCase

TOKEN_URL = "/api/v1/auth/token/"
REFRESH_URL = "/api/v1/auth/token/refresh/"


def rates(**scopes):
    return {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": scopes}


@override_settings(REST_FRAMEWORK=rates(token="3/minute", token_refresh="2/minute"))
class TokenThrottleTests(RegistryTestCase):
    def obtain(self, username, password="wrong", address="198.51.100.7"):
        return self.client.post(
            TOKEN_URL,
            {"username": username, "password": password},
            content_type="application/json",
            REMOTE_ADDR=address,
        )

    def refresh(self, token, address="198.51.100.7"):
        return self.client.post(
            REFRESH_URL, {"refresh": token}, content_type="application/json", REMOTE_ADDR=address
        )

    def test_one_address_trying_many_user_names_is_refused_with_429_after_the_rate(self):
        # Each user name stays under the lockout's five failures: only the rate stops this.
        statuses = [self.obtain(f"user{n}").status_code for n in range(3)]
        assert statuses == [401, 401, 401]
        refused = self.obtain("user3")
        assert refused.status_code == 429
        assert 0 < int(refused["Retry-After"]) <= 60
        body = refused.json()
        assert body["error"] == "throttled"
        assert "access" not in body
        # Even the right password waits: the request never reaches the password check.
        assert self.obtain("agent_a", "pw-agent_a").status_code == 429

    def test_another_address_still_gets_its_token(self):
        for n in range(4):
            self.obtain(f"user{n}")
        response = self.obtain("agent_a", "pw-agent_a", address="203.0.113.9")
        assert response.status_code == 200
        assert "access" in response.json()

    def test_requests_within_the_rate_get_their_tokens(self):
        for _ in range(3):
            assert self.obtain("agent_a", "pw-agent_a").status_code == 200

    def test_the_refresh_endpoint_has_its_own_rate(self):
        tokens = self.obtain("agent_a", "pw-agent_a").json()
        first = self.refresh(tokens["refresh"])
        assert first.status_code == 200
        assert self.refresh(first.json()["refresh"]).status_code == 200
        refused = self.refresh("not-a-token")
        assert refused.status_code == 429
        assert refused.json()["error"] == "throttled"
        assert refused.has_header("Retry-After")

    def test_the_refusal_is_in_french_for_a_french_client(self):
        for n in range(3):
            self.obtain(f"user{n}")
        refused = self.client.post(
            TOKEN_URL,
            {"username": "x", "password": "y"},
            content_type="application/json",
            REMOTE_ADDR="198.51.100.7",
            HTTP_ACCEPT_LANGUAGE="fr",
        )
        assert refused.status_code == 429
        assert "ralentie" in refused.json()["detail"]
