"""The query planner's statistics, which SQLite never gathers by itself.

PostgreSQL's autovacuum analyses a table once a share of it changed. SQLite keeps no statistics until
ANALYZE runs, and without them its planner takes every index for selective: on 100,000 parcels the parcel
list read each village's parcels through the village index and sorted all 100,000 rows with their map
GeoJSON (626 ms) where, with statistics, it walks the number index in order and stops at the page (1.6 ms;
``bench/bench_lists.py``). So an import that grew the parcels refreshes them (``parcels.importing``), and the
worker refreshes every table each night on SQLite (``core/tasks.py``), for the rows recorded one by one.
"""

from django.db import connection


def analyze(tables: list[str] | None = None) -> None:
    """Refresh the statistics of ``tables`` (every table when None). Exact on SQLite: sampled ones
    (``PRAGMA analysis_limit=1000``, 38 ms instead of 0.63 s at 100,000 parcels) took each village for 1,001
    parcels instead of 5,000 and the parcel list went back to reading villages and sorting (198 ms)."""
    with connection.cursor() as cursor:
        if tables is None:
            cursor.execute("ANALYZE")
            return
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(_quoted(tables))}")
            return
        for table in tables:  # SQLite analyses one table (or schema) a statement
            cursor.execute(f"ANALYZE {_quoted([table])[0]}")


def estimated_rows(table: str) -> float:
    """The planner's row count for ``table``: 0 or less when it has never been analysed."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
            return cursor.fetchone()[0]
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return 0
        # Each analysed index's line starts with the table's row count.
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        row = cursor.fetchone()
        return float(row[0].split()[0]) if row else 0


def _quoted(tables: list[str]) -> list[str]:
    return [connection.ops.quote_name(table) for table in tables]
