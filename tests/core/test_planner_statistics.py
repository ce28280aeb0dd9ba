"""SQLite's planner statistics: refreshed by an import and by the nightly task (PostgreSQL keeps its own)."""

import pytest
from django.db import connection

from landreg.core import planner_statistics
from landreg.core.tasks import refresh_planner_statistics
from landreg.parcels.models import Parcel
from tests.base import RegistryTestCase


def _drop_sqlite_statistics():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone():
            cursor.execute("DELETE FROM sqlite_stat1")


class PlannerStatisticsTests(RegistryTestCase):
    def test_analyze_gives_the_planner_the_tables_row_count(self):
        planner_statistics.analyze(["parcels_parcel", "parties_party"])
        assert planner_statistics.estimated_rows("parcels_parcel") == Parcel.objects.count() == 2

    @pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite gathers no statistics by itself")
    def test_never_analysed_reads_as_no_estimate(self):
        _drop_sqlite_statistics()
        assert planner_statistics.estimated_rows("parcels_parcel") == 0

    @pytest.mark.skipif(connection.vendor != "sqlite", reason="autovacuum keeps PostgreSQL's statistics")
    def test_the_nightly_task_analyses_every_table_on_sqlite(self):
        _drop_sqlite_statistics()
        refresh_planner_statistics.call_local()
        assert planner_statistics.estimated_rows("parcels_parcel") == 2
        assert planner_statistics.estimated_rows("parties_party") >= 1
