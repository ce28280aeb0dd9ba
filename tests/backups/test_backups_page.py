"""The system administrator makes, checks and downloads backups from a page, as a land office's administrator
has no shell; nobody else may list or fetch the archives, which hold every village's personal data."""

import io
import tarfile
import tempfile
from pathlib import Path
from unittest import mock

from django.test import Client, TestCase, TransactionTestCase, override_settings
from huey.contrib.djhuey import HUEY

from landreg.accounts.roles import Role
from landreg.audit.models import AuditEvent
from landreg.backups import folder
from landreg.backups.models import BackupJob
from tests.base import make_person, make_territory, make_user
from tests.browser_forms import forms


class PageMixin:
    def given_cast(self):
        self.country, _region, self.commune, self.village_a, _village_b = make_territory()
        self.admin = make_user("awa_sanou", Role.SYSTEM_ADMINISTRATOR, self.country)
        self.commune_admin = make_user("admin_commune", Role.SYSTEM_ADMINISTRATOR, self.commune)
        self.member_a = make_user("member_a", Role.COMMITTEE_MEMBER, self.village_a)
        self.clerk = make_user("clerk", Role.REGISTRAR, self.commune)
        make_person(self.village_a, last_name="Ɓaŋgré", first_names="Ɛlisabɛt", birth_place="Réo")

    def setUp(self):
        super().setUp()
        self.given_cast()
        work = tempfile.TemporaryDirectory()
        self.addCleanup(work.cleanup)
        self.folder = Path(work.name) / "backups"
        media = Path(work.name) / "media"
        override = override_settings(LANDREG_BACKUP_DIR=self.folder, MEDIA_ROOT=media)
        override.enable()
        self.addCleanup(override.disable)
        previous, HUEY.immediate = HUEY.immediate, True  # run jobs in this thread, as the worker would
        self.addCleanup(setattr, HUEY, "immediate", previous)
        self.browser = self.logged_in(self.admin)

    def logged_in(self, user) -> Client:
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(user)
        return browser

    def page(self, browser=None) -> str:
        response = (browser or self.browser).get("/backups/")
        assert response.status_code == 200
        return response.content.decode()

    def click(self, html: str, value: str, browser=None, **fields):
        """Post the form whose button has ``value``, as the page renders it (CSRF and submission token)."""
        form = next(f for f in forms(html) if value in [b[1] for b in f.buttons] and f.method == "post")
        if "archive" in fields:
            form = next(
                f for f in forms(html) if dict(f.fields).get("archive") == fields["archive"] and f.buttons
            )
        body = form.data(form.button(value))
        return (browser or self.browser).post(form.action or "/backups/", body, follow=True)

    def make_backup(self) -> str:
        answer = self.click(self.page(), "create")
        assert answer.status_code == 200
        return answer.content.decode()


class AdministratorTests(PageMixin, TransactionTestCase):
    """Backups made for real: outside the test's transaction, as the worker runs them (SQLite copies a
    database only outside a transaction)."""

    # The rows the migrations wrote (procedure presets, code lists) come back after each test's flush.
    serialized_rollback = True

    def test_the_administrator_reaches_the_page_from_the_home_page_and_the_menu(self):
        home = self.browser.get("/").content.decode()
        assert home.count('href="/backups/"') == 2, home  # the Administration part and the menu
        assert "aucune archive pour l’instant" in home
        html = self.page()
        assert "Aucune archive dans le dossier des sauvegardes." in html
        assert "python manage.py restore " in html and "arrêtez le serveur" in html

    def test_a_backup_made_from_the_page_is_listed_checked_and_audited(self):
        html = self.make_backup()
        job = BackupJob.objects.get()
        assert (job.status, job.kind, job.error) == ("done", "create", ""), job.error
        assert "Sauvegarde demandée" in html
        assert f'data-archive="{job.archive}"' in html
        assert 'data-backup-status="done"' in html
        row = html[html.index(f'data-archive="{job.archive}"') :]
        row = row[: row.index("</tr>")]
        assert 'data-check="sound"' in row, row
        assert "Intacte (vérifiée le" in row, row
        assert "0 fichier stocké" in row, row
        archive_path = self.folder / job.archive
        assert archive_path.stat().st_mode & 0o777 == 0o600
        with tarfile.open(archive_path) as tar:
            assert "manifest.json" in tar.getnames()
        actions = list(
            AuditEvent.objects.filter(object_type="backups.backupjob").values_list("action", "actor_id")
        )
        assert actions == [("backup.request", self.admin.pk), ("backup.done", self.admin.pk)]

    def test_the_administrator_downloads_an_archive_and_the_download_is_audited(self):
        self.make_backup()
        name = BackupJob.objects.get().archive
        html = self.page()
        assert f'href="/backups/{name}/download/"' in html
        response = self.browser.get(f"/backups/{name}/download/")
        assert response.status_code == 200
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'
        assert "no-store" in response["Cache-Control"]
        data = b"".join(response.streaming_content)
        assert data == (self.folder / name).read_bytes()
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            assert "manifest.json" in tar.getnames()
        download = AuditEvent.objects.get(action="backup.download")
        assert (download.actor_id, download.payload["archive"]) == (self.admin.pk, name)

    def test_a_second_backup_asked_for_while_one_runs_is_refused_with_a_message(self):
        html = self.page()
        HUEY.immediate = False
        with mock.patch("landreg.backups.services.run_backup_job"):  # the first waits for the worker
            form = next(f for f in forms(html) if ("action", "create") in f.buttons)
            first = self.browser.post("/backups/", form.data(form.button("create")))
        assert first.status_code == 302
        assert BackupJob.objects.get().status == "queued"
        second_page = self.page()  # another tab, opened before the button was disabled
        assert 'value="create" disabled' in second_page
        answer = self.browser.post("/backups/", form.data(form.button("create")) | self.fresh_token(html))
        answer = self.browser.get(answer["Location"])
        assert "Une sauvegarde est déjà en cours" in answer.content.decode()
        assert BackupJob.objects.count() == 1
        assert AuditEvent.objects.filter(action="backup.request").count() == 1

    def fresh_token(self, html: str) -> dict:
        """A form of the same page loaded again (a second tab): another submission token."""
        again = next(f for f in forms(self.page()) if ("action", "create") in f.buttons)
        return {"submission_token": dict(again.fields)["submission_token"]}

    def test_a_damaged_archive_is_shown_damaged_by_its_check(self):
        self.make_backup()
        name = BackupJob.objects.get().archive
        path = self.folder / name
        # The same archive with one member changed: its checksum no longer matches the manifest.
        with tarfile.open(path) as source:
            members = [(m, source.extractfile(m).read()) for m in source.getmembers()]
        with tarfile.open(path, "w:gz") as target:
            for member, data in members:
                data = data + b"x" if member.name.startswith("database") else data
                member.size = len(data)
                target.addfile(member, io.BytesIO(data))
        html = self.page()
        assert 'data-check="unchecked"' in html  # the write's verdict was for the file as written
        answer = self.click(html, "verify", archive=name).content.decode()
        check = BackupJob.objects.get(kind="verify")
        assert check.status == "failed" and "damaged" in check.error or "endommagé" in check.error
        assert 'data-check="damaged"' in answer
        assert "ne correspond pas" in answer
        assert AuditEvent.objects.filter(action="backup.failed").count() == 1


