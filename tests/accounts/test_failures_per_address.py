"""One address trying many user names: past a limit of failed logins per address (separate from, and higher
than, the lockout's 5 per user name), every login from it is refused for a while, on the login page, the
admin, ODK Collect's door and the API token endpoint alike, before any password check; other addresses, and
an office whose staff share an address and stay below the limit, log in as before."""

import base64
import io
import time
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from landreg.accounts.limit_settings import FailureLimit, failure_limit_parse
from tests.base import RegistryTestCase, make_user
from tests.browser_forms import forms

LOGIN_URL = "/accounts/login/"
ADMIN_LOGIN_URL = "/admin/login/"
TOKEN_URL = "/api/v1/auth/token/"
FORM_LIST_URL = "/collect/formList"
LIMIT = 8  # above the lockout's 5, so that the lockout per user name is never what answers here
GUESSER = "198.51.100.23"
OFFICE = "203.0.113.40"  # a land office behind NAT: every clerk's login comes from it
ELSEWHERE = "192.0.2.77"
# User names a guesser might try, each a few times at most (never the lockout's 5 for one of them).
GUESSES = [
    "ɓila.ouedraogo",
    "kɔnɛ.ŋaba",
    "aminata.ɓaro",
    "ŋoma.sawadogo",
    "admin",
    "registre",
    "ɛli.kabore",
    "salif.zongo",
    "awa.ɓamogo",
    "issa.kɔnɛ",
]
PASSWORD_CHECK = "django.contrib.auth.backends.ModelBackend.authenticate"


def browser(address: str) -> Client:
    return Client(enforce_csrf_checks=True, REMOTE_ADDR=address)


def log_in_as_rendered(client: Client, username: str, password: str, url: str = LOGIN_URL):
    """Open the login page and post its form as the browser would: its CSRF token, its field names."""
    page = client.get(url)
    assert page.status_code == 200
    form = next(f for f in forms(page.content.decode()) if f.method == "post" and "login" in f.action)
    return client.post(form.action or url, form.data(username=username, password=password))


def basic(username: str, password: str) -> dict:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


@override_settings(LANDREG_LOGIN_FAILURES_PER_ADDRESS=FailureLimit(LIMIT, 15 * 60))
class LoginPageTests(RegistryTestCase):
    def guess(self, client, count):
        return [
            log_in_as_rendered(client, GUESSES[n % len(GUESSES)], "devine").status_code for n in range(count)
        ]

    def test_one_address_trying_many_user_names_is_refused_with_429_after_the_limit(self):
        guesser = browser(GUESSER)
        assert self.guess(guesser, LIMIT) == [200] * (LIMIT - 1) + [429]
        with mock.patch(PASSWORD_CHECK) as password_check:
            refused = log_in_as_rendered(guesser, "agent_a", "pw-agent_a")  # the right password, too late
        assert refused.status_code == 429
        assert not password_check.called
        assert 14 * 60 < int(refused["Retry-After"]) <= 15 * 60
        page = refused.content.decode()
        assert "Trop de tentatives de connexion échouées depuis votre adresse réseau" in page
        assert "bloquée pendant 15\u00a0minutes" in page or "bloquée pendant 15 minutes" in page
        assert 'name="password"' not in page
        assert "_auth_user_id" not in guesser.session

    def test_a_refused_login_counts_for_no_user(self):
        guesser = browser(GUESSER)
        self.guess(guesser, LIMIT)
        for _ in range(6):
            assert log_in_as_rendered(guesser, "agent_a", "devine").status_code == 429
        assert not AccessAttempt.objects.filter(username="agent_a").exists()

    def test_another_address_still_logs_in(self):
        self.guess(browser(GUESSER), LIMIT)
        assert log_in_as_rendered(browser(ELSEWHERE), "agent_a", "pw-agent_a").status_code == 302

    def test_staff_sharing_an_office_address_below_the_limit_are_not_affected(self):
        clerks = [make_user(name) for name in ("aminata.ɓaro", "kɔnɛ.ŋaba", "ɛli.kabore")]
        office = browser(OFFICE)
        typos = [
            log_in_as_rendered(office, clerks[n % 3].username, "mot-de-pase").status_code for n in range(7)
        ]
        assert typos == [200] * (LIMIT - 1)
        for clerk in clerks:
            assert log_in_as_rendered(office, clerk.username, f"pw-{clerk.username}").status_code == 302
            office.post("/accounts/logout/", {"csrfmiddlewaretoken": office.cookies["csrftoken"].value})

    def test_a_successful_login_does_not_clear_the_other_users_failures(self):
        office = browser(OFFICE)
        assert self.guess(office, LIMIT - 1) == [200] * (LIMIT - 1)
        assert log_in_as_rendered(office, "member_a", "pw-member_a").status_code == 302
        office.logout()
        assert log_in_as_rendered(office, "kɔnɛ.ŋaba", "devine").status_code == 429

    def test_the_address_may_log_in_again_once_its_failures_are_older_than_the_period(self):
        guesser = browser(GUESSER)
        self.guess(guesser, LIMIT)
        later = time.time() + 15 * 60 + 1
        with mock.patch("landreg.accounts.address_limit.time.time", return_value=later):
            assert log_in_as_rendered(guesser, "agent_a", "pw-agent_a").status_code == 302

    @override_settings(LANDREG_LOGIN_FAILURES_PER_ADDRESS=None)
    def test_none_turns_the_limit_off(self):
        assert set(self.guess(browser(GUESSER), 3 * LIMIT)) == {200}

    @override_settings(LANDREG_TRUST_PROXY_HEADERS=True)
    def test_behind_a_trusted_proxy_the_address_the_proxy_saw_is_counted(self):
        proxied = Client(enforce_csrf_checks=True, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=GUESSER)
        assert self.guess(proxied, LIMIT)[-1] == 429
        other = Client(enforce_csrf_checks=True, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=ELSEWHERE)
        assert log_in_as_rendered(other, "agent_a", "pw-agent_a").status_code == 302

    def test_the_message_can_be_read_in_english(self):
        guesser = browser(GUESSER)
        guesser.cookies["django_language"] = "en"
        self.guess(guesser, LIMIT)
        refused = log_in_as_rendered(guesser, "agent_a", "pw-agent_a")
        assert "Too many failed login attempts from your network address" in refused.content.decode()


