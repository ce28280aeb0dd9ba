"""The worker signs the chain head once a day, when the day had events (see ``landreg.audit.checkpoints``)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from landreg.audit.checkpoints import checkpoint_write


@db_periodic_task(crontab(hour="23", minute="55"))
def daily_checkpoint():
    checkpoint_write(only_if_new_events=True)
