"""Periodic upkeep of the pages' forms, run by the huey worker (`manage.py run_huey`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from landreg.web.once import sendings_forget


@db_periodic_task(crontab(hour="4", minute="11"))
def form_submissions_purge():
    """A form sent longer ago than the retention is no retry any more: its row only grows the table."""
    sendings_forget()
