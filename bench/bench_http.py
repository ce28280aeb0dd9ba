"""HTTP benchmark (issue 14, items 3 and 4): the registry under gunicorn on PostGIS, each figure beside its
same-run reference, with the ratio.

    DATABASE_URL=postgis://postgres@127.0.0.1:5432/landreg_bench .venv/bin/python bench/bench_http.py \
        [--parcels 10000] [--seconds 10] [--clients 10]

1. a z14 tile and a GeoJSON page of 1,000 parcels over HTTP, one request at a time, with a new database
   connection per request (CONN_MAX_AGE=0) and with persistent ones (600), vs the raw query in PostGIS
   (ST_AsMVT; json_agg(ST_AsGeoJSON)) timed from an open connection, each request alternating with its
   reference (medians of 15 each); the tile cache off (every tile drawn),
   and the registry's own tile statement run raw, to show how much of the time is SQL;
2. tiles with the cache on: cold (--tiles different z14 tiles, each asked once: drawn and stored) and cached
   (the same z14 tile asked again), each beside raw ST_AsMVT of the same tiles;
3. --clients clients for --seconds each on a public read mix (z14 tile, OGC API page of 100 at random
   offsets, OGC API page of a map's bbox), with 2, (2 x cores) + 1 and 4 x cores + 1 workers: requests/s, p50, p95;
4. GDAL's OGC API reader pulling every parcel: its default page size vs PAGE_SIZE=1000.
Parcels are loaded (translated copies of the real Épinay-sur-Orge cadastre) only if the database has fewer
than --parcels. The database must be a benchmark database, never a real one.
"""

