"""Ed25519 keys, the compact JWS printed in each QR code, and the JWKS that lets anyone verify it offline.

Keys never live in the repository; they are loaded by ``landreg.core.signing.keys`` (shared with the audit
checkpoints). The current private key comes from ``LANDREG_SIGNING_KEY`` (PEM text) or
``LANDREG_SIGNING_KEY_FILE`` (a path outside the repository); keys used before a rotation stay published
through ``LANDREG_RETIRED_KEY_FILES`` (comma-separated PEM paths, public or private) so that certificates
signed with them still verify. In demo and test mode only, a key is generated once under ``var/signing/``
(ignored by git). The key id is the RFC 7638 thumbprint of the public key, so anyone can recompute it.
"""

import functools
import json
import os
from dataclasses import dataclass

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.utils.translation import gettext as _

from landreg.certificates.exceptions import SigningKeyError
from landreg.core.signing.keys import key_id, load_private_key, public_jwk, public_keys_from_files

ALGORITHM = "EdDSA"
ISSUER = "landreg"


@dataclass(frozen=True)
class Keyring:
    private_key: Ed25519PrivateKey
    kid: str
    public_keys: dict[str, Ed25519PublicKey]  # kid -> key, the current one first


@functools.cache
def keyring() -> Keyring:
    """Loaded once per process; ``keyring.cache_clear()`` after changing the environment (tests)."""
    private, _origin = load_private_key(
        env="LANDREG_SIGNING_KEY", demo_name="demo", purpose=_("signing"), error=SigningKeyError
    )
    current = private.public_key()
    public_keys = {key_id(current): current}
    retired = public_keys_from_files(os.environ.get("LANDREG_RETIRED_KEY_FILES", ""), error=SigningKeyError)
    for public in retired:
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
