"""landreg's OGC API beside pygeoapi serving the same PostGIS table under the same server, in the same run.

    DATABASE_URL=postgis://postgres@127.0.0.1:5432/landreg_load .venv/bin/python bench/bench_pygeoapi.py \
        [--parcels 100000] [--repeat 15] [--seconds 20] [--clients 10]

Issue 14: the OGC API faster than pygeoapi (the reference Python OGC API - Features server, from PyPI,
extra "bench") in every case. Both run under gunicorn with the same number of sync workers, at the same
time on loopback ports: landreg with docker/gunicorn.conf.py (DEBUG off), pygeoapi's Flask app with its
PostgreSQL provider on the table parcels_parcel, from a configuration generated in a temporary folder
(the same properties landreg publishes, its default and maximum page sizes, logging at ERROR). The cases
alternate between the two servers so that the machine's other work falls on both alike:
1. a page of 1,000 features (offset 0), one client, median and p95 of --repeat requests;
2. a page of 10 at a random offset, one client;
3. one feature by its id (random ids), one client;
4. --clients locust clients paging 10 at a time at random offsets for --seconds: requests/s, p50, p95.
The data is bench_load.py's (built there if missing); the database must be a benchmark database.
"""

import argparse
import importlib.util
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "bench"
sys.path.insert(0, str(HERE))

import bench_load  # noqa: E402  (sets the environment: DATABASE_URL, settings)
import servers  # noqa: E402

ITEMS = "/collections/parcels/items"  # pygeoapi's

PROPERTIES = ["number", "land_use", "area_m2", "official_area_m2", "survey_method", "begin_lifespan"]


def pygeoapi_config(folder: Path, port: int, db: dict, box) -> Path:
    import yaml

    contact = {"name": "bench", "url": "http://127.0.0.1", "email": "bench@example.org"}
    config = {
        "server": {
            "bind": {"host": "127.0.0.1", "port": port},
            "url": f"http://127.0.0.1:{port}",
            "mimetype": "application/json; charset=UTF-8",
            "encoding": "utf-8",
            "language": "en-US",
            "cors": False,
            "pretty_print": False,
            "limits": {"default_items": 1000, "max_items": 10000},
            "map": {"url": "http://127.0.0.1/{z}/{x}/{y}.png", "attribution": "none"},
        },
        "logging": {"level": "ERROR"},
        "metadata": {
            "identification": {
                "title": "bench",
                "description": "landreg benchmark",
                "keywords": ["bench"],
                "keywords_type": "theme",
                "terms_of_service": "none",
                "url": "http://127.0.0.1",
            },
            "license": {"name": "none", "url": "http://127.0.0.1"},
            "provider": contact,
            "contact": contact,
        },
        "resources": {
            "parcels": {
                "type": "collection",
                "title": "Parcels",
                "description": "The registry's parcels",
                "keywords": ["parcels"],
                "links": [],
                "extents": {
                    "spatial": {"bbox": list(box), "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84"}
                },
                "providers": [
                    {
                        "type": "feature",
                        "name": "PostgreSQL",
                        "data": {
                            "host": db["HOST"],
                            "port": int(db["PORT"] or 5432),
                            "dbname": db["NAME"],
                            "user": db["USER"],
                            "password": db["PASSWORD"] or "",
                            "search_path": ["public"],
                        },
                        "id_field": "id",
                        "table": "parcels_parcel",
                        "geom_field": "geometry",
                        "properties": PROPERTIES,
                    }
                ],
            }
        },
    }
    path = folder / "pygeoapi-config.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def start_pygeoapi(folder: Path, workers: int, db: dict, box):
    """pygeoapi's Flask app under gunicorn (servers.Gunicorn), as many sync workers as landreg's."""
    port = servers.free_port()
    config = pygeoapi_config(folder, port, db, box)
    openapi = folder / "pygeoapi-openapi.yml"
    env = {"PYGEOAPI_CONFIG": str(config), "PYGEOAPI_OPENAPI": str(openapi)}
    pygeoapi = Path(sys.executable).with_name("pygeoapi")
    subprocess.run(
        [str(pygeoapi), "openapi", "generate", str(config), "--output-file", str(openapi)],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )
    server = servers.Gunicorn(
        "pygeoapi.flask_app:APP",
        args=[
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--timeout",
            "60",
        ],
        env=env,
        cwd=folder,
        port=port,
        ready_path=f"{ITEMS}?f=json&limit=1",
        warm=3 * workers,
        name="pygeoapi-gunicorn",
    )
    server.items = ITEMS
    return server


get = servers.get


def timed(urls, repeat):
    times = []
    for k in range(repeat):
        url = urls(k)
        start = time.perf_counter()
        body = get(url)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], body


