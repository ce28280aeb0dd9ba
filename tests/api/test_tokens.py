"""API tokens: a refresh token is good for one refresh, and every token dies with a password change or a
deactivated account; only HS256 with the registry's key is accepted."""

import contextlib
import threading
import unittest

import jwt
from django.conf import settings
from django.db import connection
from django.test import Client, TransactionTestCase
from rest_framework_simplejwt.tokens import RefreshToken

from landreg.accounts.models import User
from tests.base import RegistryTestCase, make_user

TOKEN_URL = "/api/v1/auth/token/"
REFRESH_URL = "/api/v1/auth/token/refresh/"
PARCELS_URL = "/api/v1/parcels/"


def obtain(client, username):
    response = client.post(
        TOKEN_URL, {"username": username, "password": f"pw-{username}"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def refresh(client, token):
    return client.post(REFRESH_URL, {"refresh": token}, content_type="application/json")


class RefreshRotationTests(RegistryTestCase):
    def test_a_refresh_gives_a_new_refresh_token_and_the_used_one_is_refused_with_401(self):
        tokens = obtain(self.client, "agent_a")
        first = refresh(self.client, tokens["refresh"])
        assert first.status_code == 200
        assert first.json()["refresh"] != tokens["refresh"]
        again = refresh(self.client, tokens["refresh"])
        assert again.status_code == 401
        assert again.json()["code"] == "token_not_valid"
        assert refresh(self.client, first.json()["refresh"]).status_code == 200

    def test_the_new_access_token_works(self):
        tokens = refresh(self.client, obtain(self.client, "agent_a")["refresh"]).json()
        assert (
            self.client.get(PARCELS_URL, HTTP_AUTHORIZATION=f"Bearer {tokens['access']}").status_code == 200
        )

    def test_an_access_token_is_not_a_refresh_token(self):
        tokens = obtain(self.client, "agent_a")
        assert refresh(self.client, tokens["access"]).status_code == 401


class TokensDieWithTheAccountTests(RegistryTestCase):
    def test_a_password_change_kills_the_access_and_the_refresh_tokens(self):
        tokens = obtain(self.client, "agent_a")
        user = User.objects.get(username="agent_a")
        user.set_password("a-new-password-for-agent-a")
        user.save()
        access = self.client.get(PARCELS_URL, HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
        assert access.status_code == 401
        assert refresh(self.client, tokens["refresh"]).status_code == 401

    def test_a_deactivated_account_loses_its_access_and_refresh_tokens(self):
        tokens = obtain(self.client, "agent_a")
        User.objects.filter(username="agent_a").update(is_active=False)
        access = self.client.get(PARCELS_URL, HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
        assert access.status_code == 401
        assert refresh(self.client, tokens["refresh"]).status_code == 401

    def test_a_deleted_account_gets_401_not_a_server_error(self):
        user = make_user("passing_through")
        token = str(RefreshToken.for_user(user))
        User.objects.filter(pk=user.pk).delete()
        assert refresh(self.client, token).status_code == 401


class AlgorithmPinnedTests(RegistryTestCase):
    def claims(self):
        return {"token_type": "access", "user_id": str(self.agent_a.pk), "exp": 4102444800, "jti": "x"}

    def test_an_unsigned_token_is_refused(self):
        token = jwt.encode(self.claims(), None, algorithm="none")
        assert self.client.get(PARCELS_URL, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401

    def test_a_token_signed_with_the_right_key_but_another_algorithm_is_refused(self):
        key = settings.SIMPLE_JWT["SIGNING_KEY"]
        token = jwt.encode(self.claims(), key, algorithm="HS512")
        assert self.client.get(PARCELS_URL, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401

    def test_the_algorithm_is_pinned_in_the_settings(self):
        assert settings.SIMPLE_JWT["ALGORITHM"] == "HS256"


@unittest.skipUnless(connection.vendor == "postgresql", "concurrent requests need PostGIS")
class ConcurrentRefreshTests(TransactionTestCase):
    serialized_rollback = True  # keep the content types, presets and code lists other tests rely on

    def test_two_refreshes_of_the_same_token_at_once_give_one_new_token(self):
        make_user("racer")
        token = obtain(Client(), "racer")["refresh"]
        # Both requests pass the "already used?" check before either records the use: the window a
        # check-then-write refresh leaves open, held open here on purpose.
        both_checked = threading.Barrier(2, timeout=5)
        original = RefreshToken.check_blacklist

        def check_then_wait(self):
            original(self)
            with contextlib.suppress(threading.BrokenBarrierError):
                both_checked.wait()

        statuses = []

        def attempt():
            try:
                statuses.append(refresh(Client(), token).status_code)
            finally:
                connection.close()

        RefreshToken.check_blacklist = check_then_wait
        try:
            threads = [threading.Thread(target=attempt) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            RefreshToken.check_blacklist = original
        assert sorted(statuses) == [200, 401]


class ExpiredTokenCleanupTests(RegistryTestCase):
    def test_the_daily_job_removes_expired_tokens_and_keeps_live_ones(self):
        from datetime import timedelta

        from django.utils import timezone
        from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

        from landreg.api.tasks import tokens_flush_expired

        live = obtain(self.client, "agent_a")["refresh"]
        spent = obtain(self.client, "member_a")["refresh"]
        assert refresh(self.client, spent).status_code == 200
        OutstandingToken.objects.filter(user=self.member_a).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
        tokens_flush_expired.call_local()
        assert not OutstandingToken.objects.filter(user=self.member_a).exists()
        assert refresh(self.client, live).status_code == 200