class DefaultLimitTests(RegistryTestCase):
    def test_by_default_fifty_failures_in_fifteen_minutes_block_the_address(self):
        assert FailureLimit(50, 15 * 60) == settings.LANDREG_LOGIN_FAILURES_PER_ADDRESS
        guesser = browser(GUESSER)
        statuses = [
            log_in_as_rendered(guesser, f"{GUESSES[n % len(GUESSES)]}{n}", "devine").status_code
            for n in range(50)
        ]
        assert statuses == [200] * 49 + [429]


@override_settings(LANDREG_LOGIN_FAILURES_PER_ADDRESS=FailureLimit(LIMIT, 15 * 60))
class AdminLoginTests(RegistryTestCase):
    def test_the_admin_login_shares_the_count_and_is_refused_likewise(self):
        self.mayor.is_staff = True
        self.mayor.save()
        guesser = browser(GUESSER)
        for n in range(LIMIT - 1):
            assert log_in_as_rendered(guesser, GUESSES[n], "devine").status_code == 200
        refused = log_in_as_rendered(guesser, "admin", "devine", url=ADMIN_LOGIN_URL)
        assert refused.status_code == 429
        assert "depuis votre adresse réseau" in refused.content.decode()
        with mock.patch(PASSWORD_CHECK) as password_check:
            again = log_in_as_rendered(guesser, "mayor", "pw-mayor", url=ADMIN_LOGIN_URL)
        assert again.status_code == 429 and not password_check.called
        assert (
            log_in_as_rendered(browser(ELSEWHERE), "mayor", "pw-mayor", url=ADMIN_LOGIN_URL).status_code
            == 302
        )


@override_settings(LANDREG_LOGIN_FAILURES_PER_ADDRESS=FailureLimit(LIMIT, 15 * 60))
class OpenRosaDoorTests(RegistryTestCase):
    def form_list(self, username, password, address=GUESSER):
        return self.client.get(FORM_LIST_URL, REMOTE_ADDR=address, **basic(username, password))

    def test_a_device_trying_many_user_names_gets_429_with_retry_after(self):
        statuses = [self.form_list(GUESSES[n], "devine").status_code for n in range(LIMIT)]
        assert statuses == [401] * (LIMIT - 1) + [429]
        with mock.patch(PASSWORD_CHECK) as password_check:
            refused = self.form_list("agent_a", "pw-agent_a")
        assert refused.status_code == 429 and not password_check.called
        assert refused["X-OpenRosa-Version"] == "1.0"
        assert 14 * 60 < int(refused["Retry-After"]) <= 15 * 60
        body = refused.content.decode()
        assert "OpenRosaResponse" in body and "depuis votre adresse réseau" in body
        assert "sessionid" not in refused.cookies

    def test_another_device_elsewhere_still_logs_in(self):
        for n in range(LIMIT):
            self.form_list(GUESSES[n], "devine")
        assert self.form_list("agent_a", "pw-agent_a", address=ELSEWHERE).status_code == 200

    def test_the_login_page_and_the_devices_share_one_count(self):
        guesser = browser(GUESSER)
        for n in range(LIMIT - 1):
            log_in_as_rendered(guesser, GUESSES[n], "devine")
        assert self.form_list("agent_a", "pw-agent_a").status_code == 200  # below the limit: in
        assert self.form_list("ŋoma.sawadogo", "devine").status_code == 429


