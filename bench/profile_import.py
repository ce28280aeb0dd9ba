"""Where the import's time goes, stage by stage (issue 14 item 1), on PostGIS, in process.

    DATABASE_URL=postgis://postgres@127.0.0.1:5432/landreg_bench_x .venv/bin/python bench/profile_import.py \
        [--parcels 100000] [--statements]

The bench's file (``bench_import.py``'s: translated copies of the real cadastre) is imported into an emptied
village as ``manage.py import_parcels`` does, with each stage timed four ways: wall time, this process's
processor time (all its threads), the calling thread's own and the processor time of the database backend serving it (read from
``/proc/<pid>/stat``: the server is on this machine). On 2 shared cores the wall times move with the load;
the two processor times move much less. ``--statements``: every statement of the import's connection with
its wall and backend time, the slowest first. The findings are printed to check that nothing moved.
"""

import argparse
import contextlib
import os
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("LANDREG_DEMO", "1")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "landreg.settings")
os.environ.setdefault("LANDREG_IMPORT_MAX_FEATURES", "2000000")
os.environ.setdefault("LANDREG_IMPORT_MAX_MB", "2000")

from bench_spatial import french_geoms, reset, territory, translated, write_geojson  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def backend_cpu(pid: int) -> float:
    """Processor time (user + system, s) of the process ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


class Stages:
    """Wall, process and backend processor time per stage; stages may nest (the outer includes the inner)."""

    def __init__(self):
        self.totals = defaultdict(lambda: [0.0, 0.0, 0.0, 0, 0.0])
        self.order = []
        self.pid = None

    def server(self) -> float:
        return backend_cpu(self.pid) if self.pid else 0.0

    @contextlib.contextmanager
    def stage(self, name: str):
        if name not in self.totals:
            self.order.append(name)
        wall, cpu, server = time.perf_counter(), time.process_time(), self.server()
        own = time.thread_time()
        try:
            yield
        finally:
            entry = self.totals[name]
            entry[0] += time.perf_counter() - wall
            entry[1] += time.process_time() - cpu
            entry[2] += self.server() - server
            entry[3] += 1
            entry[4] += time.thread_time() - own

    def wrap(self, owner, attribute: str, name: str | None = None):
        original = getattr(owner, attribute)
        stages = self

        def wrapped(*args, **kwargs):
            with stages.stage(name or attribute):
                return original(*args, **kwargs)

        setattr(owner, attribute, wrapped)

    def wrap_iterator(self, owner, attribute: str, name: str):
        original = getattr(owner, attribute)
        stages = self

        def wrapped(*args, **kwargs):
            iterator = iter(original(*args, **kwargs))
            while True:
                with stages.stage(name):
                    try:
                        item = next(iterator)
                    except StopIteration:
                        return
                yield item

        setattr(owner, attribute, wrapped)

    def print(self):
        print(f"{'stage':<44} {'wall s':>8} {'process s':>10} {'server s':>9} {'calls':>6} {'thread s':>9}")
        for name in self.order:
            wall, cpu, server, calls, own = self.totals[name]
            print(f"{name:<44} {wall:8.2f} {cpu:10.2f} {server:9.2f} {calls:6} {own:9.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parcels", type=int, default=100_000)
    parser.add_argument("--statements", action="store_true")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from landreg.parcels import importing, topology
    from landreg.parcels.importing import checking, reading, staging, writing
    from landreg.parcels.models import TopologyFinding

    stages = Stages()
    statements = defaultdict(lambda: [0.0, 0.0, 0])

    def watch(execute, sql, params, many, context):
        wall, server = time.perf_counter(), stages.server()
        try:
            return execute(sql, params, many, context)
        finally:
            entry = statements[" ".join(sql.split())[:110]]
            entry[0] += time.perf_counter() - wall
            entry[1] += stages.server() - server
            entry[2] += 1

    geoms, _features = french_geoms()
    village = territory()
    reset()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "parcels.geojson"
        write_geojson(translated(geoms, args.parcels), path)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            stages.pid = cursor.fetchone()[0]
        stages.wrap(importing, "open_layer", "open (GDAL's first pass over the file)")
        stages.wrap_iterator(importing, "batches", "read (GDAL's stream, waited for)")
        stages.wrap(checking.Checker, "batch", "check")
        stages.wrap(staging.Stage, "append", "stage (COPY)")
        stages.wrap(staging.Stage, "pairs_later", "pairs: cells read into a file")
        stages.wrap(importing, "commit", "commit (all below, and COMMIT)")
        stages.wrap(writing, "numbers_besides", "  numbering")
        stages.wrap(writing, "_dropped_indexes", "  indexes dropped")
        stages.wrap(writing, "_dropped_foreign_keys", "  foreign keys dropped")
        stages.wrap(staging.Stage, "insert_parcels", "  the insert (parcels, versions, hashes)")
        stages.wrap(writing, "register_hashed", "  audit events and RowHash index")
        stages.wrap(staging.PairsLater, "result", "  pairs waited for")
        stages.wrap(TopologyFinding.objects, "bulk_create", "  findings saved")
        stages.wrap(writing.planner_statistics, "analyze", "ANALYZE (after the commit)")
        # The pairs' comparison runs in a thread beside the save, and splits its predicates over worker
        # threads (topology._pairwise): their processor time is counted too, each thread's own.
        compared = [0.0, 0.0, 0.0]
        cell_pairs = staging._cell_pairs
        pairwise = topology._pairwise

        def timed_cell_pairs(*args, **kwargs):
            wall, cpu = time.perf_counter(), time.thread_time()
            try:
                return cell_pairs(*args, **kwargs)
            finally:
                compared[0] += time.perf_counter() - wall
                compared[1] += time.thread_time() - cpu

        def timed_predicate(predicate):
            def timed(*args):
                cpu = time.thread_time()
                try:
                    return predicate(*args)
                finally:
                    if threading.current_thread().name != "landreg-import-pairs":  # a worker's
                        with lock:
                            compared[2] += time.thread_time() - cpu

            return timed

        def counted_pairwise(predicate, *args):
            return pairwise(timed_predicate(predicate), *args)

        lock = threading.Lock()
        staging._cell_pairs = timed_cell_pairs
        topology._pairwise = counted_pairwise
        # The GDAL reading thread (reading._ahead, which screens the geometries too): its processor time.
        reader = [0.0]
        ahead = reading._ahead

        def timed_ahead(stream, *args):
            def counted():
                cpu = time.thread_time()
                try:
                    yield from stream
                finally:
                    reader[0] += time.thread_time() - cpu

            return ahead(counted(), *args)

        reading._ahead = timed_ahead
        wall, cpu, server = time.perf_counter(), time.process_time(), stages.server()
        with connection.execute_wrapper(watch):
            report = importing.import_parcels(path=path, village=village)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        server = stages.server() - server
    stages.print()
    print(f"{'pairs compared (their thread: wall, thread CPU)':<44} {compared[0]:8.2f} {compared[1]:10.2f}")
    print(f"{'  and their worker threads (thread CPU)':<44} {'':8} {compared[2]:10.2f}")
    print(f"{'GDAL reading thread, screening too (CPU)':<44} {'':8} {reader[0]:10.2f}")
    print(f"{'whole import':<44} {wall:8.2f} {cpu:10.2f} {server:9.2f}")
    print(
        f"imported {report.imported}; slivers {report.sliver_count}, gaps {report.gap_count}, "
        f"overlaps {report.overlap_count}, touching pairs {report.touching_pairs}"
    )
    if args.statements:
        print(f"\n{'wall s':>8} {'server s':>9} {'calls':>6}  statement")
        for sql, (wall, server, calls) in sorted(statements.items(), key=lambda kv: -kv[1][0])[:40]:
            print(f"{wall:8.2f} {server:9.2f} {calls:6}  {sql}")
    reset()


if __name__ == "__main__":
    main()
