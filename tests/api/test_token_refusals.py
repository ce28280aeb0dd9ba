"""Tokens the API must refuse, each with 401 and nothing read: one signed with another key, one expired, a
refresh token presented as an access token, an access token whose claims were edited after signing. (Checked
for the trust review of December: all refused before; kept as a guard.)"""

import base64
import json
from datetime import timedelta

import jwt
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from tests.base import RegistryTestCase

PARCELS_URL = "/api/v1/parcels/"


class TokenRefusalTests(RegistryTestCase):
    def answer(self, token: str):
        return self.client.get(PARCELS_URL, HTTP_AUTHORIZATION=f"Bearer {token}")

    def test_a_genuine_access_token_reads(self):
        assert self.answer(str(AccessToken.for_user(self.agent_a))).status_code == 200

    def test_a_token_signed_with_another_key_is_refused(self):
        claims = dict(AccessToken.for_user(self.agent_a).payload)
        forged = jwt.encode(claims, "not-the-registry-key-" * 3, algorithm="HS256")
        assert forged != str(AccessToken.for_user(self.agent_a))
        assert self.answer(forged).status_code == 401

    def test_an_expired_token_is_refused(self):
        token = AccessToken.for_user(self.agent_a)
        token.set_exp(lifetime=-timedelta(seconds=1))
        assert self.answer(str(token)).status_code == 401

    def test_a_refresh_token_is_not_an_access_token(self):
        assert self.answer(str(RefreshToken.for_user(self.agent_a))).status_code == 401

    def test_an_access_token_whose_user_was_changed_after_signing_is_refused(self):
        header, payload, signature = str(AccessToken.for_user(self.agent_a)).split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims["user_id"] = str(self.agent_b.pk)
        edited = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
        assert self.answer(f"{header}.{edited}.{signature}").status_code == 401
