"""The backups page lists a large archive's content when its manifest can be read without decompressing the
whole archive: an older backup's manifest is its first member, read from the first blocks whatever the size
(before, no archive over 256 MB was read for the list). A newer backup's manifest is its last member,
behind the database and every stored file: for a large one the page says so, and that its check reads it."""

import io
import json
import tarfile
from unittest import mock

from django.test import TestCase

from landreg.backups import folder
from tests.backups.test_backups_page import PageMixin

MANIFEST = {
    "format": "landreg-backup",
    "format_version": 1,
    "created_at": "2026-11-30T02:15:00+00:00",
    "engine": "spatialite",
    "versions": {"landreg": "0.9.0"},
    "files": {"database.sqlite3": "0" * 64, "files/media/actes/vente-ɓila-ŋaba.pdf": "1" * 64},
}


class LargeArchiveListTests(PageMixin, TestCase):
    def write(self, name: str, members: list[tuple[str, bytes]]) -> None:
        with tarfile.open(self.folder / name, "w:gz") as tar:
            for member, data in members:
                info = tarfile.TarInfo(member)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))

    def row(self, html: str, name: str) -> str:
        row = html[html.index(f'data-archive="{name}"') :]
        return row[: row.index("</tr>")]

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
        with mock.patch.object(folder, "LIST_READS_UP_TO", 100):
            html = self.page()
        first = self.row(html, older)
        assert "base de données spatialite, 1 fichier stocké, Landreg 0.9.0" in first, first
        last = self.row(html, newer)
        assert "Pas lue pour cette liste" in last and "son dernier élément" in last, last
        assert "Sa vérification le lit" in last
