"""Nightly upkeep the database does not do by itself, run by the huey worker (`manage.py run_huey`)."""

from django.db import connection
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from landreg.core.db import planner_statistics


@db_periodic_task(crontab(hour="2", minute="43"))
def refresh_planner_statistics():
    """SQLite: the statistics its planner lacks (core/db/planner_statistics); autovacuum keeps
    PostgreSQL's."""
    if connection.vendor == "sqlite":
        planner_statistics.analyze()
