"""Password guessing: five wrong passwords in 15 minutes for one username from one address lock that pair out,
on the login page, the admin login and the API's token endpoint alike (429, Retry-After, French message)."""

from django.conf import settings
from django.test import override_settings

from tests.base import RegistryTestCase

LOGIN_URL = "/accounts/login/"
ADMIN_LOGIN_URL = "/admin/login/"
TOKEN_URL = "/api/v1/auth/token/"
LIMIT = 5


class LoginPageLockoutTests(RegistryTestCase):
    def post_login(self, password, username="agent_a", address="127.0.0.1"):
        self.client.get(LOGIN_URL)  # the page sets the CSRF cookie the form posts back
        return self.client.post(
            LOGIN_URL,
            {"username": username, "password": password, "next": ""},
            REMOTE_ADDR=address,
        )

    def test_four_wrong_passwords_get_the_form_back(self):
        for _ in range(LIMIT - 1):
            response = self.post_login("wrong")
            assert response.status_code == 200
            assert "Your username and password didn't match" in response.content.decode() or (
                "ne correspondent pas" in response.content.decode()
            )

    def test_the_fifth_wrong_password_locks_the_account_out_for_15_minutes_in_french(self):
        responses = [self.post_login("wrong") for _ in range(LIMIT)]
        locked = responses[-1]
        assert locked.status_code == 429
        assert locked["Retry-After"] == str(15 * 60)
        assert "Trop de tentatives" in locked.content.decode()
        assert 'name="password"' not in locked.content.decode()

    def test_while_locked_out_even_the_right_password_is_refused(self):
        for _ in range(LIMIT):
            self.post_login("wrong")
        response = self.post_login("pw-agent_a")
        assert response.status_code == 429
        assert "_auth_user_id" not in self.client.session

    def test_thirty_wrong_passwords_are_not_all_answered_normally(self):
        statuses = [self.post_login("wrong").status_code for _ in range(30)]
        assert statuses.count(200) == LIMIT - 1
        assert set(statuses[LIMIT - 1 :]) == {429}

    def test_the_lockout_is_for_that_username_from_that_address_only(self):
        for _ in range(LIMIT):
            self.post_login("wrong")
        assert self.post_login("pw-member_a", username="member_a").status_code == 302
        self.client.logout()
        assert self.post_login("pw-agent_a", address="10.0.0.7").status_code == 302

    def test_a_successful_login_clears_earlier_failures(self):
        for _ in range(LIMIT - 1):
            self.post_login("wrong")
        assert self.post_login("pw-agent_a").status_code == 302
        self.client.logout()
        for _ in range(LIMIT - 1):
            assert self.post_login("wrong").status_code == 200

    @override_settings(LANGUAGE_CODE="fr")
    def test_the_lockout_page_can_be_read_in_english(self):
        self.client.cookies["django_language"] = "en"
        for _ in range(LIMIT):
            response = self.post_login("wrong")
        assert response.status_code == 429
        assert "Too many failed login attempts" in response.content.decode()


class AdminLoginLockoutTests(RegistryTestCase):
    def test_the_admin_login_locks_out_after_five_wrong_passwords(self):
        self.mayor.is_staff = True
        self.mayor.save()
        statuses = []
        for _ in range(LIMIT + 1):
            response = self.client.post(
                ADMIN_LOGIN_URL, {"username": "mayor", "password": "wrong", "next": "/admin/"}
            )
            statuses.append(response.status_code)
        assert statuses == [200] * (LIMIT - 1) + [429, 429]
        assert "Trop de tentatives" in response.content.decode()
        right = self.client.post(
            ADMIN_LOGIN_URL, {"username": "mayor", "password": "pw-mayor", "next": "/admin/"}
        )
        assert right.status_code == 429


# Thirty tries from one address would meet the endpoint's rate per address (tests/api/test_token_throttle.py)
# before the end: here only the lockout answers.
@override_settings(
    REST_FRAMEWORK={
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": None, "token_refresh": None},
    }
)
class TokenEndpointLockoutTests(RegistryTestCase):
    def obtain(self, password, username="agent_a"):
        return self.client.post(
            TOKEN_URL, {"username": username, "password": password}, content_type="application/json"
        )

    def test_the_token_endpoint_answers_429_in_json_after_five_wrong_passwords(self):
        statuses = [self.obtain("wrong").status_code for _ in range(30)]
        assert statuses[: LIMIT - 1] == [401] * (LIMIT - 1)
        assert set(statuses[LIMIT - 1 :]) == {429}
        response = self.obtain("pw-agent_a")
        assert response.status_code == 429
        assert response["Retry-After"] == str(15 * 60)
        body = response.json()
        assert body["code"] == "locked_out"
        assert body["retry_after"] == 15 * 60
        assert "Trop de tentatives" in body["detail"]
        assert "access" not in body

    def test_other_users_still_get_their_tokens(self):
        for _ in range(LIMIT):
            self.obtain("wrong")
        assert self.obtain("pw-member_a", username="member_a").status_code == 200


class LockoutBehindAProxyTests(RegistryTestCase):
    def post_login(self, forwarded_for):
        return self.client.post(
            LOGIN_URL,
            {"username": "agent_a", "password": "wrong", "next": ""},
            REMOTE_ADDR="10.0.0.1",  # the proxy
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    def test_without_trusting_the_proxy_every_client_counts_as_the_proxy(self):
        statuses = [self.post_login(f"198.51.100.{n}").status_code for n in range(LIMIT)]
        assert statuses[-1] == 429

    def test_trusting_the_proxy_counts_the_address_the_proxy_saw(self):
        with self.settings(LANDREG_TRUST_PROXY_HEADERS=True):
            for _ in range(LIMIT):
                self.post_login("198.51.100.7")
            assert self.post_login("198.51.100.7").status_code == 429
            assert self.post_login("198.51.100.8").status_code == 200
            # An address the client wrote in front of the proxy's own entry changes nothing.
            assert self.post_login("203.0.113.9, 198.51.100.7").status_code == 429
