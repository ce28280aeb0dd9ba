"""The QR code, read from a rendered page, verifies with nothing but the published JWKS."""

import json
import os
import tempfile
from pathlib import Path
from unittest import mock

import jwt
import pypdfium2
import zxingcpp
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import SimpleTestCase, override_settings
from django.utils import translation

from landreg.certificates.exceptions import SigningKeyError
from landreg.certificates.issuing.services import certificate_pdf
from landreg.certificates.verification import signing
from tests.certificates.base import CertificateTestCase


def decode_qr_from_pdf(pdf: bytes) -> str:
    page = pypdfium2.PdfDocument(pdf)[0]  # the QR code is on the first page
    image = page.render(scale=300 / 72).to_pil().convert("L")  # printed at 300 dpi
    results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert results, "no QR code found on the page"
    return results[0].text


def offline_verify(token: str, jwks_document: dict) -> dict:
    """What a verifier does with no server: pick the key by kid, check the Ed25519 signature."""
    kid = jwt.get_unverified_header(token)["kid"]
    key = jwt.PyJWKSet.from_dict(jwks_document)[kid]
    return jwt.decode(token, key.key, algorithms=["EdDSA"])


def pem_of(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


class QrCodeTests(CertificateTestCase):
    def test_the_qr_code_read_from_the_printed_page_verifies_with_only_the_jwks(self):
        certificate = self.issue()
        url = decode_qr_from_pdf(certificate_pdf(certificate))
        self.assertTrue(url.startswith("http://127.0.0.1:8000/verify/"), url)
        jwks_document = json.loads(self.client.get("/.well-known/jwks.json").content)
        claims = offline_verify(url.rsplit("/", 1)[1], jwks_document)
        self.assertEqual(claims["no"], certificate.number)
        self.assertEqual(claims["parcel"], self.parcel_c.number)
        self.assertEqual(claims["holders"], [["ƁAŊƆ Ɛlisabɛt Ƙandé", "1/2"], ["RAKOTOÑIRINA Jôsé", "1/2"]])
        self.assertEqual(claims["area_m2"], 10000)
        self.assertEqual(claims["issued"], "2026-03-14")
        self.assertEqual(claims["geom"], certificate.geometry_hash)
        self.assertNotIn("B98765432", json.dumps(claims))  # no ID numbers in the code

    def test_the_geometry_hash_can_be_recomputed_from_the_printed_vertex_table(self):
        import base64
        import hashlib

        certificate = self.issue()
        vertices = certificate.content["plan"]["vertices"]
        canonical = "EPSG:32630;" + ";".join(f"{x:.2f},{y:.2f}" for _label, x, y in vertices)
        digest = base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()
        self.assertEqual(certificate.geometry_hash, f"sha256:{digest}")

    def test_an_altered_token_fails_offline_verification(self):
        token = self.issue().token
        header, payload, signature = token.split(".")
        forged = json.loads(jwt.utils.base64url_decode(payload))
        forged["area_m2"] = 99999
        forged_payload = jwt.utils.base64url_encode(json.dumps(forged).encode()).decode()
        with self.assertRaises(jwt.InvalidSignatureError):
            offline_verify(f"{header}.{forged_payload}.{signature}", signing.jwks())


class KeyTests(SimpleTestCase):
    def setUp(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)
        signing.keyring.cache_clear()
        self.addCleanup(signing.keyring.cache_clear)

    def test_a_rotated_key_stays_published_so_old_certificates_still_verify(self):
        old, new = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
        with mock.patch.dict(os.environ, {"LANDREG_SIGNING_KEY": pem_of(old).decode()}):
            old_token, old_kid = signing.sign({"no": "X-1"})
        signing.keyring.cache_clear()
        with tempfile.NamedTemporaryFile(suffix=".pem") as retired:
            retired.write(pem_of(old))
            retired.flush()
            env = {"LANDREG_SIGNING_KEY": pem_of(new).decode(), "LANDREG_RETIRED_KEY_FILES": retired.name}
            with mock.patch.dict(os.environ, env):
                new_token, new_kid = signing.sign({"no": "X-2"})
                document = signing.jwks()
        self.assertNotEqual(old_kid, new_kid)
        self.assertEqual([k["kid"] for k in document["keys"]], [new_kid, old_kid])
        self.assertEqual(offline_verify(old_token, document)["no"], "X-1")
        self.assertEqual(offline_verify(new_token, document)["no"], "X-2")

    def test_demo_mode_generates_one_private_key_under_var_and_keeps_it(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("LANDREG_SIGNING_KEY")}
        with tempfile.TemporaryDirectory() as var, override_settings(VAR_DIR=var, DEMO_MODE=True):
            with mock.patch.dict(os.environ, env, clear=True):
                first = signing.keyring().kid
                signing.keyring.cache_clear()
                second = signing.keyring().kid
            key_file = Path(var) / "signing" / "ed25519-demo.pem"
            self.assertEqual(first, second)
            self.assertEqual(key_file.stat().st_mode & 0o777, 0o600)
            self.assertEqual(sorted(p.name for p in key_file.parent.iterdir()), ["ed25519-demo.pem"])

    def test_a_key_file_inside_the_repository_is_refused(self):
        with (
            mock.patch.dict(os.environ, {"LANDREG_SIGNING_KEY_FILE": "landreg/settings.py"}),
            self.assertRaisesMessage(SigningKeyError, "inside the repository"),
        ):
            signing.keyring()

    @override_settings(DEMO_MODE=False)
    def test_outside_demo_mode_there_is_no_generated_key(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("LANDREG_SIGNING_KEY")}
        with (
            mock.patch.dict(os.environ, env, clear=True),
            self.assertRaisesMessage(SigningKeyError, "No signing key"),
        ):
            signing.keyring()

    def test_a_key_that_is_not_ed25519_is_refused(self):
        from cryptography.hazmat.primitives.asymmetric import ec

        pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        with (
            mock.patch.dict(os.environ, {"LANDREG_SIGNING_KEY": pem.decode()}),
            self.assertRaisesMessage(SigningKeyError, "not an Ed25519"),
        ):
            signing.keyring()
