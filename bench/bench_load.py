"""Load test (issue 14 item 5): the read mix under gunicorn on PostGIS, beside a minimal view, same run.

    DATABASE_URL=postgis://postgres@127.0.0.1:5432/landreg_load .venv/bin/python bench/bench_load.py \
        [--parcels 100000] [--seconds 30] [--clients 10,50] [--workers N] [--threads N]

The server is gunicorn with the production configuration (docker/gunicorn.conf.py, its default workers) and
the bench's own settings (bench/load_settings.py: the product's, plus the URLconf bench/load_urls.py that adds
the minimal view, and no per-address cap on the public register since every simulated client is 127.0.0.1).
Locust (pip install -e ".[bench]") runs headless on loopback, for --seconds at each number of clients, first
the read mix (bench/locustfile_load.py: parcel detail, public parcel page, search, parcel list page, public
village list, OGC bbox, z15 tile, OGC items page at a random offset, certificate verification, sync pull;
each equally often, no think time; with --write-every S, a person is recorded every S seconds meanwhile, so
that what pages keep until the registry changes is built again after each write), then the minimal view (one GiST-indexed PostGIS query) at the same
number of clients. Printed: requests/s, p50, p95, p99 and errors, the mix's throughput over the minimal
view's, and each kind of request's figures. Targets: at 50 clients the mix >= 0.5x the minimal view's
throughput; p95 at 10 clients < 50 ms.

Data: bench_search.build (one commune of 20 villages, --parcels parcels each held by one person or two,
written in bulk), 200 certificates issued, a registrar of the commune and a field agent of one village logged
in. The database named by DATABASE_URL is dropped and made again when it does not hold that data: it must
be a benchmark database, never a real one. It is vacuumed and analysed before each run (settle). Locust and the
server share the machine's cores.
"""

import argparse
import importlib.util
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "bench"
os.environ.setdefault("DATABASE_URL", "postgis://postgres@127.0.0.1:5432/landreg_load")
os.environ.setdefault("LANDREG_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "landreg.settings")
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import servers  # noqa: E402

CERTIFICATES = 200


def recreate_database() -> None:
    """Drop and create the benchmark database (before Django connects to it)."""
    import dj_database_url
    import psycopg

    db = dj_database_url.parse(os.environ["DATABASE_URL"])
    if not db["NAME"].startswith(("landreg_load", "landreg_bench")):
        raise SystemExit(f"refusing to drop {db['NAME']!r}: not a benchmark database (landreg_load*)")
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"] or None,
        dbname="postgres", autocommit=True,
    ) as conn:  # fmt: skip
        conn.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db["NAME"]}"')


def data_ready(n: int) -> bool:
    import django

    django.setup()
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM parcels_parcel WHERE number LIKE 'BENCH-%%'")
            parcels = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM certificates_certificate")
            certificates = cursor.fetchone()[0]
    except Exception:  # noqa: BLE001 - no tables yet
        return False
    finally:
        connection.close()
    return parcels == n and certificates >= CERTIFICATES


def build(n: int) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from bench_search import build as build_commune

    build_commune(n)
    from landreg.accounts.models import User
    from landreg.accounts.roles import Role
    from landreg.accounts.services import role_grant
    from landreg.certificates.issuing.services import certificate_issue_for_parcel
    from landreg.parcels.models import Parcel
    from landreg.territory.models import AdministrativeUnit

    registrar = User.objects.get(username="bench-registrar")
    agent = User.objects.create_user(username="bench-agent", password="x")
    role_grant(user=agent, role=Role.FIELD_AGENT, unit=AdministrativeUnit.objects.get(code="BENCH-03"))
    start = time.perf_counter()
    for parcel in Parcel.objects.order_by("?")[:CERTIFICATES]:
        certificate_issue_for_parcel(parcel=parcel, actor=registrar, base_url="http://127.0.0.1")
    print(f"data: {CERTIFICATES} certificates issued ({time.perf_counter() - start:.0f} s)", flush=True)