import argparse
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DATABASE_URL", "postgis://postgres@127.0.0.1:5432/landreg_bench")
os.environ.setdefault("LANDREG_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "landreg.settings")

import bench_spatial  # noqa: E402 - sets Django up
import servers  # noqa: E402
from django.db import connection  # noqa: E402

from landreg.parcels.models import Parcel  # noqa: E402

line = bench_spatial.line


def ensure_parcels(n: int) -> None:
    from landreg.parcels.importing import import_parcels

    if Parcel.objects.count() >= n:
        return
    bench_spatial.reset()
    village = bench_spatial.territory()
    geoms, _features = bench_spatial.french_geoms()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "parcels.geojson"
        bench_spatial.write_geojson(bench_spatial.translated(geoms, n), path)
        import_parcels(path=path, village=village)


def start_server(workers: int, conn_max_age: str, tile_cache: str = "none"):
    """The registry under gunicorn (servers.landreg), with CONN_MAX_AGE and the tile cache as measured."""
    return servers.landreg(
        workers=workers,
        # The tile cache is off unless measured: every tile drawn.
        env={"CONN_MAX_AGE": conn_max_age, "LANDREG_TILE_CACHE_URL": tile_cache},
    )


get = servers.get


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def alternating(repeat: int, **fns) -> dict:
    """The median time of each of ``fns`` in ms, run in turn ``repeat`` times: a request and its reference
    side by side, so that a change in the machine's load between them moves both (measured one after the
    other, 9 each, the ratio of the same code went from 0.8 to 3.3 at a load average of 4)."""
    times = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.fetchone()


def tile_xyz(z=14):
    c = Parcel.objects.order_by("number").first().geometry.centroid
    n = 2**z
    return z, int((c.x + 180) / 360 * n), int((1 - math.asinh(math.tan(math.radians(c.y))) / math.pi) / 2 * n)


RAW_TILE = (
    "SELECT ST_AsMVT(t, 'parcels') FROM (SELECT id, number, "
    "ST_AsMVTGeom(ST_Transform(geometry, 3857), ST_TileEnvelope(%s,%s,%s)) AS geom FROM parcels_parcel "
    "WHERE geometry && ST_Transform(ST_TileEnvelope(%s,%s,%s), 4326)) t"
)
RAW_PAGE = (
    "SELECT json_agg(json_build_object('type','Feature','id',p.id,'geometry',ST_AsGeoJSON(p.geometry)::json,"
    "'properties',json_build_object('number',p.number,'land_use',p.land_use,'area_m2',p.area_m2)) ORDER BY p.number)"
    " FROM (SELECT * FROM parcels_parcel WHERE end_lifespan IS NULL ORDER BY number LIMIT 1000) p"
)


def own_tile_sql(z, x, y):
    """The statement the registry runs for the public tile z/x/y, run raw from an open connection."""
    from landreg.tiles import mvt

    captured = []

    def capture(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        mvt.parcels_tile(z, x, y)
    assert len(captured) == 1, captured  # one statement per tile
    return captured[0]


def one_at_a_time(z, x, y):
    raw_tile = timed(lambda: raw(RAW_TILE, [z, x, y, z, x, y]), 15)
    sql, params = own_tile_sql(z, x, y)
    own = timed(lambda: raw(sql, params), 15)
    line(
        "z14 tile: the registry's statement, raw",
        own,
        "ms",
        raw_tile,
        "raw ST_AsMVT, same tile",
        own / raw_tile,
        "(SQL share)",
    )
    for age in ("0", "600"):
        server = start_server(workers=2, conn_max_age=age)
        try:
            base = server.base
            tile, raw_tile = alternating(
                15,
                tile=lambda base=base: get(f"{base}/tiles/parcels/{z}/{x}/{y}.mvt"),
                raw=lambda: raw(RAW_TILE, [z, x, y, z, x, y]),
            ).values()
            page, raw_page = alternating(
                15,
                page=lambda base=base: get(f"{base}/ogcapi/collections/parcels/items?limit=1000&f=json"),
                raw=lambda: raw(RAW_PAGE),
            ).values()
        finally:
            server.stop()
        label = "new connection per request" if age == "0" else "persistent connections"
        line(
            f"z14 tile over HTTP, {label}",
            tile,
            "ms",
            raw_tile,
            "raw ST_AsMVT, same tile",
            tile / raw_tile,
            "<= 1.5",
        )
        line(
            f"OGC page of 1,000, {label}",
            page,
            "ms",
            raw_page,
            "json_agg(ST_AsGeoJSON)",
            page / raw_page,
            "<= 2",
        )


def cold_and_cached_tiles(z, x, y, count):
    """--tiles different z14 tiles in a row from z/x/y (the parcels are copies of a commune side by side
    from west to east): each is asked once, a cache miss, drawn and stored."""
    tiles = [(z, x + i, y) for i in range(count)]
    raw_cold = statistics.median([timed(lambda t=t: raw(RAW_TILE, [*t, *t]), 3) for t in tiles])
    server = start_server(workers=2, conn_max_age="600", tile_cache=tempfile.mkdtemp(prefix="landreg-tiles-"))
    try:
        cold = statistics.median(
            [
                timed(lambda t=t: get(f"{server.base}/tiles/parcels/{t[0]}/{t[1]}/{t[2]}.mvt"), 1)
                for t in tiles
            ]
        )
        raw_tile = timed(lambda: raw(RAW_TILE, [z, x, y, z, x, y]), 15)
        cached = timed(lambda: get(f"{server.base}/tiles/parcels/{z}/{x}/{y}.mvt"), 30)
    finally:
        server.stop()
    line(
        f"z14 tiles over HTTP, cold, cache on ({count})",
        cold,
        "ms",
        raw_cold,
        "raw ST_AsMVT, same tiles",
        cold / raw_cold,
        "<= 1.5",
    )
    line(
        "z14 tile over HTTP, cached",
        cached,
        "ms",
        raw_tile,
        "raw ST_AsMVT, same tile",
        cached / raw_tile,
        "<= 1.5",
    )


def load(base, seconds, clients, z, x, y, total):
    from landreg.tiles.mvt import tile_bounds_4326

    # A map's view: the parcels of a z16 tile around the z14 one's centre (a few hundred metres).
    bbox = ",".join(f"{v:.7f}" for v in tile_bounds_4326(16, 4 * x + 1, 4 * y + 1))
    paths = [
        lambda: f"/tiles/parcels/{z}/{x}/{y}.mvt",
        lambda: (
            f"/ogcapi/collections/parcels/items?limit=100&offset={random.randrange(max(total - 100, 1))}&f=json"
        ),
        lambda: f"/ogcapi/collections/parcels/items?limit=100&bbox={bbox}&f=json",
    ]
    latencies, errors, stop = [], [0], time.monotonic() + seconds
    lock = threading.Lock()

    def client():
        k = random.randrange(3)
        while time.monotonic() < stop:
            url = base + paths[k % 3]()
            k += 1
            start = time.perf_counter()
            try:
                get(url)
            except OSError:
                with lock:
                    errors[0] += 1
                continue
            with lock:
                latencies.append((time.perf_counter() - start) * 1000)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    pct = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]  # noqa: E731
    return len(latencies) / seconds, pct(0.5), pct(0.95), errors[0]


def under_load(seconds, clients, z, x, y):
    total = Parcel.objects.filter(end_lifespan__isnull=True).count()
    cores = os.cpu_count() or 1
    for workers in sorted({2, 2 * cores + 1, 4 * cores + 1}):
        server = start_server(workers=workers, conn_max_age="600")
        try:
            rate, p50, p95, errors = load(server.base, seconds, clients, z, x, y, total)
        finally:
            server.stop()
        print(
            f"read mix, {clients} clients, {workers} workers{' (default)' if workers == 2 * cores + 1 else ''}: "
            f"{rate:6.1f} requests/s, p50 {p50:6.1f} ms, p95 {p95:6.1f} ms, {errors} errors",
            flush=True,
        )


def gdal_pull():
    server = start_server(workers=2 * (os.cpu_count() or 1) + 1, conn_max_age="600")
    version = subprocess.run(["ogrinfo", "--version"], capture_output=True, text=True).stdout.strip()
    try:
        results = {}
        for label, options in (("default page size", []), ("PAGE_SIZE=1000", ["-oo", "PAGE_SIZE=1000"])):
            with tempfile.TemporaryDirectory() as tmp:
                start = time.perf_counter()
                subprocess.run(
                    ["ogr2ogr", "-f", "GPKG", f"{tmp}/out.gpkg", f"OAPIF:{server.base}/ogcapi/", *options],
                    check=True,
                    capture_output=True,
                )
                results[label] = time.perf_counter() - start
        d, big = results["default page size"], results["PAGE_SIZE=1000"]
        line(
            f"ogr2ogr OAPIF ({version.split(',')[0]}), default",
            d * 1000,
            "ms",
            big * 1000,
            "PAGE_SIZE=1000",
            d / big,
            "1",
        )
    finally:
        server.stop()


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--tiles", type=int, default=25, help="different tiles asked once (cold cache)")
    parser.add_argument(
        "--parts",
        default="single,cache,load,gdal",
        help="which parts to run, comma separated: single (tile and page one at a time), cache, load, gdal",
    )
    args = parser.parse_args(argv)
    parts = set(args.parts.split(","))
    if connection.vendor != "postgresql":
        print("bench_http needs PostGIS (set DATABASE_URL); skipped.")
        return 0
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    ensure_parcels(args.parcels)
    print(
        f"machine: {os.cpu_count()} CPU(s), shared; {Parcel.objects.count():,} parcels; client on the same machine"
    )
    z, x, y = tile_xyz()
    if "single" in parts:
        one_at_a_time(z, x, y)
    if "cache" in parts:
        cold_and_cached_tiles(z, x, y, args.tiles)
    if "load" in parts:
        under_load(args.seconds, args.clients, z, x, y)
    if "gdal" in parts:
        gdal_pull()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
