"""What the backups page reads: the archives of the backup folder with what each holds and whether it was
checked, and the latest job of each kind. Callers check that the user administers the system first."""

from dataclasses import dataclass

from landreg.backups import folder
from landreg.backups.models import BackupJob, BackupJobStatus


@dataclass
class ArchiveRow:
    file: folder.ArchiveFile
    summary: dict | None  # None: its manifest last, too large to read whole for a list, not checked yet
    check: BackupJob | None  # the latest finished write or check of this very file
    checking: bool  # a check of it is queued or running

    @property
    def sound(self) -> bool:
        return self.check is not None and self.check.status == BackupJobStatus.DONE


def archive_rows() -> list[ArchiveRow]:
    files = folder.archive_files()
    jobs = BackupJob.objects.filter(archive__in=[found.name for found in files]).order_by("-created_at")
    finished, active = {}, set()
    for job in jobs:
        if job.is_active:
            active.add(job.archive)
        elif job.finished_at is not None and job.file_mtime_ns is not None:
            finished.setdefault(job.archive, []).append(job)
    rows = []
    for found in files:
        # A job's verdict holds for the file it read: one replaced since under the same name is not checked.
        check = next((job for job in finished.get(found.name, []) if job.finished_at >= found.modified), None)
        if check is not None and check.status == BackupJobStatus.DONE and check.summary:
            folder.remember_summary(found, check.summary)
        rows.append(ArchiveRow(found, folder.listed_summary(found), check, found.name in active))
    return rows


def latest_job(*, folder_kind: str) -> BackupJob | None:
    return BackupJob.objects.filter(kind=folder_kind).select_related("requested_by").first()
