"""The land office's administrator reads verify_audit, audit_checkpoint and verify_certificates in the
registry's language, as backup and restore speak it: they printed English only, whatever LANGUAGE_CODE
said."""

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


class AuditCommandsSpeakTheRegistrysLanguageTests(TestCase):
    def setUp(self):
        for i in range(3):
            audit_record(action="test.event", object_type="test", object_id=str(i), payload={"n": i})

    def test_an_intact_chain_is_reported_in_french_and_in_english(self):
        with translation.override("fr"):
            said = run("verify_audit")
        assert f"Chaîne de l’historique intacte{NNBSP}: 3 événement(s) vérifié(s)" in said, said
        assert "Audit chain" not in said
        with translation.override("en"):
            assert "Audit chain intact: 3 events verified" in run("verify_audit")

    def test_a_broken_link_is_named_in_french(self):
        sql("UPDATE audit_auditevent SET payload = %s WHERE seq = 2", ['{"n": 99}'])
        with translation.override("fr"), pytest.raises(CommandError) as raised:
            run("verify_audit")
        said = str(raised.value)
        assert said == (
            f"Chaîne de l’historique rompue à l’événement n° 2{NNBSP}: son contenu a été modifié après son "
            "enregistrement (1 événement vérifié avant)."
        ), said

    def test_the_checkpoint_command_speaks_french(self):
        with tempfile.TemporaryDirectory() as folder:
            exported = Path(folder) / "checkpoints.json"
            with translation.override("fr"):
                said = run("audit_checkpoint", export=str(exported))
                again = run("audit_checkpoint")
        assert f"Point de contrôle signé{NNBSP}: événement n° 3 " in said, said
        assert f"1 point(s) de contrôle écrit(s) dans {exported}." in said, said
        assert again == f"Aucun nouvel événement depuis le dernier point de contrôle{NNBSP}: rien à signer.\n"


class VerifyCertificatesSpeaksFrenchTests(TestCase):
    def test_a_register_without_certificates_is_reported_in_french(self):
        with translation.override("fr"):
            assert "Les 0 certificat(s) sont tous vérifiés." in run("verify_certificates")
        with translation.override("en"):
            assert "All 0 certificate(s) verify." in run("verify_certificates")
