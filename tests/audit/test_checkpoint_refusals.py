"""A checkpoint or a JWKS that cannot be checked is a problem verify_audit reports, never a traceback.

Before: a key id the JWKS does not hold raised jwt.InvalidKeyError (not an InvalidTokenError) out of the
command, as did a JWKS whose key is unusable or a file that is not a JWKS document at all; a stored
checkpoint signed by an unknown key stopped the check the same way.
"""

import json

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError
from django.db import connection
from django.test import TestCase

from landreg.audit import checkpoints
from landreg.audit.checkpoints import checkpoint_write
from landreg.audit.models import AuditCheckpoint
from tests.audit import test_checkpoints as attacks


class CheckpointRefusedClearlyTests(TestCase):
    # The same history and exported copy as the attacks' tests (imported as a module: not collected twice).
    setUp = attacks.CheckpointAttackTests.setUp
    verify = attacks.CheckpointAttackTests.verify
    verify_with_the_exported_copy = attacks.CheckpointAttackTests.verify_with_the_exported_copy

    def export(self, *tokens):
        document = {"format": checkpoints.EXPORT_FORMAT, "checkpoints": list(tokens)}
        self.exported.write_text(json.dumps(document))

    def kid(self) -> str:
        return json.loads(self.jwks.read_text())["keys"][0]["kid"]

    def forged(self, kid: str, algorithm: str = "EdDSA", key=None) -> str:
        claims = {"iss": "landreg", "sub": "audit-checkpoint", "seq": 5, "hash": "f" * 64, "iat": 0}
        if algorithm == "none":
            return jwt.encode(claims, None, algorithm="none", headers={"kid": kid})
        key = key or Ed25519PrivateKey.generate()
        return jwt.encode(claims, key, algorithm=algorithm, headers={"kid": kid})

    def test_a_checkpoint_signed_by_a_key_the_jwks_does_not_hold_is_refused(self):
        self.export(self.forged("a-key-nobody-published"))
        with pytest.raises(CommandError, match="signature does not verify .*unknown key id"):
            self.verify_with_the_exported_copy()

    def test_an_unsigned_or_hmac_checkpoint_is_refused(self):
        for token in (
            self.forged(self.kid(), "none"),
            self.forged(self.kid(), "HS256", key="a-shared-secret"),
        ):
            self.export(token)
            with pytest.raises(CommandError, match="signature does not verify .*algorithm"):
                self.verify_with_the_exported_copy()

    def test_a_jwks_that_is_not_one_or_whose_key_is_unusable_is_refused(self):
        kid = self.kid()
        for document in (
            [],
            {"keys": "x"},
            {"keys": [7]},
            {"keys": [{"kid": kid, "kty": "oct", "k": "c2VjcmV0"}]},
        ):
            self.jwks.write_text(json.dumps(document))
            with pytest.raises(CommandError, match="signature does not verify"):
                self.verify_with_the_exported_copy()

    def test_a_stored_checkpoint_signed_by_an_unknown_key_is_reported(self):
        AuditCheckpoint.objects.all()._raw_delete(connection.alias)
        checkpoint = checkpoint_write(only_if_new_events=False)
        attacks.sql(
            "UPDATE audit_auditcheckpoint SET token = %s WHERE id = %s",
            [self.forged("nobody"), checkpoint.pk],
        )
        with pytest.raises(CommandError, match="signature does not verify .*unknown key id"):
            self.verify()
