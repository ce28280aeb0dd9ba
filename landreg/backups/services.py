"""Backups asked for from the administrator's page: a backup made now, an archive checked, an archive
downloaded. The same archive.backup and archive.verify as `manage.py backup` and `restore`, run by the job
queue (backups.tasks, then backups.run) so that the page answers at once; every request and outcome enters
the audit chain.

Restore is not here: it replaces the database under the running server, so it stays a command run with
the server and the worker stopped.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from landreg.accounts.selectors import administers_system
from landreg.audit.services import audit_record
from landreg.backups import folder
from landreg.backups.exceptions import BackupError
from landreg.backups.models import BackupJob, BackupJobKind, BackupJobStatus
from landreg.backups.run import OBJECT_TYPE
from landreg.backups.tasks import run_backup_job
from landreg.core import clock
from landreg.core.background import jobs
from landreg.core.exceptions import RegistryError


class NotAllowed(RegistryError):
    """The user does not administer the registry as a whole."""


def require_system_administrator(actor) -> None:
    if not administers_system(actor):
        raise NotAllowed(_("Only the registry's system administrator may handle its backups."))


def _give_up_dead(kind: str) -> None:
    """A queued or running job of this kind whose worker died (or that no worker took) for the stale delay
    is marked failed, so it does not hold the one place of its kind for ever. Under the rows' lock: two
    requests do not both give it up."""
    since = clock.now() - jobs.stale_after()
    for job in BackupJob.objects.select_for_update().filter(
        kind=kind, status__in=[jobs.QUEUED, jobs.RUNNING]
    ):
        never_taken = job.status == jobs.QUEUED and job.created_at < since
        if job.is_stale or never_taken:
            job.status, job.finished_at = BackupJobStatus.FAILED, clock.now()
            job.error = _("Stopped: the background worker gave no sign of life.")
            job.save(update_fields=["status", "finished_at", "error", "updated_at"])


def _queue(*, kind: str, actor, archive_name: str, busy: str) -> BackupJob:
    require_system_administrator(actor)
    _give_up_dead(kind)
    try:
        # The database keeps one queued or running job of a kind (a unique index on the rows in those
        # states): a double click, or two administrators at once, find the place taken and are told so.
        with transaction.atomic():
            job = BackupJob.objects.create(kind=kind, archive=archive_name, requested_by=actor)
    except IntegrityError as exc:
        raise BackupError(busy) from exc
    audit_record(
        action="backup.request",
        object_type=OBJECT_TYPE,
        object_id=job.pk,
        actor=actor,
        payload={"kind": kind, "archive": archive_name},
    )
    transaction.on_commit(lambda: run_backup_job(str(job.pk)))
    return job


@transaction.atomic
def backup_request(*, actor) -> BackupJob:
    """Queue a backup into the backup folder; refused while another is queued or running."""
    return _queue(
        kind=BackupJobKind.CREATE,
        actor=actor,
        archive_name="",
        busy=_("A backup is already being made; wait for it to finish, then make another if needed."),
    )


@transaction.atomic
def backup_check_request(*, actor, name: str) -> BackupJob:
    """Queue the check of a listed archive (every checksum, as a restore checks first)."""
    found = folder.archive_named(name)
    if found is None:
        raise BackupError(_("There is no backup of that name in the backup folder."))
    return _queue(
        kind=BackupJobKind.VERIFY,
        actor=actor,
        archive_name=found.name,
        busy=_("An archive is already being checked; wait for it to finish."),
    )


def backup_download_record(*, actor, found: folder.ArchiveFile) -> None:
    """Who took a copy of the register's personal data, and which: recorded before the file is sent."""
    require_system_administrator(actor)
    audit_record(
        action="backup.download",
        object_type=OBJECT_TYPE,
        object_id=found.name,
        actor=actor,
        payload={"archive": found.name, "size": found.size},
    )
