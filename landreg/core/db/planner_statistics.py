"""The query planner's statistics, which SQLite never gathers by itself.

PostgreSQL's autovacuum analyses a table once a share of it changed. SQLite keeps no statistics until
ANALYZE runs, and without them its planner takes every index for selective: on 100,000 parcels the parcel
list read each village's parcels through the village index and sorted all 100,000 rows with their map
GeoJSON (626 ms) where, with statistics, it walks the number index in order and stops at the page (1.6 ms;
``bench/bench_lists.py``). So an import that grew the parcels refreshes them (``parcels.importing``), and the
worker refreshes every table each night on SQLite (``core/tasks.py``), for the rows recorded one by one.
"""

import threading

from django.db import connection, connections


def analyze(tables: list[str] | None = None, *, side_by_side: bool = False) -> None:
    """Refresh the statistics of ``tables`` (every table when None). Exact on SQLite: sampled ones
    (``PRAGMA analysis_limit=1000``, 38 ms instead of 0.63 s at 100,000 parcels) took each village for 1,001
    parcels instead of 5,000 and the parcel list went back to reading villages and sorting (198 ms).

    ``side_by_side`` (PostgreSQL, outside a transaction): the first table is analysed on this connection
    while the others are on a connection of their own, in a thread. PostgreSQL analyses a table in one
    process (a sample of 30,000 rows read, each column's statistics computed): after an import of 100,000
    parcels, the parcels and their versions took 0.47 s each, 0.9 s one after the other, the time of one
    side by side on two cores. Inside a transaction everything stays on this connection: another would not
    see its rows, and would wait for the locks it holds."""
    if (
        side_by_side
        and tables
        and len(tables) > 1
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
    ):
        _analyze_side_by_side(tables)
        return
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


def _analyze_side_by_side(tables: list[str]) -> None:
    alias, failure = connection.alias, []

    def others():
        try:
            with connections[alias].cursor() as cursor:  # this thread's own connection
                cursor.execute(f"ANALYZE {', '.join(_quoted(tables[1:]))}")
        except BaseException as exc:  # noqa: BLE001 - raised in the caller's thread below
            failure.append(exc)
        finally:
            connections[alias].close()

    thread = threading.Thread(target=others, name="landreg-analyze")
    thread.start()
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {_quoted(tables[:1])[0]}")
    finally:
        thread.join()
    if failure:
        raise failure[0]


def _quoted(tables: list[str]) -> list[str]:
    return [connection.ops.quote_name(table) for table in tables]
