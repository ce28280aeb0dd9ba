"""Server time and statements of each page of the load benchmark's read mix, in process (no HTTP, no locust).

    DATABASE_URL=postgis://postgres@127.0.0.1:5432/landreg_load .venv/bin/python bench/profile_load.py \
        [--repeat 50] [--profile "parcel detail"] [--sort cumulative]

Reads the database bench_load.py built (run it once first) with the load server's settings (bench/load_settings,
DEBUG off, so templates come from the cached loader), and asks each kind of request of bench/locustfile_load.py
through Django's test client, as locust does (same URLs, the same registrar and field agent logged in), after a
warm-up. Printed per kind: median and p90 of the time Django takes (request cycle, middleware, view, template,
waits on PostgreSQL), the median CPU time of this process alone (Python's share, which the machine's other
work inflates much less than wall time), the mean processor time of its PostgreSQL backend (the database's
share, read from /proc: the database must run on this machine), and the statements of one request. With --profile NAME, cProfile's top functions for that kind over --repeat
requests. A tool for finding where a page spends its time; the figures to compare are bench_load.py's.
"""

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "bench"
os.environ.setdefault("DATABASE_URL", "postgis://postgres@127.0.0.1:5432/landreg_load")
os.environ.setdefault("LANDREG_DEMO", "1")
os.environ["DJANGO_DEBUG"] = "0"
os.environ["SECURE_SSL_REDIRECT"] = "0"
os.environ["SECURE_COOKIES"] = "0"
os.environ["DJANGO_SETTINGS_MODULE"] = "load_settings"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

QUERIES = ["Ouédraogo Aminata", "Wedrago Aminata", "Kone Ngaba", "Sawadogo"]


def kinds(data):
    """Each kind of request of the read mix: (name, URL maker, who is logged in); as locustfile_load.py."""
    west, south, east, north = data["box"]

    def point():
        return random.uniform(west, east), random.uniform(south, north)  # noqa: S311

    def bbox():
        x, y = point()
        d = 0.00125
        return (
            f"/ogcapi/collections/parcels/items?bbox={x - d:.6f},{y - d:.6f},{x + d:.6f},{y + d:.6f}"
            "&limit=100&f=json"
        )

    def tile():
        import math

        x, y = point()
        n = 2**15
        tx = int((x + 180) / 360 * n)
        ty = int((1 - math.asinh(math.tan(math.radians(y))) / math.pi) / 2 * n)
        return f"/tiles/parcels/15/{tx}/{ty}.mvt"

    parcel = lambda: random.choice(data["parcels"])  # noqa: E731, S311
    return {
        "parcel detail": (lambda: f"/parcels/{parcel()}/", "registrar"),
        "public parcel page": (lambda: f"/registre/parcelles/{parcel()}/", None),
        "search": (lambda: f"/search/?q={random.choice(QUERIES)}", "registrar"),  # noqa: S311
        "parcel list page": (lambda: f"/parcels/?page={random.randint(1, 200)}", "registrar"),  # noqa: S311
        "public village list": (
            lambda: f"/registre/villages/{random.choice(data['villages'])}/?page={random.randint(1, 50)}",  # noqa: S311
            None,
        ),
        "OGC bbox": (bbox, None),
        "z15 tile": (tile, None),
        "OGC items page of 100": (
            lambda: (
                f"/ogcapi/collections/parcels/items?limit=100&offset={random.randrange(data['total'] - 100)}"  # noqa: S311
                "&f=json"
            ),
            None,
        ),
        "certificate verification": (lambda: f"/verify/{random.choice(data['tokens'])}", None),  # noqa: S311
        "sync (pull)": (lambda: "/api/v1/sync/?cursor=0", "agent"),
        "minimal view (reference)": (lambda: "/bench/minimal/", None),
    }


def _backend_seconds(connection) -> float:
    """Processor seconds of this connection's PostgreSQL backend so far (it runs on this machine): a
    request's share of the database, which the wall time of its statements mixes with waiting for a core."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--profile", default=None, help="a kind's name: cProfile it")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--only", default=None, help="comma-separated kinds to time")
    parser.add_argument("--show-sql", action="store_true")
    parser.add_argument("--sql-chars", type=int, default=300, help="of each statement shown")
    args = parser.parse_args(argv)

    import django

    django.setup()
    import tempfile

    from bench_load import load_data
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    with tempfile.TemporaryDirectory(prefix="landreg-profile-") as tmp:
        data = load_data(Path(tmp) / "data.json")
    clients = {None: Client()}
    for who in ("registrar", "agent"):
        clients[who] = Client()
        clients[who].cookies[settings.SESSION_COOKIE_NAME] = data[who]
    table = kinds(data)
    names = [args.profile] if args.profile else (args.only.split(",") if args.only else list(table))
    for name in names:
        make_url, who = table[name]
        client = clients[who]
        for _ in range(5):  # warm: caches, the cached template loader, connections
            assert client.get(make_url()).status_code == 200, name
        with CaptureQueriesContext(connection) as captured:
            client.get(make_url())
        statements = list(captured.captured_queries)  # read now: the next request clears the log
        urls = [make_url() for _ in range(args.repeat)]
        times, cpu = [], []
        database_start = _backend_seconds(connection)
        profiler = cProfile.Profile() if args.profile else None
        for url in urls:
            start, start_cpu = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            response = client.get(url)
            if profiler:
                profiler.disable()
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        database = (_backend_seconds(connection) - database_start) / len(urls) * 1000
        times.sort()
        print(
            f"{name:<26} median {statistics.median(times):6.1f} ms | p90 {times[int(len(times) * 0.9)]:6.1f} ms | "
            f"Python CPU median {statistics.median(cpu):5.1f} ms | PostgreSQL {database:4.2f} ms | "
            f"{len(statements)} statements",
            flush=True,
        )
        if args.show_sql:
            for q in statements:
                print(f"    {q['time']}s {q['sql'][: args.sql_chars]}")
        if profiler:
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(40)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
