"""Signed checkpoints: a chain recomputed after an edit, or cut short, no longer matches a checkpoint."""

import datetime as dt
import io
import json
import os
import tempfile
from pathlib import Path
from unittest import mock

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase, override_settings

from landreg.audit import checkpoints
from landreg.audit.checkpoints import CheckpointKeyError, checkpoint_write
from landreg.audit.models import AppendOnlyError, AuditCheckpoint, AuditEvent, AuditHead
from landreg.audit.services import audit_record, audit_verify, event_hash
from landreg.audit.tasks import daily_checkpoint
from landreg.certificates.verification import signing


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def record(count):
    for i in range(count):
        audit_record(action="test.event", object_type="test", object_id=str(i), payload={"n": i})


def rewrite_from(seq, payload):
    """What someone with database access does: edit an event, then recompute every later hash and the head."""
    prev = AuditEvent.objects.get(seq=seq - 1).hash if seq > 1 else "0" * 64
    for event in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
        if event.seq == seq:
            event.payload = payload
        event.prev_hash = prev
        event.hash = event_hash(event)
        sql(
            "UPDATE audit_auditevent SET payload = %s, prev_hash = %s, hash = %s WHERE seq = %s",
            [json.dumps(event.payload), event.prev_hash, event.hash, event.seq],
        )
        prev = event.hash
    sql("UPDATE audit_audithead SET last_hash = %s", [prev])


def cut_after(seq):
    """Delete the last events and move the head back to ``seq``: the shorter chain is consistent."""
    sql("DELETE FROM audit_auditevent WHERE seq > %s", [seq])
    last_hash = AuditEvent.objects.get(seq=seq).hash
    sql("UPDATE audit_audithead SET last_seq = %s, last_hash = %s", [seq, last_hash])


class CheckpointAttackTests(TestCase):
    def setUp(self):
        record(5)
        checkpoint_write()
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)
        self.exported = Path(self.folder.name) / "checkpoints.json"
        self.jwks = Path(self.folder.name) / "checkpoint-jwks.json"
        call_command("audit_checkpoint", export=str(self.exported), jwks=str(self.jwks), stdout=io.StringIO())

    def verify(self, **options):
        out = io.StringIO()
        call_command("verify_audit", stdout=out, **options)
        return out.getvalue()

    def verify_with_the_exported_copy(self):
        return self.verify(checkpoints=str(self.exported), jwks=str(self.jwks))

    def test_an_untouched_history_agrees_with_its_checkpoints(self):
        assert "5 events verified, 1 stored checkpoint agrees, 1 exported checkpoint agrees." in (
            self.verify_with_the_exported_copy()
        )

    def test_a_chain_recomputed_after_an_edit_is_caught_by_the_exported_checkpoint(self):
        rewrite_from(3, {"n": 99})
        assert audit_verify() == (5, None)  # the chain alone cannot tell
        AuditCheckpoint.objects.all()._raw_delete(connection.alias)  # the stored copies go too
        with pytest.raises(CommandError, match="event #5 no longer has the hash .* rewritten"):
            self.verify_with_the_exported_copy()

    def test_a_chain_recomputed_after_an_edit_is_caught_by_the_stored_checkpoint(self):
        rewrite_from(2, {"n": 42})
        with pytest.raises(CommandError, match="event #5 no longer has the hash"):
            self.verify()

    def test_a_cut_tail_with_the_head_moved_back_is_caught(self):
        cut_after(3)
        assert audit_verify() == (3, None)  # the chain alone cannot tell
        AuditCheckpoint.objects.all()._raw_delete(connection.alias)
        with pytest.raises(CommandError, match="ends before event #5.*cut"):
            self.verify_with_the_exported_copy()

    def test_a_cut_tail_regrown_to_the_same_length_is_caught(self):
        cut_after(3)
        record(2)
        with pytest.raises(CommandError, match="event #5 no longer has the hash"):
            self.verify_with_the_exported_copy()

    def test_a_checkpoint_signed_with_another_key_is_refused(self):
        other = Ed25519PrivateKey.generate()
        forged = jwt.encode(
            {"iss": "landreg", "sub": "audit-checkpoint", "seq": 5, "hash": "f" * 64, "iat": 0},
            other,
            algorithm="EdDSA",
            headers={"kid": json.loads(self.jwks.read_text())["keys"][0]["kid"]},
        )
        self.exported.write_text(json.dumps({"format": checkpoints.EXPORT_FORMAT, "checkpoints": [forged]}))
        with pytest.raises(CommandError, match="signature does not verify"):
            self.verify_with_the_exported_copy()

    def test_a_stored_checkpoint_whose_columns_were_edited_is_reported(self):
        sql("UPDATE audit_auditcheckpoint SET head_hash = %s", ["0" * 64])
        with pytest.raises(CommandError, match="columns differ"):
            self.verify()

    def test_the_exported_checkpoints_verify_with_any_jose_library_and_the_jwks(self):
        token = json.loads(self.exported.read_text())["checkpoints"][0]
        key = jwt.PyJWK.from_dict(json.loads(self.jwks.read_text())["keys"][0], algorithm="EdDSA")
        claims = jwt.decode(token, key.key, algorithms=["EdDSA"])
        assert (claims["seq"], claims["hash"]) == (5, AuditHead.objects.get().last_hash)

    def test_checkpoints_cannot_be_changed_or_deleted_through_the_application(self):
        checkpoint = AuditCheckpoint.objects.get()
        with pytest.raises(AppendOnlyError):
            checkpoint.save()
        with pytest.raises(AppendOnlyError):
            checkpoint.delete()
        with pytest.raises(AppendOnlyError):
            AuditCheckpoint.objects.update(head_seq=1)

    def test_checkpoint_options_go_together(self):
        with pytest.raises(CommandError, match="go together"):
            self.verify(checkpoints=str(self.exported))