@override_settings(
    LANDREG_LOGIN_FAILURES_PER_ADDRESS=FailureLimit(LIMIT, 15 * 60),
    REST_FRAMEWORK={
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": None, "token_refresh": None},
    },
)
class TokenEndpointTests(RegistryTestCase):
    """Its rate (10 requests a minute) still lets 150 failures through in 15 minutes: it counts too."""

    def obtain(self, username, password, address=GUESSER):
        return self.client.post(
            TOKEN_URL,
            {"username": username, "password": password},
            content_type="application/json",
            REMOTE_ADDR=address,
        )

    def test_the_token_endpoint_answers_429_in_json_once_the_address_is_blocked(self):
        statuses = [self.obtain(GUESSES[n], "devine").status_code for n in range(LIMIT)]
        assert statuses == [401] * (LIMIT - 1) + [429]
        refused = self.obtain("agent_a", "pw-agent_a")
        assert refused.status_code == 429
        body = refused.json()
        assert body["code"] == "address_blocked" and "access" not in body
        assert int(refused["Retry-After"]) == body["retry_after"]
        assert self.obtain("agent_a", "pw-agent_a", address=ELSEWHERE).status_code == 200


class TestTheSetting:
    @pytest.mark.parametrize(
        ("value", "limit"),
        [
            ("50/15m", FailureLimit(50, 900)),
            ("20/h", FailureLimit(20, 3600)),
            ("100/900s", FailureLimit(100, 900)),
            (" 200/1D ", FailureLimit(200, 86400)),
            ("none", None),
            ("None", None),
        ],
    )
    def test_a_limit_is_failures_over_a_period(self, value, limit):
        assert failure_limit_parse(value) == limit

    @pytest.mark.parametrize(
        "value", ["lots", "50", "50/15", "50/15min", "0/15m", "50/0m", "-5/1m", "", "50/m/2"]
    )
    def test_anything_else_is_refused_naming_the_variable_and_an_example(self, value):
        with pytest.raises(
            ImproperlyConfigured, match=r'LANDREG_LOGIN_FAILURES_PER_ADDRESS: ".*" is not .*"50/15m"'
        ):
            failure_limit_parse(value)


@override_settings(LANDREG_LOGIN_FAILURES_PER_ADDRESS=FailureLimit(LIMIT, 15 * 60))
class UnblockCommandTests(RegistryTestCase):
    """An administrator lifts an address's block (an office whose tablet kept an old password)."""

    def unblock(self, *addresses) -> str:
        out = io.StringIO()
        call_command("login_address_unblock", *addresses, stdout=out)
        return out.getvalue()

    def test_the_blocked_office_logs_in_again_once_lifted_and_other_blocks_stand(self):
        office, guesser = browser(OFFICE), browser(GUESSER)
        for client in (office, guesser):
            for n in range(LIMIT):
                log_in_as_rendered(client, GUESSES[n % len(GUESSES)], "ancien-mot-de-passe")
        assert log_in_as_rendered(office, "agent_a", "pw-agent_a").status_code == 429
        with self.assertLogs("landreg.accounts.management.commands.login_address_unblock", "WARNING"):
            said = self.unblock(OFFICE)
        assert said.startswith(f"{OFFICE}: blocked for ") and said.strip().endswith("lifted.")
        assert log_in_as_rendered(office, "agent_a", "pw-agent_a").status_code == 302
        assert log_in_as_rendered(guesser, "agent_a", "pw-agent_a").status_code == 429
        assert self.unblock(OFFICE).strip() == f"{OFFICE}: not blocked; its failed logins are forgotten."

    def test_a_malformed_address_changes_nothing(self):
        guesser = browser(GUESSER)
        for n in range(LIMIT):
            log_in_as_rendered(guesser, GUESSES[n % len(GUESSES)], "devine")
        with pytest.raises(CommandError, match="Not an IP address: 'bureau-ɓila'"):
            self.unblock(GUESSER, "bureau-ɓila")
        assert log_in_as_rendered(guesser, "agent_a", "pw-agent_a").status_code == 429