def settle() -> None:
    """VACUUM (ANALYZE) the database, as autovacuum does to a registry's tables soon after a bulk write: freshly
    written pages are not yet marked all-visible, so PostgreSQL cannot answer from an index alone (the OGC page
    at offset 55,555 read the table through the number's index: 52 ms, 6 ms once vacuumed) and each run would
    measure how far autovacuum had got since the data was written."""
    from django.db import connection

    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    print(f"data: vacuumed and analysed ({time.perf_counter() - start:.0f} s)", flush=True)


def load_data(path: Path) -> dict:
    """What locust asks for: parcel ids, sessions, tokens, the data's extent."""
    from django.conf import settings
    from django.contrib.gis.db.models import Extent
    from django.test import Client

    from landreg.accounts.models import User
    from landreg.certificates.models import Certificate
    from landreg.parcels.models import Parcel
    from landreg.territory.models import AdministrativeUnit

    def session(username):
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    current = Parcel.objects.filter(end_lifespan__isnull=True)
    data = {
        "parcels": [str(pk) for pk in current.order_by("?").values_list("pk", flat=True)[:5000]],
        "villages": list(AdministrativeUnit.objects.villages().values_list("code", flat=True)),
        "tokens": list(Certificate.objects.values_list("token", flat=True)),
        "registrar": session("bench-registrar"),
        "agent": session("bench-agent"),
        "total": current.count(),
        "box": list(current.aggregate(box=Extent("geometry"))["box"]),
    }
    path.write_text(json.dumps(data))
    return data


def start_server(workers: int | None, box, tile_cache: str, threads: int = 1):
    """The registry under gunicorn (servers.landreg) with the bench's settings (load_settings: its URLconf
    adds the minimal view) and the data's extent for the minimal view's random points."""
    return servers.landreg(
        workers=workers,
        env={
            "DJANGO_SETTINGS_MODULE": "load_settings",
            "LANDREG_TILE_CACHE_URL": tile_cache,
            # Kept pages start empty in each run, as the tiles do (a folder beside them).
            "LANDREG_PAGE_CACHE_URL": str(Path(tile_cache).parent / "pages"),
            "LOAD_BENCH_BOX": ",".join(str(v) for v in box),
            "GUNICORN_THREADS": str(threads),
        },
        ready_path="/bench/minimal/",
    )


class Writer:
    """A land office at work beside the readers (--write-every S): one person recorded in a village of the
    commune every S seconds through the registry's service (parties.services.party_create: a version and an
    audit event, as the office's pages write it), so that what pages keep until the registry changes (home
    figures, parcel list, search: keys holding the audit chain's head) is built again after each write. Without
    it the mix measures an office between two writes."""

    def __init__(self, every: float):
        import threading

        self.every, self.count = every, 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        if self.every > 0:
            self.thread.start()
        return self

    def __exit__(self, *exc):
        if self.every > 0:
            self.stopping.set()
            self.thread.join()

    def _run(self):
        from django.db import connection

        from landreg.accounts.models import User
        from landreg.parties.models import PartyKind
        from landreg.parties.services import party_create
        from landreg.territory.models import AdministrativeUnit

        registrar = User.objects.get(username="bench-registrar")
        village = AdministrativeUnit.objects.get(code="BENCH-03")
        try:
            while not self.stopping.wait(self.every):
                party_create(
                    kind=PartyKind.NATURAL,
                    village=village,
                    created_by=registrar,
                    last_name="Ɓanɛ",
                    first_names=f"Écriture {self.count}",
                    sex="F",
                )
                self.count += 1
        finally:
            connection.close()


def run_locust(base, user_class, clients, seconds, data_path, tmp) -> list[dict]:
    return servers.locust_stats(
        "locustfile_load.py",
        user_class=user_class,
        host=base,
        clients=clients,
        seconds=seconds,
        csv_prefix=str(Path(tmp) / f"{user_class}-{clients}"),
        env={"LOAD_BENCH_DATA": str(data_path)},
    )


