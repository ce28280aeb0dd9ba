"""Background jobs (huey: SQLite storage, no extra server; worker: `manage.py run_huey`)."""

from huey.contrib.djhuey import db_task

from landreg.certificates.batches.run import batch_run


# No automatic retries: a run that fails is marked failed with its error on its page and is retried from
# there (core.background.jobs), once someone has read why it failed.
@db_task()
def print_batch(batch_id: str) -> None:
    batch_run(batch_id=batch_id)
