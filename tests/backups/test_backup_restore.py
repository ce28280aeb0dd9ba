"""A backup restored into an empty database gives back a register whose certificates all verify and whose
history chain is intact; a restore checks the archive first and never overwrites a register unasked."""

import datetime as dt
import io
import json
import os
import tarfile
import tempfile
from pathlib import Path
from unittest import mock

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import TransactionTestCase, override_settings

from landreg.certificates.models import Certificate
from landreg.certificates.verification import signing
from landreg.documents.models import Source
from landreg.documents.services import source_attach
from landreg.parcels.models import Parcel
from tests.base import make_territory

PASSPHRASE = "une phrase de passe assez longue"


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


class BackupTestCase(TransactionTestCase):
    # The rows the migrations wrote (procedure presets, code lists) come back after each test's flush.
    serialized_rollback = True

    def setUp(self):
        super().setUp()
        work = tempfile.TemporaryDirectory()
        self.addCleanup(work.cleanup)
        self.work = Path(work.name)
        self.media = self.work / "media"
        override = override_settings(MEDIA_ROOT=self.media)
        override.enable()
        self.addCleanup(override.disable)


class BackupRestoreTests(BackupTestCase):
    def test_a_backup_restored_into_an_empty_database_verifies_and_its_history_is_intact(self):
        call_command("load_demo", quiet=True, stdout=io.StringIO())
        call_command("load_adjudication_demo", stdout=io.StringIO())
        with override_settings(VAR_DIR=self.work):
            run("issue_certificate", "--approved-claims", "--signer", "maire")
        scan = self.media / "documents" / "acte-de-vente.pdf"
        scan.parent.mkdir(parents=True)
        scan.write_bytes(b"%PDF-1.4 scan")
        parcels, numbers = (
            Parcel.objects.count(),
            sorted(Certificate.objects.values_list("number", flat=True)),
        )
        self.assertTrue(numbers)

        archive = self.work / "landreg.tar.gz"
        self.assertIn("Backup written", run("backup", str(archive)))
        with self.assertRaisesMessage(CommandError, "already holds a register"):
            call_command("restore", str(archive))

        call_command("flush", interactive=False)  # an empty database
        scan.unlink()
        self.assertEqual(Certificate.objects.count(), 0)
        self.assertIn("Restored the backup", run("restore", str(archive)))

        self.assertEqual(Parcel.objects.count(), parcels)
        self.assertEqual(sorted(Certificate.objects.values_list("number", flat=True)), numbers)
        self.assertEqual(scan.read_bytes(), b"%PDF-1.4 scan")
        verified = (
            "1 certificate verifies." if len(numbers) == 1 else f"All {len(numbers)} certificates verify."
        )
        self.assertIn(verified, run("verify_certificates"))
        self.assertIn("Audit chain intact", run("verify_audit"))
        for certificate in Certificate.objects.all():
            page = self.client.get(f"/verify/{certificate.token}")
            self.assertContains(page, 'data-status="valid"')

    def test_force_replaces_a_register(self):
        call_command("load_demo", quiet=True, stdout=io.StringIO())
        archive = self.work / "landreg.tar.gz"
        run("backup", str(archive))
        self.assertIn("Restored the backup", run("restore", str(archive), "--force"))
        self.assertTrue(Parcel.objects.exists())


class BucketStorageTests(BackupTestCase):
    """LANDREG_STORAGE=s3: the documents are in a bucket, not under MEDIA_ROOT; the backup reads them and
    the restore writes them back through the storage API."""

    def setUp(self):
        super().setUp()
        bucket = {**settings.STORAGES, "default": {"BACKEND": "tests.storages.BucketLikeStorage"}}
        override = override_settings(STORAGES=bucket)
        override.enable()
        self.addCleanup(override.disable)

    def test_a_document_kept_in_a_bucket_is_backed_up_and_restored(self):
        village = make_territory()[0]
        deed = source_attach(
            source_type="deed",
            document_date=dt.date(2026, 11, 30),
            village=village,
            file=ContentFile(b"%PDF-1.4 acte de vente", name="acte.pdf"),
        )
        name = deed.file.name
        with self.assertRaises(NotImplementedError):
            default_storage.path(name)  # nothing on this disk, as in a bucket
        archive = self.work / "b.tar.gz"
        self.assertIn("1 file,", run("backup", str(archive)))
        with tarfile.open(archive) as tar:
            self.assertEqual(tar.extractfile(f"files/media/{name}").read(), b"%PDF-1.4 acte de vente")

        call_command("flush", interactive=False)
        default_storage.delete(name)
        run("restore", str(archive))

        restored = Source.objects.get()
        self.assertEqual(restored.file.name, name)
        with restored.file.open("rb") as handle:
            self.assertEqual(handle.read(), b"%PDF-1.4 acte de vente")

    def test_a_restore_over_the_same_bucket_keeps_each_file_under_its_name(self):
        village = make_territory()[0]
        scan = ContentFile(b"\xff\xd8\xff\xe0 photo", name="photo.jpg")
        photo = source_attach(
            source_type="photo", document_date=dt.date(2026, 11, 30), village=village, file=scan
        )
        archive = self.work / "b.tar.gz"
        run("backup", str(archive))
        run("restore", str(archive), "--force")  # the file is still in the bucket
        self.assertEqual(Source.objects.get().file.name, photo.file.name)
        self.assertEqual(default_storage.open(photo.file.name).read(), b"\xff\xd8\xff\xe0 photo")
        self.assertEqual(
            default_storage.listdir(str(Path(photo.file.name).parent))[1], [Path(photo.file.name).name]
        )


