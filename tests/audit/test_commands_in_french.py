"""The land office's administrator reads verify_audit, audit_checkpoint and verify_certificates in the
registry's language, as backup and restore speak it: they printed English only, whatever LANGUAGE_CODE
said. Each count agrees with its noun, one or many: « 1 événement vérifié », « 3 événements vérifiés »;
they printed « 3 événement(s) vérifié(s) », the plural left to the reader."""

import io
import tempfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import translation

from landreg.audit.services import audit_record
from tests.audit.test_chain import sql

NNBSP = "\u202f"


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def record(count: int) -> None:
    for i in range(count):
        audit_record(action="test.event", object_type="test", object_id=str(i), payload={"n": i})


class AuditCommandsSpeakTheRegistrysLanguageTests(TestCase):
    def test_an_intact_chain_is_reported_in_french_and_in_english(self):
        record(3)
        with translation.override("fr"):
            said = run("verify_audit")
        assert said == (
            f"Chaîne de l’historique intacte{NNBSP}: 3 événements vérifiés, "
            "0 point de contrôle enregistré concordant.\n"
        ), said
        with translation.override("en"):
            assert (
                run("verify_audit") == "Audit chain intact: 3 events verified, 0 stored checkpoints agree.\n"
            )

    def test_one_event_and_one_checkpoint_are_said_in_the_singular(self):
        record(1)
        with tempfile.TemporaryDirectory() as folder:
            files = {"export": f"{folder}/checkpoints.json", "jwks": f"{folder}/jwks.json"}
            with translation.override("fr"):
                exported = run("audit_checkpoint", **files)
                said = run("verify_audit", checkpoints=files["export"], jwks=files["jwks"])
            with translation.override("en"):
                english = run("verify_audit", checkpoints=files["export"], jwks=files["jwks"])
        assert f"1 point de contrôle écrit dans {files['export']}." in exported, exported
        assert said == (
            f"Chaîne de l’historique intacte{NNBSP}: 1 événement vérifié, 1 point de contrôle enregistré "
            "concordant, 1 point de contrôle exporté concordant.\n"
        ), said
        assert english == (
            "Audit chain intact: 1 event verified, 1 stored checkpoint agrees, "
            "1 exported checkpoint agrees.\n"
        ), english
        assert "(s)" not in exported + said + english

    def test_a_broken_link_is_named_in_french(self):
        record(3)
        sql("UPDATE audit_auditevent SET payload = %s WHERE seq = 2", ['{"n": 99}'])
        with translation.override("fr"), pytest.raises(CommandError) as raised:
            run("verify_audit")
        said = str(raised.value)
        assert said == (
            f"Chaîne de l’historique rompue à l’événement n° 2{NNBSP}: son contenu a été modifié après son "
            "enregistrement (1 événement vérifié avant)."
        ), said

    def test_the_checkpoint_command_speaks_french(self):
        record(3)
        with tempfile.TemporaryDirectory() as folder:
            exported = Path(folder) / "checkpoints.json"
            with translation.override("fr"):
                said = run("audit_checkpoint", export=str(exported))
                again = run("audit_checkpoint")
                record(1)
                run("audit_checkpoint")
                twice = run("audit_checkpoint", export=str(exported))
        assert f"Point de contrôle signé{NNBSP}: événement n° 3 " in said, said
        assert f"1 point de contrôle écrit dans {exported}." in said, said
        assert again == f"Aucun nouvel événement depuis le dernier point de contrôle{NNBSP}: rien à signer.\n"
        assert f"2 points de contrôle écrits dans {exported}." in twice, twice


class VerifyCertificatesSpeaksFrenchTests(TestCase):
    def test_a_register_without_certificates_is_reported_in_french(self):
        with translation.override("fr"):
            assert run("verify_certificates") == "0 certificat vérifié.\n"
        with translation.override("en"):
            assert run("verify_certificates") == "All 0 certificates verify.\n"
