"""Outside demo mode the registry refuses to sign with a key demo mode generated under var/signing/."""

import os
import tempfile
from unittest import mock

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import SimpleTestCase, override_settings

from landreg.core.signing.checks import check_signing_keys_are_not_demo_keys
from landreg.core.signing.keys import demo_key_path


def pem() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


class DemoKeyCheckTests(SimpleTestCase):
    def setUp(self):
        var = tempfile.TemporaryDirectory()
        self.addCleanup(var.cleanup)
        override = override_settings(DEMO_MODE=False, VAR_DIR=var.name)
        override.enable()
        self.addCleanup(override.disable)
        self.demo = demo_key_path("demo")
        self.demo.parent.mkdir(parents=True)
        self.demo.write_bytes(pem())
        demo_key_path("checkpoint").write_bytes(pem())

    def errors(self, **env):
        clean = {
            k: v for k, v in os.environ.items() if not k.startswith(("LANDREG_SIGNING", "LANDREG_CHECK"))
        }
        with mock.patch.dict(os.environ, {**clean, **env}, clear=True):
            return [(error.id, error.msg.split(" ")[0]) for error in check_signing_keys_are_not_demo_keys()]

    def test_the_demo_certificate_key_file_is_refused_outside_demo_mode(self):
        assert self.errors(LANDREG_SIGNING_KEY_FILE=str(self.demo)) == [
            ("landreg.E002", "LANDREG_SIGNING_KEY")
        ]

    def test_the_demo_key_copied_into_the_environment_is_refused(self):
        assert self.errors(LANDREG_SIGNING_KEY=self.demo.read_text()) == [
            ("landreg.E002", "LANDREG_SIGNING_KEY")
        ]

    def test_the_demo_checkpoint_key_is_refused_too(self):
        found = self.errors(LANDREG_CHECKPOINT_KEY_FILE=str(demo_key_path("checkpoint")))
        assert found == [("landreg.E002", "LANDREG_CHECKPOINT_KEY")]

    def test_keys_of_their_own_pass(self):
        own = self.demo.parent / "own.pem"
        own.write_bytes(pem())
        assert self.errors(LANDREG_SIGNING_KEY_FILE=str(own), LANDREG_CHECKPOINT_KEY=pem().decode()) == []

    def test_demo_mode_may_use_the_demo_keys(self):
        with override_settings(DEMO_MODE=True):
            assert self.errors(LANDREG_SIGNING_KEY_FILE=str(self.demo)) == []
