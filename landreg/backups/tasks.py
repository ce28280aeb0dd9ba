"""Background jobs (huey; worker: `manage.py run_huey`)."""

from huey.contrib.djhuey import db_task

from landreg.backups.run import backup_job_run


# No automatic retries: a backup that failed says why on the page; the administrator asks for another.
@db_task()
def run_backup_job(job_id: str) -> None:
    backup_job_run(job_id=job_id)