def row_line(label, row):
    count = int(row["Request Count"])
    failures = int(row["Failure Count"])
    return (
        f"{label:<34} {float(row['Requests/s']):8.1f} req/s | p50 {float(row['50%']):6.0f} ms | "
        f"p95 {float(row['95%']):6.0f} ms | p99 {float(row['99%']):6.0f} ms | {count} requests, {failures} errors"
    )


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=30, help="per run: mix and minimal view at each level")
    parser.add_argument("--clients", default="10,50")
    parser.add_argument("--workers", type=int, default=None, help="default: docker/gunicorn.conf.py's")
    parser.add_argument(
        "--threads", type=int, default=1, help="above 1: gthread workers with this many threads"
    )
    parser.add_argument(
        "--write-every",
        type=float,
        default=0,
        help="seconds between two writes during the mix (a person recorded; 0: none, the read mix alone)",
    )
    args = parser.parse_args(argv)
    if importlib.util.find_spec("locust") is None:  # not imported here: it patches the process with gevent
        print('bench_load needs locust: .venv/bin/pip install -e ".[bench]"; skipped.')
        return 0
    if not os.environ["DATABASE_URL"].startswith(("postgis://", "postgres")):
        print("bench_load needs PostGIS (DATABASE_URL); skipped.")
        return 0
    if not data_ready(args.parcels):
        recreate_database()
        import django

        django.setup()
        build(args.parcels)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # the data may predate an index
    settle()
    levels = [int(c) for c in args.clients.split(",")]
    workers = args.workers or 2 * (os.cpu_count() or 1) + 1
    with tempfile.TemporaryDirectory(prefix="landreg-load-") as tmp:
        data_path = Path(tmp) / "data.json"
        data = load_data(data_path)
        from django.db import connection

        connection.close()
        print(
            f"machine: {os.cpu_count()} CPU(s), shared with other work; locust on the same cores; "
            f"{data['total']:,} parcels; gunicorn {workers} "
            + (f"gthread workers of {args.threads} threads" if args.threads > 1 else "sync workers")
            + f"; {args.seconds} s a run"
            + (f"; one write every {args.write_every:g} s during the mix" if args.write_every else ""),
            flush=True,
        )
        server = start_server(
            args.workers, data["box"], tile_cache=str(Path(tmp) / "tiles"), threads=args.threads
        )
        from cpu_use import CpuUse, per_request_line  # psutil: installed with locust (the bench extra)

        try:
            results = {}
            cpu = CpuUse(server.process.pid)
            for clients in levels:
                cpu.lap()
                with Writer(args.write_every) as writer:
                    mix = run_locust(server.base, "MixUser", clients, args.seconds, data_path, tmp)
                mix_cpu = cpu.lap()
                minimal = run_locust(server.base, "MinimalUser", clients, args.seconds, data_path, tmp)
                minimal_cpu = cpu.lap()
                total = next(r for r in mix if r["Name"] == "Aggregated")
                reference = next(r for r in minimal if r["Name"] == "Aggregated")
                results[clients] = (total, reference, mix)
                ratio = float(total["Requests/s"]) / (float(reference["Requests/s"]) or float("nan"))
                print(f"--- {clients} clients", flush=True)
                print(row_line("read mix", total))
                if args.write_every:
                    print(f"writes during the mix: {writer.count} (one every {args.write_every:g} s)")
                print(row_line("minimal view (reference)", reference))
                print(f"mix / minimal view throughput: {ratio:.2f} (target at 50 clients >= 0.5)", flush=True)
                print("read mix:     " + per_request_line(mix_cpu, int(total["Request Count"])))
                print("minimal view: " + per_request_line(minimal_cpu, int(reference["Request Count"])))
                if clients == 10:
                    print(f"p95 of the mix at 10 clients: {float(total['95%']):.0f} ms (target < 50)")
                for row in sorted(mix, key=lambda r: r["Name"]):
                    if row["Name"] != "Aggregated":
                        print("   " + row_line(row["Name"], row))
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
