"""System check: the keys demo mode generates never sign outside demo mode.

`make demo` generates Ed25519 keys under var/signing/ (certificates, audit checkpoints). They sit on every
demo machine and in every copy of var/, so what they sign proves nothing: outside demo mode the configured
key (``<NAME>`` or ``<NAME>_FILE``) must not be one of them.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core import checks

from landreg.core.signing.keys import demo_key_path

# (environment variable, demo key name) of each use of landreg.core.signing.keys.load_private_key.
KEY_FAMILIES = (("LANDREG_SIGNING_KEY", "demo"), ("LANDREG_CHECKPOINT_KEY", "checkpoint"))


def _configured_key(env: str) -> tuple[bytes | None, Path | None]:
    if os.environ.get(env):
        return os.environ[env].encode(), None
    if os.environ.get(f"{env}_FILE"):
        path = Path(os.environ[f"{env}_FILE"]).expanduser().resolve()
        try:
            return path.read_bytes(), path
        except OSError:
            return None, path  # unreadable: the signing code says so when it is used
    return None, None


def _is_demo_key(env: str, demo_name: str) -> bool:
    key, path = _configured_key(env)
    demo = demo_key_path(demo_name).resolve()
    if path is not None and path == demo:
        return True
    return key is not None and demo.is_file() and key.strip() == demo.read_bytes().strip()


@checks.register(checks.Tags.security)
def check_signing_keys_are_not_demo_keys(app_configs=None, **kwargs):
    if settings.DEMO_MODE:
        return []
    return [
        checks.Error(
            f"{env} is the demo key generated under var/signing/.",
            hint="Create a key outside the repository (openssl genpkey -algorithm ed25519 -out "
            f"/etc/landreg/{demo_name}.pem) and set {env}_FILE to it.",
            id="landreg.E002",
        )
        for env, demo_name in KEY_FAMILIES
        if _is_demo_key(env, demo_name)
    ]
