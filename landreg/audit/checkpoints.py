"""Signed checkpoints of the chain head, so that a rewritten history no longer matches what was exported.

The hash chain alone shows edits only to someone who cannot recompute it: with database access one can
change an event and recompute every later hash, or delete the last events and move the head back, and the
chain is again "intact". A checkpoint is the head (sequence number and hash) signed with the checkpoint key
(Ed25519, ``LANDREG_CHECKPOINT_KEY`` or ``LANDREG_CHECKPOINT_KEY_FILE``, loaded like the certificate key by
``landreg.core.signing.keys`` but a key of its own). One is written each day that had events (the worker's
periodic task, ``landreg.audit.tasks``) and by ``manage.py audit_checkpoint``, which also exports them with
the public keys so copies are held elsewhere (another office, a printout, an e-mail). ``verify_audit
--checkpoints FILE --jwks FILE`` then checks today's chain against those copies: the event at each
checkpoint's sequence must still exist and still have the signed hash.

Each checkpoint is a compact JWS anyone can check with the JWKS and any JOSE library:
``{"iss": "landreg", "sub": "audit-checkpoint", "seq": 1234, "hash": "<sha-256 hex>", "iat": <unix time>}``.
"""

import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.db import transaction
from django.utils.translation import gettext as _

from landreg.audit.models import AuditCheckpoint, AuditEvent, AuditHead
from landreg.core import clock
from landreg.core.exceptions import KeyConfigurationError
from landreg.core.signing.keys import jwks_document, key_id, load_private_key, public_keys_from_files

ALGORITHM = "EdDSA"
ISSUER = "landreg"
SUBJECT = "audit-checkpoint"
EXPORT_FORMAT = "landreg-audit-checkpoints/1"


class CheckpointKeyError(KeyConfigurationError):
    """The checkpoint key is missing or unreadable (see LANDREG_CHECKPOINT_KEY / _FILE)."""


@dataclass(frozen=True)
class CheckpointKeyring:
    private_key: Ed25519PrivateKey
    kid: str
    public_keys: list[Ed25519PublicKey]  # the current one first, then retired ones


@functools.cache
def checkpoint_keyring() -> CheckpointKeyring:
    """Loaded once per process; ``checkpoint_keyring.cache_clear()`` after changing the environment."""
    private, _origin = load_private_key(
        env="LANDREG_CHECKPOINT_KEY",
        demo_name="checkpoint",
        purpose=_("checkpoint"),
        error=CheckpointKeyError,
    )
    retired = public_keys_from_files(
        os.environ.get("LANDREG_RETIRED_CHECKPOINT_KEY_FILES", ""), error=CheckpointKeyError
    )
    return CheckpointKeyring(private, key_id(private.public_key()), [private.public_key(), *retired])


def checkpoint_jwks() -> dict:
    return jwks_document(checkpoint_keyring().public_keys)


@transaction.atomic
def checkpoint_write(*, only_if_new_events: bool = True) -> AuditCheckpoint | None:
    """Sign the current head. Nothing when the chain is empty, or unchanged since the last checkpoint."""
    # The head's row lock: no event is appended between reading the head and signing it.
    head, _created = AuditHead.objects.select_for_update().get_or_create(pk=1)
    if head.last_seq == 0:
        return None
    last = AuditCheckpoint.objects.order_by("-head_seq", "-id").first()
    if only_if_new_events and last is not None and last.head_seq == head.last_seq:
        return None
    ring = checkpoint_keyring()
    moment = clock.now().replace(microsecond=0)
    claims = {
        "iss": ISSUER,
        "sub": SUBJECT,
        "seq": head.last_seq,
        "hash": head.last_hash,
        "iat": int(moment.timestamp()),
    }
    token = jwt.encode(claims, ring.private_key, algorithm=ALGORITHM, headers={"kid": ring.kid, "typ": None})
    return AuditCheckpoint.objects.create(
        created_at=moment, head_seq=head.last_seq, head_hash=head.last_hash, key_id=ring.kid, token=token
    )


