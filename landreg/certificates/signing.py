"""Ed25519 keys, the compact JWS printed in each QR code, and the JWKS that lets anyone verify it offline.

Keys never live in the repository. The current private key comes from ``LANDREG_SIGNING_KEY`` (PEM text) or
``LANDREG_SIGNING_KEY_FILE`` (a path outside the repository); keys used before a rotation stay published
through ``LANDREG_RETIRED_KEY_FILES`` (comma-separated PEM paths, public or private) so that certificates
signed with them still verify. In demo and test mode only, a key is generated once under ``var/signing/``
(ignored by git). The key id is the RFC 7638 thumbprint of the public key, so anyone can recompute it.
"""

import base64
import functools
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils.translation import gettext as _

from landreg.certificates.exceptions import SigningKeyError

ALGORITHM = "EdDSA"
ISSUER = "landreg"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_jwk(public_key: Ed25519PublicKey) -> dict:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"crv": "Ed25519", "kty": "OKP", "x": _b64url(raw)}


def key_id(public_key: Ed25519PublicKey) -> str:
    """RFC 7638 thumbprint: SHA-256 of the canonical JWK members in lexicographic order."""
    canonical = json.dumps(public_jwk(public_key), separators=(",", ":"), sort_keys=True)
    return _b64url(hashlib.sha256(canonical.encode()).digest())


@dataclass(frozen=True)
class Keyring:
    private_key: Ed25519PrivateKey
    kid: str
    public_keys: dict[str, Ed25519PublicKey]  # kid -> key, the current one first


def _load_pem(data: bytes, origin: str):
    try:
        return serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        pass
    try:
        return serialization.load_pem_public_key(data)
    except ValueError as exc:
        raise SigningKeyError(_("The key in %(origin)s is not a PEM key.") % {"origin": origin}) from exc


def _outside_repository(path: Path) -> Path:
    path = path.expanduser().resolve()
    repo, var = Path(settings.BASE_DIR).resolve(), Path(settings.VAR_DIR).resolve()
    if path.is_relative_to(repo) and not path.is_relative_to(var):
        raise SigningKeyError(
            _("The signing key %(path)s is inside the repository; keep it outside (or under var/).")
            % {"path": path}
        )
    return path


def _demo_key_file() -> Path:
    path = Path(settings.VAR_DIR) / "signing" / "ed25519-demo.pem"
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


def _private_key() -> tuple[Ed25519PrivateKey, str]:
    if os.environ.get("LANDREG_SIGNING_KEY"):
        return _load_pem(os.environ["LANDREG_SIGNING_KEY"].encode(), "LANDREG_SIGNING_KEY"), "env"
    if os.environ.get("LANDREG_SIGNING_KEY_FILE"):
        path = _outside_repository(Path(os.environ["LANDREG_SIGNING_KEY_FILE"]))
    elif settings.DEMO_MODE:
        path = _demo_key_file()
    else:
        raise SigningKeyError(_("No signing key: set LANDREG_SIGNING_KEY or LANDREG_SIGNING_KEY_FILE."))
    try:
        return _load_pem(path.read_bytes(), str(path)), str(path)
    except OSError as exc:
        raise SigningKeyError(_("The signing key file %(path)s cannot be read.") % {"path": path}) from exc


@functools.cache
def keyring() -> Keyring:
    """Loaded once per process; ``keyring.cache_clear()`` after changing the environment (tests)."""
    private, origin = _private_key()
    if not isinstance(private, Ed25519PrivateKey):
        raise SigningKeyError(
            _("The signing key from %(origin)s is not an Ed25519 private key.") % {"origin": origin}
        )
    current = private.public_key()
    public_keys = {key_id(current): current}
    for item in os.environ.get("LANDREG_RETIRED_KEY_FILES", "").split(","):
        if item.strip():
            path = Path(item.strip()).expanduser()
            key = _load_pem(path.read_bytes(), str(path))
            public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
            if not isinstance(public, Ed25519PublicKey):
                raise SigningKeyError(_("%(path)s is not an Ed25519 key.") % {"path": path})
            public_keys.setdefault(key_id(public), public)
    return Keyring(private_key=private, kid=key_id(current), public_keys=public_keys)


def jwks() -> dict:
    """The public keys as a JWKS document (RFC 7517), current key first."""
    return {
        "keys": [
            {**public_jwk(key), "kid": kid, "alg": ALGORITHM, "use": "sig"}
            for kid, key in keyring().public_keys.items()
        ]
    }


class _Utf8Encoder(json.JSONEncoder):
    """Names as UTF-8, not \\u escapes: a shorter token is a smaller QR code with bigger modules."""

    def __init__(self, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(**kwargs)


def sign(claims: dict) -> tuple[str, str]:
    """A compact JWS over the claims, and the key id that signed it. Ed25519 is deterministic."""
    ring = keyring()
    token = jwt.encode(
        {"iss": ISSUER, **claims},
        ring.private_key,
        algorithm=ALGORITHM,
        headers={"kid": ring.kid, "typ": None},  # no "typ": it says nothing a verifier needs
        json_encoder=_Utf8Encoder,
    )
    return token, ring.kid


def verify(token: str, jwks_document: dict | None = None) -> dict:
    """The claims of a token signed by one of the published keys; raises jwt.InvalidTokenError otherwise.

    Needs nothing but the JWKS document: this is what an offline verifier does.
    """
    document = jwks_document if jwks_document is not None else jwks()
    header = jwt.get_unverified_header(token)
    if header.get("alg") != ALGORITHM:
        raise jwt.InvalidAlgorithmError("unexpected algorithm")
    key = next((k for k in document.get("keys", []) if k.get("kid") == header.get("kid")), None)
    if key is None:
        raise jwt.InvalidKeyError("unknown key id")
    public = jwt.PyJWK.from_dict(key, algorithm=ALGORITHM)
    return jwt.decode(token, public.key, algorithms=[ALGORITHM], issuer=ISSUER)
