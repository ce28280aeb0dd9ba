"""A backup whose pg_dump runs for longer than LANDREG_JOB_STALE_MINUTES (an hour on a large register) is not
taken for a dead worker: the running job beats from a thread of its own while its process lives
(core.background.jobs.beating), whatever step it is in. Before, it beat only after each stored file: during
the dump the page said « the background worker gave no sign of life », and a second « Make a backup now »
gave the running job up as failed and started another beside it."""

import datetime as dt
import time
from unittest import mock

from django.test import TransactionTestCase

from landreg.backups import database
from landreg.backups.models import BackupJob
from landreg.core import clock
from landreg.core.background.jobs import stale_after
from tests.backups.test_backups_page import PageMixin
from tests.browser_forms import forms


class LongDumpTests(PageMixin, TransactionTestCase):
    serialized_rollback = True

    def test_a_dump_longer_than_the_stale_delay_is_still_shown_running_and_holds_its_place(self):
        real_dump, seen = database.dump, {}
        html = self.page()
        form = next(f for f in forms(html) if ("action", "create") in f.buttons)

        def long_dump(path):
            # An hour later, pg_dump still running: the job's thread beats meanwhile.
            later = clock.now() + stale_after() + dt.timedelta(minutes=30)
            with clock.frozen_at(later):
                deadline = time.monotonic() + 20
                while BackupJob.objects.get().heartbeat_at != later and time.monotonic() < deadline:
                    time.sleep(0.05)
                seen["page"] = self.page()  # the administrator looks again, from another tab
                again = next(f for f in forms(seen["page"]) if ("action", "create") in f.buttons)
                answer = self.browser.post("/backups/", again.data(again.button("create")), follow=True)
                seen["answer"] = answer.content.decode()
                seen["jobs"] = list(BackupJob.objects.values_list("status", flat=True))
            real_dump(path)

        with (
            mock.patch("landreg.backups.archive.database.dump", long_dump),
            mock.patch("landreg.backups.run.BEAT_EVERY_SECONDS", 0.05),
        ):
            self.browser.post("/backups/", form.data(form.button("create")), follow=True)
        assert 'data-backup-status="running"' in seen["page"], seen["page"]
        assert "en cours d’écriture" in seen["page"]
        assert "Une sauvegarde est déjà en cours" in seen["answer"]
        assert seen["jobs"] == ["running"]
        job = BackupJob.objects.get()
        assert (job.status, job.error) == ("done", "")
