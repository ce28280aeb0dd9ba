"""Outside demo mode the API refuses to sign tokens with the public demo key or a short key."""

from django.conf import settings
from django.test import SimpleTestCase, override_settings

from landreg.api.checks import check_jwt_signing_key

REAL_KEY = "k" * 48


def jwt_settings(key):
    return {**settings.SIMPLE_JWT, "SIGNING_KEY": key}


class JwtKeyCheckTests(SimpleTestCase):
    def ids(self):
        return [error.id for error in check_jwt_signing_key()]

    def test_the_demo_key_is_refused_outside_demo_mode(self):
        with override_settings(DEMO_MODE=False, SIMPLE_JWT=jwt_settings(settings.DEMO_SECRET_KEY)):
            assert self.ids() == ["landreg.E001"]

    def test_a_short_key_is_refused_outside_demo_mode(self):
        with override_settings(DEMO_MODE=False, SIMPLE_JWT=jwt_settings("short-key")):
            assert self.ids() == ["landreg.E001"]

    def test_a_long_random_key_passes(self):
        with override_settings(DEMO_MODE=False, SIMPLE_JWT=jwt_settings(REAL_KEY)):
            assert self.ids() == []

    def test_demo_mode_may_use_the_demo_key(self):
        with override_settings(DEMO_MODE=True, SIMPLE_JWT=jwt_settings(settings.DEMO_SECRET_KEY)):
            assert self.ids() == []