class DailyCheckpointTests(TestCase):
    def test_a_day_without_events_writes_no_checkpoint(self):
        daily_checkpoint.call_local()
        assert not AuditCheckpoint.objects.exists()

    def test_a_day_with_events_writes_one_and_a_quiet_day_after_it_none(self):
        record(2)
        daily_checkpoint.call_local()
        daily_checkpoint.call_local()
        assert list(AuditCheckpoint.objects.values_list("head_seq", flat=True)) == [2]
        record(1)
        daily_checkpoint.call_local()
        assert list(AuditCheckpoint.objects.values_list("head_seq", flat=True)) == [2, 3]

    def test_the_task_runs_every_day_at_five_to_midnight(self):
        validate = daily_checkpoint.task_class().validate_datetime
        assert validate(dt.datetime(2026, 3, 1, 23, 55)) and not validate(dt.datetime(2026, 3, 1, 23, 54))


class CheckpointKeyTests(TestCase):
    def tearDown(self):
        checkpoints.checkpoint_keyring.cache_clear()
        signing.keyring.cache_clear()

    def test_demo_mode_generates_a_checkpoint_key_of_its_own(self):
        prefixes = ("LANDREG_CHECKPOINT", "LANDREG_SIGNING")
        env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
        with tempfile.TemporaryDirectory() as var, override_settings(VAR_DIR=var, DEMO_MODE=True):
            with mock.patch.dict(os.environ, env, clear=True):
                checkpoints.checkpoint_keyring.cache_clear()
                signing.keyring.cache_clear()
                assert checkpoints.checkpoint_keyring().kid != signing.keyring().kid
            assert (Path(var) / "signing" / "ed25519-checkpoint.pem").stat().st_mode & 0o777 == 0o600

    def test_a_key_from_the_environment_is_used(self):
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        with mock.patch.dict(os.environ, {"LANDREG_CHECKPOINT_KEY": pem.decode()}):
            checkpoints.checkpoint_keyring.cache_clear()
            record(1)
            assert checkpoint_write().key_id == signing.key_id(key.public_key())

    @override_settings(DEMO_MODE=False)
    def test_outside_demo_mode_there_is_no_generated_key(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("LANDREG_CHECKPOINT")}
        with mock.patch.dict(os.environ, env, clear=True):
            checkpoints.checkpoint_keyring.cache_clear()
            record(1)
            with pytest.raises(CheckpointKeyError, match="No checkpoint key"):
                checkpoint_write()
            with pytest.raises(CommandError, match="No checkpoint key"):
                call_command("audit_checkpoint", stdout=io.StringIO())
