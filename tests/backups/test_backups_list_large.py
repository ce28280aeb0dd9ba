"""The backups page lists a large archive's content when it can be read without decompressing the whole
archive: a backup made now says what it holds in its first member (contents.json, the manifest but the
checksums), an older backup's manifest is its first member; both read from the first blocks whatever the size
(before, a backup made then wrote its manifest last only, and no archive over 256 MB was listed with its
content). A backup whose manifest is its last member only (written between them): for a large one the page
says so, and that its check reads it. The size is a setting (LANDREG_BACKUP_LIST_READS_UP_TO_MB), made small
here rather than writing 256 MB."""

import io
import json
import tarfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import TestCase, TransactionTestCase, override_settings

from landreg.backups import archive, folder
from tests.backups.test_backups_page import PageMixin

MANIFEST = {
    "format": "landreg-backup",
    "format_version": 1,
    "created_at": "2026-11-30T02:15:00+00:00",
    "engine": "spatialite",
    "versions": {"landreg": "0.9.0"},
    "files": {"database.sqlite3": "0" * 64, "files/media/actes/vente-ɓila-ŋaba.pdf": "1" * 64},
}


def row_of(html: str, name: str) -> str:
    """The archive's row of the list."""
    row = html[html.index(f'data-archive="{name}"') :]
    return row[: row.index("</tr>")]


class LargeArchiveListTests(PageMixin, TestCase):
    def write(self, name: str, members: list[tuple[str, bytes]]) -> None:
        with tarfile.open(self.folder / name, "w:gz") as tar:
            for member, data in members:
                info = tarfile.TarInfo(member)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))

    def test_a_large_archive_is_listed_when_its_manifest_comes_first_and_said_why_not_otherwise(self):
        self.folder.mkdir()
        manifest = json.dumps(MANIFEST, ensure_ascii=False).encode()
        database = b"SQLite format 3\x00" + bytes(range(256)) * 64
        deed = "%PDF-1.4 acte de vente de Ɓila Ŋaba".encode()
        older, newer = "landreg-2026-11-30-021500.tar.gz", "landreg-2026-12-01-021500.tar.gz"
        content = [("database.sqlite3", database), ("files/media/actes/vente-ɓila-ŋaba.pdf", deed)]
        self.write(older, [("manifest.json", manifest), *content])
        self.write(newer, [*content, ("manifest.json", manifest)])
        # Both larger than what the list reads whole (256 MB on a real folder).
        with override_settings(LANDREG_BACKUP_LIST_READS_UP_TO_MB=0.0001):  # 104 bytes
            html = self.page()
        first = row_of(html, older)
        assert "base de données spatialite, 1 fichier stocké, Landreg 0.9.0" in first, first
        last = row_of(html, newer)
        assert "Pas lue pour cette liste" in last and "son dernier élément" in last, last
        assert "Sa vérification le lit" in last


class BackupMadeNowListTests(PageMixin, TransactionTestCase):
    serialized_rollback = True  # a SQLite database is copied outside a transaction (as the worker does)

    def test_a_backup_made_now_is_listed_with_its_content_however_large(self):
        for name in ("actes/vente-ɓila-ŋaba.pdf", "actes/pv-kɔnkɔ.pdf"):
            default_storage.save(name, ContentFile(b"%PDF-1.4 " + bytes(range(256)) * 400))
        made = folder.new_archive_path()
        manifest = archive.backup(out=made)
        with override_settings(LANDREG_BACKUP_LIST_READS_UP_TO_MB=0.0001):
            assert made.stat().st_size > folder.list_reads_up_to()
            with tarfile.open(made) as tar:
                assert tar.getnames()[0] == "contents.json"
            html = self.page()
        row = row_of(html, made.name)
        assert "2 fichiers stockés" in row and "Pas lue" not in row, row
        assert f"base de données {manifest['engine']}" in row
        assert archive.verify(source=made)["files"] == manifest["files"]  # its check reads the whole
