"""Background jobs: the import page queues a job; the huey worker (manage.py run_huey) runs it here.

Start, progress, failure and retry follow core.background.jobs: a run that raises is marked failed on its
page, a run whose worker died is shown stale, and both may be retried from the page.
"""

from huey.contrib.djhuey import db_task

from landreg.core.background import jobs
from landreg.core.exceptions import RegistryError
from landreg.core.files.untrusted_files import stored_file_path
from landreg.parcels.importing import ImportFailed, import_parcels
from landreg.parcels.models import ImportJob, ImportStatus


def _progress(job_id, attempt):
    def update(phase, done, total):
        # A row update of its own, committed at once, so the page sees it move (and the job's sign of
        # life) while the import reads and checks; during the final save it runs inside the import's
        # transaction and shows once that commits.
        jobs.job_beat(ImportJob, job_id, attempt, processed=done, total=total)

    return update


def run_import(job_id: int) -> None:
    attempt = jobs.job_start(ImportJob, job_id, processed=0, total=0, report={})
    if attempt is None:
        return  # not queued: already run, running elsewhere, or a message delivered twice
    job = ImportJob.objects.select_related("village", "created_by").get(pk=job_id)
    with jobs.failure_recorded(ImportJob, job_id, attempt):
        error = ""
        try:
            declared_name = job.file_name or job.file.name
            # Read through the storage API: on S3 the upload has no path on this disk.
            with stored_file_path(job.file, declared_name=declared_name) as path:
                report = import_parcels(
                    path=path,
                    declared_name=declared_name,
                    village=job.village,
                    mapping=job.mapping or None,
                    dry_run=job.dry_run,
                    keep_valid=job.keep_valid,
                    split_multipolygons=job.split_multipolygons,
                    srid=job.srid,
                    actor=job.created_by,
                    progress=_progress(job_id, attempt),
                )
            status = ImportStatus.CHECKED if job.dry_run else ImportStatus.DONE
            if report.errors:
                # Asked to keep the valid ones, a run that saved some is done in part; else nothing is saved.
                saved_some = job.keep_valid and (job.dry_run or report.imported)
                status = (
                    (ImportStatus.CHECKED if job.dry_run else ImportStatus.PARTIAL)
                    if saved_some
                    else (ImportStatus.FAILED)
                )
            result = report.as_dict()
        except ImportFailed as exc:
            status, result = ImportStatus.FAILED, exc.report.as_dict()
        except RegistryError as exc:
            status, result, error = ImportStatus.FAILED, {"errors": []}, jobs.shown_error(exc)
        jobs.job_finish(
            ImportJob,
            job_id,
            attempt,
            status=status,
            report=result,
            error=error,
            # Every feature read was handled, saved or not: the last beat's total counted only those saved.
            processed=result.get("total", 0),
            total=result.get("total", 0),
        )


@db_task()
def run_import_job(job_id: int) -> None:
    run_import(job_id)
