"""French is the interface's first language: every message of every catalogue has its French text."""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(ROOT.glob("locale/fr/LC_MESSAGES/django.po")) + sorted(
    ROOT.glob("landreg/*/locale/fr/LC_MESSAGES/django.po")
)


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_of_the_catalogue_is_translated_into_french(catalogue):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # msgfmt prints e.g. "812 translated messages, 3 untranslated messages." on stderr.
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
