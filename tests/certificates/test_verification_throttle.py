"""Certificate verification answers a limited number of requests per address: the page a QR code opens and
its API in one count, so nobody can try certificate numbers or codes one after another."""

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client, override_settings

from tests.certificates.base import CertificateTestCase

API = "/api/v1/certificates/verify/{}/"


def rates(**scopes):
    return {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **scopes},
    }


class InterleavingCache(LocMemCache):
    """A shared count whose reader is held up: ``between``, when set, runs once right after the next read or
    count (get, add, incr), before the request that made it goes on; another worker serves a whole request
    there, as gunicorn's workers do at the same instant."""

    between = None

    def _then(self, result):
        hook, InterleavingCache.between = InterleavingCache.between, None
        if hook:
            hook()
        return result

    def get(self, *args, **kwargs):
        return self._then(super().get(*args, **kwargs))

    def add(self, *args, **kwargs):
        return self._then(super().add(*args, **kwargs))

    def incr(self, *args, **kwargs):
        return self._then(super().incr(*args, **kwargs))


@override_settings(REST_FRAMEWORK=rates(verify="3/minute"))
class VerificationThrottleTests(CertificateTestCase):
    def page(self, token, address="198.51.100.7", **headers):
        return self.client.get(f"/verify/{token}", HTTP_HOST="127.0.0.1", REMOTE_ADDR=address, **headers)

    def api(self, token, address="198.51.100.7"):
        return self.client.get(API.format(token), HTTP_HOST="127.0.0.1", REMOTE_ADDR=address)

    def test_someone_trying_codes_one_after_another_is_told_to_wait(self):
        for n in range(3):
            assert self.page(f"guess-{n}").status_code == 200
        refused = self.page("guess-3")
        assert refused.status_code == 429
        assert 0 < int(refused["Retry-After"]) <= 60
        html = refused.content.decode()
        assert "Trop de vérifications depuis votre adresse" in html
        assert 'data-status="invalid"' not in html  # no verdict on the code tried
        # Even a genuine certificate waits: the verdict is never computed.
        assert self.page(self.issue().token).status_code == 429

    def test_the_refusal_is_in_english_for_an_english_visitor(self):
        for n in range(3):
            self.page(f"guess-{n}")
        self.client.cookies["django_language"] = "en"  # as the language menu chooses it
        refused = self.page("guess-3")
        assert refused.status_code == 429
        assert "Too many verifications from your address" in refused.content.decode()

    def test_an_honest_visitor_scanning_a_few_certificates_gets_each_verdict(self):
        certificate = self.issue()
        for _ in range(3):
            response = self.page(certificate.token)
            assert response.status_code == 200
            assert 'data-status="not_in_force"' in response.content.decode()

    def test_the_api_and_the_page_share_one_count(self):
        assert self.page("guess-0").status_code == 200
        assert self.api("guess-1").status_code == 200
        assert self.page("guess-2").status_code == 200
        refused = self.api("guess-3")
        assert refused.status_code == 429
        assert refused.json()["error"] == "throttled"
        assert refused.has_header("Retry-After")
        assert self.page("guess-4").status_code == 429

    def test_another_address_still_gets_its_verdict(self):
        for n in range(4):
            self.page(f"guess-{n}")
        assert self.page("guess-5", address="203.0.113.9").status_code == 200
        assert self.api("guess-6", address="203.0.113.9").status_code == 200

    def test_a_forged_forwarded_address_does_not_dodge_the_count_without_a_trusted_proxy(self):
        statuses = [
            self.page(f"guess-{n}", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code for n in range(4)
        ]
        assert statuses == [200, 200, 200, 429]

    @override_settings(LANDREG_TRUST_PROXY_HEADERS=True)
    def test_behind_a_trusted_proxy_each_client_is_counted_for_the_address_the_proxy_saw(self):
        proxy = "10.0.0.2"
        for n in range(3):
            assert self.page(f"guess-{n}", proxy, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 200
        assert self.page("guess-3", proxy, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
        # Another client behind the same proxy; a forged first entry is not the proxy's own.
        assert self.page("guess-4", proxy, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 200
        forged = self.page("guess-5", proxy, HTTP_X_FORWARDED_FOR="203.0.113.50, 198.51.100.7")
        assert forged.status_code == 429

    @override_settings(
        CACHES={
            **settings.CACHES,
            "throttle": {"BACKEND": f"{__name__}.InterleavingCache", "LOCATION": "interleaving"},
        }
    )
    def test_two_workers_counting_at_the_same_instant_each_count(self):
        # Worker 1 reads the address's count while worker 2 (another process: its own client and memory, the
        # default cache emptied, as tests/web/test_public_register.py plays it) serves an API request. With
        # a list of times read, appended to and written back, both read two and both were served.
        InterleavingCache("interleaving", {}).clear()
        for n in range(2):
            assert self.page(f"guess-{n}").status_code == 200
        worker_2, served = Client(), []

        def other_worker():
            cache.clear()
            response = worker_2.get(API.format("guess-2"), HTTP_HOST="127.0.0.1", REMOTE_ADDR="198.51.100.7")
            served.append(response.status_code)

        InterleavingCache.between = other_worker
        statuses = sorted([self.page("guess-3").status_code, *served])
        assert statuses == [200, 429]  # the third request of the minute is served, the fourth is not
        assert self.api("guess-4").status_code == 429
