"""A backup job run by the worker (backups.tasks): the archive written into the backup folder and read back,
or a listed archive checked; the outcome on the job's row and in the audit chain."""

from django.utils.translation import gettext as _

from landreg.audit.services import audit_record
from landreg.backups import archive, folder
from landreg.backups.exceptions import BackupError
from landreg.backups.models import BackupJob, BackupJobKind, BackupJobStatus
from landreg.core.background import jobs

OBJECT_TYPE = "backups.backupjob"
# A running job's sign of life (core.background.jobs.beating), whatever step it is in: pg_dump and the
# compression of its dump say nothing for as long as they take, an hour on a large register.
BEAT_EVERY_SECONDS = 10


def _create(job: BackupJob, attempt: int, read: list) -> dict:
    out = folder.new_archive_path()
    BackupJob.objects.filter(pk=job.pk, attempt=attempt).update(archive=out.name)
    archive.backup(out=out)
    read.append(folder.archive_named(out.name))
    # Read back at once, as a restore would read it: a disk that wrote it wrong is found today.
    return folder.summary(archive.verify(source=out))


def _verify(job: BackupJob, read: list) -> dict:
    found = folder.archive_named(job.archive)
    if found is None:
        raise BackupError(_("There is no backup of that name in the backup folder."))
    read.append(found)
    return folder.summary(archive.verify(source=found.path))


def _file_fields(read: list) -> dict:
    found = read[0] if read and read[0] is not None else None
    if found is None:
        return {}
    return {"archive": found.name, "size": found.size, "file_mtime_ns": found.mtime_ns}


def backup_job_run(*, job_id) -> None:
    """Run a queued job (a duplicate delivery runs nothing). A BackupError (a damaged archive, a full
    disk, pg_dump missing) is the job's outcome, shown on the page; anything else also goes to the
    worker's log."""
    attempt = jobs.job_start(BackupJob, job_id)
    if attempt is None:
        return
    job = BackupJob.objects.select_related("requested_by").get(pk=job_id)
    read = []  # the archive file the job wrote or read, once known
    try:
        with jobs.beating(BackupJob, job.pk, attempt, every=BEAT_EVERY_SECONDS):
            summary = _create(job, attempt, read) if job.kind == BackupJobKind.CREATE else _verify(job, read)
    except Exception as exc:
        error, fields = _shown(exc), _file_fields(read)
        if jobs.job_finish(BackupJob, job.pk, attempt, status=BackupJobStatus.FAILED, error=error, **fields):
            job.refresh_from_db(fields=["archive"])
            _record_outcome(job, "backup.failed", {"archive": job.archive, "error": error})
        if not isinstance(exc, (BackupError, OSError)):
            raise
        return
    fields = _file_fields(read)
    if jobs.job_finish(BackupJob, job.pk, attempt, status=BackupJobStatus.DONE, summary=summary, **fields):
        _record_outcome(job, "backup.done", {"archive": fields["archive"], "size": fields["size"]})


def _record_outcome(job: BackupJob, action: str, payload: dict) -> None:
    audit_record(
        action=action,
        object_type=OBJECT_TYPE,
        object_id=job.pk,
        actor=job.requested_by,
        payload={"kind": job.kind, **payload},
    )


def _shown(exc: Exception) -> str:
    if isinstance(exc, OSError) and not isinstance(exc, FileNotFoundError):
        # A full or read-only disk: the administrator can act on it (the reason, never the path).
        return _("The archive could not be written or read: %(reason)s.") % {
            "reason": exc.strerror or type(exc).__name__
        }
    return jobs.shown_error(exc)
