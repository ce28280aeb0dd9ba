"""SQLite's planner statistics: refreshed by an import and by the nightly task (PostgreSQL keeps its own)."""

import pytest
from django.db import connection
from django.test import TestCase, TransactionTestCase

from landreg.core.db import planner_statistics
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


def _tables_of(cursor, names: list[str]) -> None:
    for k, name in enumerate(names):  # 100, 200, 300... rows, never analysed (reltuples -1)
        cursor.execute(f"CREATE TABLE {name} AS SELECT generate_series(1, %s) AS n", [100 * (k + 1)])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="side by side on PostgreSQL only")
class SideBySideTests(TransactionTestCase):
    serialized_rollback = True  # restores the migrations' rows for the tests after (tests/migrated_rows.py)
    names = ["landreg_test_analyze_a", "landreg_test_analyze_b", "landreg_test_analyze_c"]

    def tearDown(self):
        with connection.cursor() as cursor:
            for name in self.names:
                cursor.execute(f"DROP TABLE IF EXISTS {name}")

    def test_tables_analysed_side_by_side_each_get_their_row_count(self):
        with connection.cursor() as cursor:
            _tables_of(cursor, self.names)
        planner_statistics.analyze(self.names, side_by_side=True)
        assert [planner_statistics.estimated_rows(name) for name in self.names] == [100, 200, 300]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="side by side on PostgreSQL only")
class SideBySideInsideATransactionTests(TestCase):
    def test_inside_a_transaction_every_table_is_analysed_on_its_connection(self):
        # Another connection would see none of the transaction's rows (and wait for its locks).
        names = ["landreg_test_analyze_d", "landreg_test_analyze_e"]
        with connection.cursor() as cursor:
            _tables_of(cursor, names)
        planner_statistics.analyze(names, side_by_side=True)
        assert [planner_statistics.estimated_rows(name) for name in names] == [100, 200]
