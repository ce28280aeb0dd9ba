"""Requests per address are counted over a sliding period (accounts.throttle), with a clock the test moves.

In fixed windows a client could make twice the rate across a minute's edge: three requests at 9:00:59, three
more at 9:01:00. Now the requests just before the edge still count just after it, and the Retry-After a
refusal gives is the wait: one second less and the request is refused again, then it is served."""

import contextlib
import datetime as dt
from unittest import mock

from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from landreg.core import clock
from tests.base import RegistryTestCase

TOKEN_URL = "/api/v1/auth/token/"
EDGE = dt.datetime(2030, 3, 4, 9, 1, tzinfo=dt.UTC)  # 9:01:00, where one minute's window ends


@contextlib.contextmanager
def at(seconds: float):
    """The registry's clock at ``seconds`` from the edge (negative: before it), and the machine's, which the
    fixed windows read: the counts before and after meet the same edge."""
    moment = EDGE + dt.timedelta(seconds=seconds)
    with clock.frozen_at(moment), mock.patch("time.time", return_value=moment.timestamp()):
        yield


def rates(**scopes):
    return {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": scopes}


@override_settings(REST_FRAMEWORK=rates(token="3/minute"))
class ThrottleWindowEdgeTests(RegistryTestCase):
    def obtain(self, username):
        """A token asked with a wrong password: 401 when served, 429 when refused for the rate."""
        return self.client.post(
            TOKEN_URL,
            {"username": username, "password": "wrong"},
            content_type="application/json",
            REMOTE_ADDR="198.51.100.7",
        )

    def statuses(self, seconds, names):
        with at(seconds):
            return [self.obtain(name).status_code for name in names]

    def test_a_burst_across_a_minutes_edge_is_held_to_the_rate(self):
        assert self.statuses(-0.5, ["Ɓila", "Ŋaba", "Kɔnkɔ", "Zongo"]) == [401, 401, 401, 429]
        # Half a second later, in the next minute: fixed windows served three more here.
        assert self.statuses(0.5, ["Ɛlise", "Ouédraogo", "Yaméogo"]) == [429, 429, 429]

    def test_the_wait_said_after_an_edge_is_the_wait(self):
        assert self.statuses(-0.5, ["Ɓila", "Ŋaba", "Kɔnkɔ"]) == [401, 401, 401]
        with at(0.5):
            refused = self.obtain("Zongo")
        assert refused.status_code == 429
        seconds = int(refused["Retry-After"])
        # The three of 9:00:59.5, taken as spread over their minute, leave room for one more 20 s later.
        assert seconds == 20
        assert self.statuses(0.5 + seconds - 1, ["Zongo"]) == [429]
        assert self.statuses(0.5 + seconds, ["Zongo"]) == [401]

    def test_a_burst_at_a_minutes_start_waits_no_more_than_the_minute(self):
        assert self.statuses(0.1, ["Ɓila", "Ŋaba", "Kɔnkɔ"]) == [401, 401, 401]
        with at(0.4):
            refused = self.obtain("Zongo")
        seconds = int(refused["Retry-After"])
        assert refused.status_code == 429 and seconds == 60
        assert self.statuses(0.4 + seconds - 1, ["Zongo"]) == [429]
        assert self.statuses(0.4 + seconds, ["Zongo"]) == [401]

    def test_refused_requests_do_not_lengthen_the_wait(self):
        assert self.statuses(-0.5, ["Ɓila", "Ŋaba", "Kɔnkɔ"]) == [401, 401, 401]
        # A client hammering through the wait is refused each time, and served when the wait said is over.
        assert set(self.statuses(0.5, ["Zongo"] * 5)) == {429}
        assert set(self.statuses(10, ["Zongo"] * 5)) == {429}
        assert self.statuses(20.5, ["Zongo"]) == [401]

    @override_settings(LANDREG_PUBLIC_REQUESTS_PER_MINUTE=3)
    def test_the_public_register_page_holds_a_burst_across_the_edge_and_says_the_wait(self):
        url = reverse("web:public-register")
        with at(-0.5):
            assert [self.client.get(url, {"q": "TC-A"}).status_code for _ in range(3)] == [200] * 3
        with at(0.5):
            response = self.client.get(url, {"q": "TC-A"})
        assert response.status_code == 429 and response["Retry-After"] == "20"
        assert "Trop de requêtes" in response.content.decode()
        with at(20.5):
            assert self.client.get(url, {"q": "TC-A"}).status_code == 200