class ArchiveChecksTests(BackupTestCase):
    def rewrite(self, archive: Path, change) -> Path:
        """A copy of the archive whose members went through ``change(name, bytes) -> bytes``."""
        copy = archive.with_name("changed.tar.gz")
        with tarfile.open(archive) as source, tarfile.open(copy, "w:gz") as target:
            for member in source.getmembers():
                data = change(member.name, source.extractfile(member).read())
                member.size = len(data)
                target.addfile(member, io.BytesIO(data))
        return copy

    def test_the_manifest_names_versions_migrations_and_checksums(self):
        archive = self.work / "b.tar.gz"
        run("backup", str(archive))
        with tarfile.open(archive) as tar:
            manifest = json.load(tar.extractfile("manifest.json"))
            names = set(tar.getnames())
        self.assertEqual((manifest["format"], manifest["format_version"]), ("landreg-backup", 1))
        self.assertIn("certificates", manifest["migrations"])
        self.assertTrue({"landreg", "django", "database", "spatial"} <= set(manifest["versions"]))
        self.assertEqual(names, {"manifest.json", *manifest["files"]})
        self.assertFalse(manifest["keys_included"])

    def test_another_format_version_and_a_damaged_member_are_refused(self):
        archive = self.work / "b.tar.gz"
        run("backup", str(archive))

        def newer(name, data):
            if name != "manifest.json":
                return data
            manifest = json.loads(data)
            manifest["format_version"] = 2
            return json.dumps(manifest).encode()

        with self.assertRaisesMessage(CommandError, "format 2"):
            call_command("restore", str(self.rewrite(archive, newer)))

        def damaged(name, data):
            return data + b"x" if name.startswith("database") else data

        with self.assertRaisesMessage(CommandError, "damaged"):
            call_command("restore", str(self.rewrite(archive, damaged)))

    def test_a_backup_of_a_newer_landreg_is_refused(self):
        archive = self.work / "b.tar.gz"
        run("backup", str(archive))

        def future(name, data):
            if name != "manifest.json":
                return data
            manifest = json.loads(data)
            manifest["migrations"]["certificates"].append("0099_from_the_future")
            return json.dumps(manifest).encode()

        with self.assertRaisesMessage(CommandError, "newer Landreg"):
            call_command("restore", str(self.rewrite(archive, future)))


class SigningKeyTests(BackupTestCase):
    def setUp(self):
        super().setUp()
        self.pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        environment = mock.patch.dict(os.environ, {"LANDREG_SIGNING_KEY": self.pem.decode()})
        environment.start()
        self.addCleanup(environment.stop)
        signing.keyring.cache_clear()
        self.addCleanup(signing.keyring.cache_clear)

    def test_keys_are_left_out_unless_asked_for_and_then_need_a_passphrase(self):
        archive = self.work / "b.tar.gz"
        run("backup", str(archive))
        with tarfile.open(archive) as tar:
            self.assertNotIn("keys.sealed", tar.getnames())
        with self.assertRaisesMessage(CommandError, "LANDREG_BACKUP_PASSPHRASE"):
            call_command("backup", str(archive), "--include-keys")

    def test_included_keys_are_sealed_and_come_back_with_the_passphrase_only(self):
        archive = self.work / "b.tar.gz"
        with mock.patch.dict(os.environ, {"LANDREG_BACKUP_PASSPHRASE": PASSPHRASE}):
            self.assertIn("signing keys sealed in", run("backup", str(archive), "--include-keys"))
        with tarfile.open(archive) as tar:
            sealed = tar.extractfile("keys.sealed").read()
        self.assertNotIn(b"PRIVATE KEY", sealed)
        self.assertNotIn(self.pem.split(b"\n")[1], sealed)
        call_command("flush", interactive=False)
        keys_dir = self.work / "keys"
        wrong = {"LANDREG_BACKUP_PASSPHRASE": "pas la bonne phrase"}
        with mock.patch.dict(os.environ, wrong), self.assertRaisesMessage(CommandError, "Wrong passphrase"):
            call_command("restore", str(archive), "--keys-to", str(keys_dir))
        with mock.patch.dict(os.environ, {"LANDREG_BACKUP_PASSPHRASE": PASSPHRASE}):
            run("restore", str(archive), "--keys-to", str(keys_dir))
        self.assertEqual((keys_dir / "signing.pem").read_bytes(), self.pem)
        self.assertEqual((keys_dir / "signing.pem").stat().st_mode & 0o777, 0o600)


class CommandsSpeakFrenchTests(BackupTestCase):
    """The land office's administrator reads the backup and restore commands in the registry's language
    (they printed English only, whatever LANGUAGE_CODE said)."""

    def test_backup_and_restore_say_what_they_did_in_french(self):
        from django.utils import translation

        make_territory()
        archive = self.work / "landreg.tar.gz"
        with translation.override("fr"):
            written = run("backup", str(archive))
            call_command("flush", interactive=False)
            restored = run("restore", str(archive))
        assert f"Sauvegarde écrite dans {archive}\u202f: base de données" in written, written
        assert "0 fichier, aucune clé de signature." in written, written
        assert "Sauvegarde du " in restored and " restaurée (Landreg " in restored, restored
        assert "Ensuite\u202f: `manage.py migrate`" in restored, restored
        assert "Backup written" not in written and "Restored" not in restored and "Next" not in restored