def paging(base, items, clients, seconds, total, tmp, label):
    rows = servers.locust_stats(
        "locustfile_ogc.py",
        host=base,
        clients=clients,
        seconds=seconds,
        csv_prefix=str(Path(tmp) / f"ogc-{label}"),
        env={"OGC_ITEMS": items, "OGC_LIMIT": "10", "OGC_TOTAL": str(total)},
        stderr=subprocess.DEVNULL,
    )
    row = next(r for r in rows if r["Name"] == "Aggregated")
    return float(row["Requests/s"]), float(row["50%"]), float(row["95%"]), int(row["Failure Count"])


def line(case, ours, theirs, unit, better_is_lower=True):
    ratio = ours / theirs if theirs else float("nan")
    verdict = (ratio < 1) if better_is_lower else (ratio > 1)
    print(
        f"{case:<44} landreg {ours:9.1f} {unit:<6} | pygeoapi {theirs:9.1f} | ratio {ratio:5.2f} "
        f"({'landreg faster' if verdict else 'pygeoapi faster'})",
        flush=True,
    )


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--workers", type=int, default=None, help="default: docker/gunicorn.conf.py's")
    args = parser.parse_args(argv)
    if not all(importlib.util.find_spec(m) for m in ("locust", "pygeoapi", "geoalchemy2", "psycopg2")):
        print('bench_pygeoapi needs pygeoapi and locust: .venv/bin/pip install -e ".[bench]"; skipped.')
        return 0
    if not os.environ["DATABASE_URL"].startswith(("postgis://", "postgres")):
        print("bench_pygeoapi needs PostGIS (DATABASE_URL); skipped.")
        return 0
    if not bench_load.data_ready(args.parcels):
        bench_load.recreate_database()
        import django

        django.setup()
        bench_load.build(args.parcels)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from landreg.parcels.models import Parcel

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE parcels_parcel")  # both servers read a table in the same state
    ids = [str(pk) for pk in Parcel.objects.order_by("?").values_list("pk", flat=True)[:500]]
    total = Parcel.objects.count()
    box = bench_load.load_data(Path(tempfile.mkdtemp(prefix="landreg-ogc-")) / "data.json")["box"]
    db = settings.DATABASES["default"]
    connection.close()
    workers = args.workers or 2 * (os.cpu_count() or 1) + 1
    print(
        f"machine: {os.cpu_count()} CPU(s), shared with other work; client on the same cores; {total:,} parcels; "
        f"both under gunicorn, {workers} sync workers each; pygeoapi {importlib.metadata.version('pygeoapi')}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="landreg-ogc-") as tmp:
        ours = bench_load.start_server(args.workers, box, tile_cache="none")
        theirs = None
        try:
            theirs = start_pygeoapi(Path(tmp), workers, db, box)
            servers = {
                "landreg": (ours.base, "/ogcapi/collections/parcels/items"),
                "pygeoapi": (theirs.base, theirs.items),
            }
            cases = [
                ("page of 1,000 (offset 0)", lambda base, items, k: f"{base}{items}?f=json&limit=1000"),
                (
                    "page of 10 at a random offset",
                    lambda base, items, k: (
                        f"{base}{items}?f=json&limit=10&offset={random.randrange(total - 10)}"
                    ),
                ),
                ("one feature by id", lambda base, items, k: f"{base}{items}/{ids[k % len(ids)]}?f=json"),
            ]
            for label, make in cases:
                results = {}
                for name, (base, items) in servers.items():
                    get(make(base, items, 0))  # the same first request warms both
                    results[name] = timed(
                        lambda k, base=base, items=items, make=make: make(base, items, k), args.repeat
                    )
                (m_ours, p_ours, body_ours), (m_theirs, p_theirs, body_theirs) = (
                    results["landreg"],
                    results["pygeoapi"],
                )
                line(f"{label}, median", m_ours, m_theirs, "ms")
                line(f"{label}, p95", p_ours, p_theirs, "ms")
                if "page" in label:
                    n_ours = len(json.loads(body_ours)["features"])
                    n_theirs = len(json.loads(body_theirs)["features"])
                    print(
                        f"    features: landreg {n_ours}, pygeoapi {n_theirs}; bytes: {len(body_ours):,} vs {len(body_theirs):,}"
                    )
            paged = {}
            for name, (base, items) in servers.items():
                paged[name] = paging(base, items, args.clients, args.seconds, total, tmp, name)
            (r1, p50_1, p95_1, e1), (r2, p50_2, p95_2, e2) = paged["landreg"], paged["pygeoapi"]
            line(
                f"{args.clients} clients paging 10 at random offsets", r1, r2, "req/s", better_is_lower=False
            )
            print(
                f"    p50 {p50_1:.0f} vs {p50_2:.0f} ms; p95 {p95_1:.0f} vs {p95_2:.0f} ms; errors {e1} vs {e2}"
            )
        finally:
            ours.stop()
            if theirs is not None:
                theirs.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
