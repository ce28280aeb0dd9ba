"""Periodic clean-up of the API's token tables, run by the huey worker (`manage.py run_huey`)."""

from django.core.management import call_command
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="3", minute="17"))
def tokens_flush_expired():
    """Every refresh records a token and blacklists the one it spends; once expired they prove nothing."""
    call_command("flushexpiredtokens")
