"""The signing keys in a backup: only when asked for, and then encrypted with a passphrase.

A backup travels (a USB disk, another office): the registry's private key in it in clear would let whoever
holds the disk sign certificates. So keys are left out by default (keep them apart, as the README says), and
``--include-keys`` seals them with a key derived from ``LANDREG_BACKUP_PASSPHRASE`` (scrypt, then AES-256-GCM,
both from the ``cryptography`` package PyJWT[crypto] already brings).
"""

import json
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.conf import settings
from django.utils.translation import gettext as _

from landreg.backups.exceptions import BackupError

PASSPHRASE_VARIABLE = "LANDREG_BACKUP_PASSPHRASE"
MIN_PASSPHRASE = 12
SCRYPT_N = 2**15


def passphrase() -> bytes:
    value = os.environ.get(PASSPHRASE_VARIABLE, "")
    if len(value) < MIN_PASSPHRASE:
        raise BackupError(
            _("Set %(var)s to a passphrase of at least %(n)s characters to seal or open the signing keys.")
            % {"var": PASSPHRASE_VARIABLE, "n": MIN_PASSPHRASE}
        )
    return value.encode()


def _derive(secret: bytes, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=8, p=1).derive(secret)


# Every key family the registry signs with (landreg.core.signing.keys): its variable, its demo file, its
# retired keys.
KEY_FAMILIES = [
    ("signing", "LANDREG_SIGNING_KEY", "demo", "LANDREG_RETIRED_KEY_FILES"),
    ("checkpoint", "LANDREG_CHECKPOINT_KEY", "checkpoint", "LANDREG_RETIRED_CHECKPOINT_KEY_FILES"),
]


def key_files() -> dict[str, bytes]:
    """The PEM keys of each family: the current one and the retired ones (certificates and checkpoints
    signed with them must stay verifiable after a restore)."""
    found = {}
    for family, env, demo_name, retired_env in KEY_FAMILIES:
        if os.environ.get(env):
            found[f"{family}.pem"] = os.environ[env].encode()
        else:
            path = os.environ.get(f"{env}_FILE") or (
                str(Path(settings.VAR_DIR) / "signing" / f"ed25519-{demo_name}.pem")
                if settings.DEMO_MODE
                else ""
            )
            if path and Path(path).is_file():
                found[f"{family}.pem"] = Path(path).read_bytes()
        retired = [p.strip() for p in os.environ.get(retired_env, "").split(",") if p.strip()]
        for index, item in enumerate(retired, start=1):
            found[f"{family}-retired-{index}.pem"] = Path(item).expanduser().read_bytes()
    if not found:
        raise BackupError(_("No signing key is configured, so none can be included."))
    return found


def seal(files: dict[str, bytes]) -> bytes:
    salt, nonce = os.urandom(16), os.urandom(12)
    plain = json.dumps({name: data.decode() for name, data in files.items()}).encode()
    sealed = AESGCM(_derive(passphrase(), salt)).encrypt(nonce, plain, b"landreg-keys-1")
    return json.dumps(
        {
            "kdf": "scrypt",
            "n": SCRYPT_N,
            "cipher": "AES-256-GCM",
            "salt": salt.hex(),
            "nonce": nonce.hex(),
            "data": sealed.hex(),
        }
    ).encode()


def unseal(blob: bytes) -> dict[str, bytes]:
    box = json.loads(blob)
    try:
        plain = AESGCM(_derive(passphrase(), bytes.fromhex(box["salt"]))).decrypt(
            bytes.fromhex(box["nonce"]), bytes.fromhex(box["data"]), b"landreg-keys-1"
        )
    except InvalidTag as exc:
        raise BackupError(_("Wrong passphrase: the signing keys cannot be opened.")) from exc
    return {name: text.encode() for name, text in json.loads(plain).items()}


def write_keys(files: dict[str, bytes], directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    written = []
    for name, data in files.items():
        path = directory / name
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        written.append(path)
    return written