def checkpoints_export(path: Path) -> int:
    """Write every checkpoint's token to ``path`` (JSON); returns how many."""
    tokens = list(AuditCheckpoint.objects.order_by("head_seq", "id").values_list("token", flat=True))
    path.write_text(json.dumps({"format": EXPORT_FORMAT, "checkpoints": tokens}, indent=1) + "\n")
    return len(tokens)


def checkpoints_read(path: Path) -> list[str]:
    document = json.loads(path.read_text())
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise ValueError(_("%(path)s is not an export of audit checkpoints.") % {"path": path})
    return [str(token) for token in document.get("checkpoints", [])]


def _claims(token: str, jwks: dict) -> dict:
    """The claims of a checkpoint signed by a key of ``jwks``; raises jwt.InvalidTokenError otherwise."""
    header = jwt.get_unverified_header(token)
    if header.get("alg") != ALGORITHM:
        raise jwt.InvalidAlgorithmError(_("unexpected algorithm"))
    # The JWKS comes from a file the auditor gives: a key id it lacks, an unusable key or a document that is
    # not a JWKS is the token's failure to verify (InvalidKeyError and PyJWKError are not InvalidTokenError:
    # they went up through verify_audit as a traceback).
    keys = jwks.get("keys") if isinstance(jwks, dict) else None
    if not isinstance(keys, list):
        raise jwt.InvalidTokenError(_("the public keys are not a JWKS document"))
    key = next((k for k in keys if isinstance(k, dict) and k.get("kid") == header.get("kid")), None)
    if key is None:
        raise jwt.InvalidTokenError(_("unknown key id"))
    try:
        public = jwt.PyJWK.from_dict(key, algorithm=ALGORITHM)
    except (jwt.PyJWKError, jwt.InvalidKeyError, ValueError, TypeError, KeyError) as exc:
        raise jwt.InvalidTokenError(_("unusable public key (%(error)s)") % {"error": exc}) from exc
    claims = jwt.decode(token, public.key, algorithms=[ALGORITHM], issuer=ISSUER, subject=SUBJECT)
    if not isinstance(claims.get("seq"), int) or not isinstance(claims.get("hash"), str):
        raise jwt.InvalidTokenError(_("not a checkpoint"))
    return claims


def checkpoints_verify(tokens: list[str], jwks: dict) -> tuple[int, str | None]:
    """Check the chain against signed checkpoints: how many agree, and the first problem, if any.

    Run after ``audit_verify``: the chain is known to be consistent with itself, so one matching event per
    checkpoint vouches for every event before it.
    """
    checked = 0
    for token in tokens:
        try:
            claims = _claims(token, jwks)
        except jwt.InvalidTokenError as exc:
            return checked, _("a checkpoint's signature does not verify (%(error)s).") % {"error": exc}
        seq, expected = claims["seq"], claims["hash"]
        event = AuditEvent.objects.filter(seq=seq).only("hash").first()
        if event is None:
            return checked, _(
                "the chain ends before event #%(seq)s, which a signed checkpoint records: "
                "its last events were cut."
            ) % {"seq": seq}
        if event.hash != expected:
            return checked, _(
                "event #%(seq)s no longer has the hash its signed checkpoint records: "
                "the history was rewritten up to there."
            ) % {"seq": seq}
        checked += 1
    return checked, None


def stored_checkpoints_verify() -> tuple[int, str | None]:
    """Check the database's own checkpoints with this server's checkpoint keys.

    They catch a rewrite by someone who did not also delete them; the copies held elsewhere are the real
    guarantee. A server without its checkpoint key skips this check (returns 0, None).
    """
    try:
        jwks = checkpoint_jwks()
    except CheckpointKeyError:
        return 0, None
    stored = AuditCheckpoint.objects.order_by("head_seq", "id")
    rows = list(stored.values_list("token", "head_seq", "head_hash"))
    for token, seq, head_hash in rows:
        try:
            claims = _claims(token, jwks)
        except jwt.InvalidTokenError:
            continue  # reported by the token check below with its reason
        if (claims["seq"], claims["hash"]) != (seq, head_hash):
            return 0, _("a stored checkpoint's columns differ from what it signed (#%(seq)s).") % {"seq": seq}
    return checkpoints_verify([row[0] for row in rows], jwks)
