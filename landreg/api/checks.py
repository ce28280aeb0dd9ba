"""System checks for the API's token key (run by every manage.py command and at start-up).

API tokens are signed with HS256 and JWT_SIGNING_KEY (or SECRET_KEY): anyone who knows the key mints tokens
for any user. The demo key is published in the repository, so it is refused outside demo mode, and so is a
key too short for HS256 (RFC 7518 asks for at least 256 bits).
"""

from django.conf import settings
from django.core import checks

MIN_KEY_LENGTH = 32


@checks.register(checks.Tags.security)
def check_jwt_signing_key(app_configs=None, **kwargs):
    if settings.DEMO_MODE:
        return []
    key = settings.SIMPLE_JWT.get("SIGNING_KEY") or ""
    if key == settings.DEMO_SECRET_KEY:
        return [
            checks.Error(
                "The API tokens would be signed with the demo key, which is public.",
                hint="Set JWT_SIGNING_KEY (or SECRET_KEY) to a long random value; the demo key works only "
                "with LANDREG_DEMO=1.",
                id="landreg.E001",
            )
        ]
    if len(key) < MIN_KEY_LENGTH:
        return [
            checks.Error(
                f"The API token key is {len(key)} characters long; HS256 needs at least {MIN_KEY_LENGTH}.",
                hint="Set JWT_SIGNING_KEY to a long random value (e.g. `openssl rand -base64 48`).",
                id="landreg.E001",
            )
        ]
    return []
