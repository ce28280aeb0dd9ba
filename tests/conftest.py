import atexit
import shutil
import tempfile
from pathlib import Path

import pytest
from django.utils import translation


def pytest_configure(config):
    # Test users are created by the dozen; a slow password hash only slows the suite (never in production).
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The backup folder the backups page lists and fills: a folder of this run's own, never var/backups.
    backups = tempfile.mkdtemp(prefix="landreg-test-backups-")
    atexit.register(shutil.rmtree, backups, ignore_errors=True)
    settings.LANDREG_BACKUP_DIR = Path(backups)
    # Tiles cached in memory, emptied before each test (below): the folder under var/ would outlive the run.
    settings.CACHES = {
        **settings.CACHES,
        "tiles": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    # Kept pages in the default cache's own memory (the same LOCATION): a test's cache.clear() empties both.
    settings.CACHES["pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    # The token endpoints' request counts: in memory (a LOCATION of their own), emptied before each test.
    settings.CACHES["throttle"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "t",
    }
    # Sessions likewise (one process here; the server's processes share a folder or Redis, see settings).
    if "sessions" in settings.CACHES:
        settings.CACHES["sessions"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


@pytest.fixture(autouse=True)
def empty_tile_cache():
    from django.core.cache import caches

    caches["tiles"].clear()


@pytest.fixture(autouse=True)
def forget_token_requests():
    from django.core.cache import caches

    caches["throttle"].clear()


@pytest.fixture(autouse=True)
def forget_the_offered_crs():
    """Each process keeps the OGC API's CRS a minute; a test's units are rolled back without a signal."""
    from landreg.ogcapi.selectors import forget_offered_crs

    forget_offered_crs()


@pytest.fixture(autouse=True)
def english_messages_for_direct_calls():
    """Service errors are asserted in English (msgids); pages still follow the chosen language (French)."""
    with translation.override("en"):
        yield
