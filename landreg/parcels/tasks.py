"""Background jobs: the import page queues a job; the huey worker (manage.py run_huey) runs it here."""

from django.db import transaction
from huey.contrib.djhuey import db_task

from landreg.core import clock
from landreg.core.exceptions import RegistryError
from landreg.parcels.importing import ImportFailed, import_parcels
from landreg.parcels.models import ImportJob, ImportStatus


def _progress(job_id):
    def update(phase, done, total):
        # Written outside the import's transaction (a separate row update), so the page sees it move.
        ImportJob.objects.filter(pk=job_id).update(processed=done, total=total)

    return update


def run_import(job_id: int) -> None:
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)  # one worker per job
        if job.status != ImportStatus.QUEUED:
            return
        job.status = ImportStatus.RUNNING
        job.save(update_fields=["status"])
    try:
        report = import_parcels(
            path=job.file.path,
            declared_name=job.file.name,
            village=job.village,
            mapping=job.mapping or None,
            dry_run=job.dry_run,
            actor=job.created_by,
            progress=_progress(job.pk),
        )
        status = ImportStatus.CHECKED if job.dry_run else ImportStatus.DONE
        if report.errors:
            status = ImportStatus.FAILED
        result = report.as_dict()
    except ImportFailed as exc:
        status, result = ImportStatus.FAILED, exc.report.as_dict()
    except RegistryError as exc:
        status, result = ImportStatus.FAILED, {"error": str(exc), "errors": []}
    ImportJob.objects.filter(pk=job.pk).update(
        status=status, report=result, finished_at=clock.now(), processed=result.get("total", 0)
    )


@db_task()
def run_import_job(job_id: int) -> None:
    run_import(job_id)
