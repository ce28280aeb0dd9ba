"""Stored files on disk by default, in an S3-compatible bucket by configuration: the settings wire the
backend from the environment (no network: building the storage contacts no one)."""

import subprocess
import sys

import pytest
from django.core.files.storage import FileSystemStorage, storages
from django.test import override_settings

from landreg.core.files.storage_settings import StorageSettingsError, storages_from_env
from tests.test_settings import ROOT

S3_ENV = {
    "LANDREG_STORAGE": "s3",
    "LANDREG_S3_BUCKET": "registre-koudougou",
    "LANDREG_S3_ENDPOINT_URL": "https://minio.mairie.example:9000",
    "LANDREG_S3_REGION": "af-south-1",
    "LANDREG_S3_ACCESS_KEY_ID": "agent-de-stockage",
    "LANDREG_S3_SECRET_ACCESS_KEY": "pas-un-vrai-secret",
    "LANDREG_S3_PREFIX": "/pieces/",
}


def storage_for(environ):
    # Django's storage handler builds its storages again when STORAGES changes (test signal).
    with override_settings(STORAGES=storages_from_env(environ)):
        return storages["default"]


def test_files_stay_on_the_servers_disk_unless_told_otherwise():
    assert isinstance(storage_for({}), FileSystemStorage)
    assert isinstance(storage_for({"LANDREG_STORAGE": "filesystem"}), FileSystemStorage)


def test_an_s3_compatible_bucket_is_wired_from_the_environment():
    from storages.backends.s3 import S3Storage

    storage = storage_for(S3_ENV)
    assert isinstance(storage, S3Storage)
    assert storage.bucket_name == "registre-koudougou"
    assert storage.endpoint_url == "https://minio.mairie.example:9000"
    assert storage.region_name == "af-south-1"
    assert (storage.access_key, storage.secret_key) == ("agent-de-stockage", "pas-un-vrai-secret")
    assert storage.location == "pieces"
    assert storage.default_acl == "private" and storage.file_overwrite is False


def test_a_bucket_is_required_and_unknown_storages_are_refused():
    with pytest.raises(StorageSettingsError, match="LANDREG_S3_BUCKET"):
        storages_from_env({"LANDREG_STORAGE": "s3"})
    with pytest.raises(StorageSettingsError, match="filesystem"):
        storages_from_env({"LANDREG_STORAGE": "ftp"})


def test_the_settings_module_reads_the_environment():
    code = "from django.conf import settings; print(settings.STORAGES['default']['BACKEND'])"
    env = {**S3_ENV, "LANDREG_DEMO": "1", "DJANGO_SETTINGS_MODULE": "landreg.settings", "PATH": "/usr/bin"}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "storages.backends.s3.S3Storage", result.stderr
