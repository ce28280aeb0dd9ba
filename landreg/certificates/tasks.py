"""Background jobs (huey: SQLite storage, no extra server; worker: `manage.py run_huey`)."""

from huey.contrib.djhuey import db_task

from landreg.certificates.batch import batch_run


@db_task(retries=2, retry_delay=10)
def print_batch(batch_id: str) -> None:
    batch_run(batch_id=batch_id)
