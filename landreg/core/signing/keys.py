"""Ed25519 private keys from the environment, shared by everything the registry signs.

One family of keys, one way to load them: a PEM in ``<NAME>`` or a PEM file named by ``<NAME>_FILE``
(outside the repository). Only in demo and test mode is a key generated, once, under ``var/signing/``
(ignored by git). Each use has its own variables and so its own key (certificates: ``LANDREG_SIGNING_KEY``;
audit checkpoints: ``LANDREG_CHECKPOINT_KEY``), and its own key id: the RFC 7638 thumbprint of the public
key, which anyone can recompute from the published JWKS.

    private, origin = load_private_key(
        env="LANDREG_CHECKPOINT_KEY", demo_name="checkpoint", purpose=_("checkpoint"), error=MyError
    )
    kid = key_id(private.public_key())

``error`` is the caller's subclass of ``KeyConfigurationError``, so each app reports its own kind of error.
"""

import base64
import hashlib
import json
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils.translation import gettext as _

from landreg.core.exceptions import KeyConfigurationError


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_jwk(public_key: Ed25519PublicKey) -> dict:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"crv": "Ed25519", "kty": "OKP", "x": b64url(raw)}


def key_id(public_key: Ed25519PublicKey) -> str:
    """RFC 7638 thumbprint: SHA-256 of the canonical JWK members in lexicographic order."""
    canonical = json.dumps(public_jwk(public_key), separators=(",", ":"), sort_keys=True)
    return b64url(hashlib.sha256(canonical.encode()).digest())


def load_pem(data: bytes, origin: str, *, error: type[KeyConfigurationError] = KeyConfigurationError):
    """A private key if the PEM holds one, else its public key."""
    try:
        return serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        pass
    try:
        return serialization.load_pem_public_key(data)
    except ValueError as exc:
        raise error(_("The key in %(origin)s is not a PEM key.") % {"origin": origin}) from exc


def outside_repository(path: Path, *, error: type[KeyConfigurationError] = KeyConfigurationError) -> Path:
    """A key file inside the repository would end up in a commit or an image; var/ is ignored by git."""
    path = path.expanduser().resolve()
    repo, var = Path(settings.BASE_DIR).resolve(), Path(settings.VAR_DIR).resolve()
    if path.is_relative_to(repo) and not path.is_relative_to(var):
        raise error(
            _("The signing key %(path)s is inside the repository; keep it outside (or under var/).")
            % {"path": path}
        )
    return path


def demo_key_path(name: str) -> Path:
    """Where demo mode keeps its generated key (refused outside demo mode: check landreg.E002)."""
    return Path(settings.VAR_DIR) / "signing" / f"ed25519-{name}.pem"


def demo_key_file(name: str) -> Path:
    """``var/signing/ed25519-<name>.pem``, generated on first use (demo and test mode only)."""
    path = demo_key_path(name)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        # Written under a temporary name then hard-linked: the link fails if another process (web, worker)
        # got there first, so every process ends up reading the same, complete key.
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pem)
        tmp.chmod(0o600)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path


def load_private_key(
    *, env: str, demo_name: str, purpose: str, error: type[KeyConfigurationError] = KeyConfigurationError
) -> tuple[Ed25519PrivateKey, str]:
    """The Ed25519 private key from ``env`` (PEM) or ``env + "_FILE"``, and where it came from."""
    file_env = f"{env}_FILE"
    if os.environ.get(env):
        key, origin = load_pem(os.environ[env].encode(), env, error=error), "env"
    else:
        if os.environ.get(file_env):
            path = outside_repository(Path(os.environ[file_env]), error=error)
        elif settings.DEMO_MODE:
            path = demo_key_file(demo_name)
        else:
            raise error(
                _("No %(purpose)s key: set %(env)s or %(file_env)s.")
                % {"purpose": purpose, "env": env, "file_env": file_env}
            )
        try:
            key, origin = load_pem(path.read_bytes(), str(path), error=error), str(path)
        except OSError as exc:
            raise error(_("The key file %(path)s cannot be read.") % {"path": path}) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise error(_("The key from %(origin)s is not an Ed25519 private key.") % {"origin": origin})
    return key, origin


def public_keys_from_files(
    paths: str, *, error: type[KeyConfigurationError] = KeyConfigurationError
) -> list[Ed25519PublicKey]:
    """The public halves of comma-separated PEM files (retired keys stay published after a rotation)."""
    keys = []
    for item in paths.split(","):
        if item.strip():
            path = Path(item.strip()).expanduser()
            key = load_pem(path.read_bytes(), str(path), error=error)
            public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
            if not isinstance(public, Ed25519PublicKey):
                raise error(_("%(path)s is not an Ed25519 key.") % {"path": path})
            keys.append(public)
    return keys


def jwks_document(public_keys, *, alg: str = "EdDSA") -> dict:
    """A JWKS document (RFC 7517) for the keys, in the order given."""
    return {
        "keys": [{**public_jwk(key), "kid": key_id(key), "alg": alg, "use": "sig"} for key in public_keys]
    }
