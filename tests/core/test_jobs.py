"""Jobs that crash or whose worker dies are marked failed, shown so on their page, and retried from it.

Issue 9: an import or a print run that crashed stayed "running" for ever and its page never showed why.
Page tests post exactly the retry form the page renders (its action and CSRF token).
"""

import datetime as dt
import re
import shutil
import tempfile
from unittest import mock

from django.test import override_settings

from landreg.core import clock
from landreg.parcels import tasks
from landreg.parcels.models import ImportJob, ImportStatus, Parcel
from tests.base import RegistryTestCase
from tests.parcels.test_import_page import geojson_file


class ImportJobFailureTests(RegistryTestCase):
    def setUp(self):
        media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, media)
        override = override_settings(MEDIA_ROOT=media)
        override.enable()
        self.addCleanup(override.disable)
        self.client.force_login(self.agent_a)
        with mock.patch.object(tasks, "run_import_job"), self.captureOnCommitCallbacks(execute=True):
            self.client.post("/parcels/import/", {"file": geojson_file(), "village": self.village_a.pk})
        self.job = ImportJob.objects.get()

    def page(self):
        return self.client.get(f"/parcels/import/{self.job.pk}/").content.decode()

    def retry_from_the_page(self):
        """Post the retry form exactly as the page renders it; return the queued task calls."""
        html = self.page()
        action = re.search(r'<form method="post" action="([^"]+/retry/)">', html).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        with mock.patch.object(tasks, "run_import_job") as queue, self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(action, {"csrfmiddlewaretoken": token})
        assert response.status_code == 302
        return queue

    def crash(self):
        with (
            mock.patch.object(tasks, "import_parcels", side_effect=KeyError("/srv/landreg/secret.pem")),
            self.assertRaises(KeyError),
        ):
            tasks.run_import(self.job.pk)
        self.job.refresh_from_db()

    def test_a_crash_marks_the_job_failed_and_the_page_says_so_without_the_raw_error(self):
        self.crash()
        assert self.job.status == ImportStatus.FAILED and self.job.finished_at
        html = self.page()
        assert "KeyError" in html and "secret.pem" not in html and "refresh" not in html

    def test_a_failed_job_is_retried_from_its_page_and_then_imports(self):
        self.crash()
        queue = self.retry_from_the_page()
        queue.assert_called_once_with(self.job.pk)
        self.job.refresh_from_db()
        assert self.job.status == ImportStatus.QUEUED and self.job.error == ""
        tasks.run_import(self.job.pk)
        self.job.refresh_from_db()
        assert self.job.status == ImportStatus.DONE and self.job.attempt == 2
        assert Parcel.objects.filter(source_id="w-1").count() == 1

    def test_a_second_retry_click_changes_nothing(self):
        self.crash()
        self.retry_from_the_page()
        self.job.refresh_from_db()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.page()).group(1)
        with mock.patch.object(tasks, "run_import_job") as queue, self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"/parcels/import/{self.job.pk}/retry/", {"csrfmiddlewaretoken": token})
        queue.assert_not_called()

    def test_a_running_job_whose_worker_died_is_shown_stale_and_can_be_retried(self):
        self.job.status, self.job.attempt = ImportStatus.RUNNING, 1
        self.job.heartbeat_at = clock.now() - dt.timedelta(minutes=31)
        self.job.save()
        html = self.page()
        assert "refresh" not in html and "signe de vie" in html  # pages are in French
        self.retry_from_the_page().assert_called_once_with(self.job.pk)

    def test_a_live_running_job_offers_no_retry(self):
        self.job.status, self.job.heartbeat_at = ImportStatus.RUNNING, clock.now()
        self.job.save()
        assert "/retry/" not in self.page()
        assert self.client.post(f"/parcels/import/{self.job.pk}/retry/").status_code == 302
        self.job.refresh_from_db()
        assert self.job.status == ImportStatus.RUNNING

    def test_a_late_run_replaced_by_a_retry_does_not_overwrite_its_result(self):
        self.crash()
        self.retry_from_the_page()
        tasks.run_import(self.job.pk)  # attempt 2 finishes
        from landreg.core.background import jobs

        assert not jobs.job_finish(ImportJob, self.job.pk, 1, status=ImportStatus.FAILED)
        self.job.refresh_from_db()
        assert self.job.status == ImportStatus.DONE

    def test_another_village_cannot_retry(self):
        self.crash()
        self.client.force_login(self.agent_b)
        assert self.client.post(f"/parcels/import/{self.job.pk}/retry/").status_code == 403
        self.job.refresh_from_db()
        assert self.job.status == ImportStatus.FAILED