class RefusalTests(PageMixin, TestCase):
    """Nothing is made here: an archive written by hand lies in the folder."""

    def test_an_anonymous_visitor_is_sent_to_the_login_page(self):
        response = Client().get("/backups/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

    def setUp(self):
        super().setUp()
        self.folder.mkdir()
        self.name = "landreg-2026-12-05-021500.tar.gz"
        with tarfile.open(self.folder / self.name, "w:gz") as tar:
            data = b'{"format": "landreg-backup", "format_version": 1, "files": {}}'
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))

    def test_a_committee_member_a_clerk_and_a_communes_administrator_get_403(self):
        name = self.name
        assert f'data-archive="{name}"' in self.page()
        for user in (self.member_a, self.clerk, self.commune_admin):
            browser = self.logged_in(user)
            with self.subTest(user=user.username):
                assert browser.get("/backups/").status_code == 403
                assert browser.get(f"/backups/{name}/download/").status_code == 403
                assert browser.post("/backups/", {"action": "create"}).status_code == 403
                assert 'href="/backups/"' not in browser.get("/").content.decode()
        assert not BackupJob.objects.exists()
        assert not AuditEvent.objects.filter(action="backup.download").exists()

    def test_a_forged_or_unlisted_archive_name_is_not_found(self):
        assert self.browser.get(f"/backups/{self.name}/download/").status_code == 200
        (self.folder / "notes.txt").write_text("pas une archive")
        (self.folder / "lien.tar.gz").symlink_to("/etc/passwd")
        for address in (
            "/backups/../../etc/passwd/download/",
            "/backups/..%2F..%2Fetc%2Fpasswd/download/",
            "/backups/notes.txt/download/",
            "/backups/lien.tar.gz/download/",
            "/backups/landreg-1999-01-01-000000.tar.gz/download/",
            "/backups/..%5C..%5Cetc%5Cpasswd/download/",
        ):
            with self.subTest(address=address):
                assert self.browser.get(address).status_code == 404
        html = self.page()
        assert "lien.tar.gz" not in html and "notes.txt" not in html
        answer = self.browser.post(
            "/backups/", self.tokens(html) | {"action": "verify", "archive": "../../etc/passwd"}
        )
        assert answer.status_code == 404
        assert AuditEvent.objects.filter(action="backup.download").count() == 1  # the listed one only

    def tokens(self, html: str) -> dict:
        form = next(f for f in forms(html) if ("action", "create") in f.buttons)
        return dict(form.fields)


class FolderTests(TransactionTestCase):
    serialized_rollback = True

    def test_the_command_without_a_file_name_writes_into_the_backup_folder(self):
        from django.core.management import call_command

        make_territory()
        with tempfile.TemporaryDirectory() as work, override_settings(LANDREG_BACKUP_DIR=Path(work) / "b"):
            out = io.StringIO()
            call_command("backup", stdout=out)
            [found] = folder.archive_files()
            assert found.name.startswith("landreg-") and found.name in out.getvalue()
