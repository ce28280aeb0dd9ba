"""Tiles by zoom (issue 14 item 4), on PostGIS or SpatiaLite (whichever DATABASE_URL names): the size, the
number of parcels and the time of the z0, z8, z10, z12 and z14 tiles over one corner of the parcels, drawn
by the registry (generalised, feature budget, uncached), beside raw ST_AsMVT of the same tile on PostGIS
(no generalisation, every parcel in the tile).

    DATABASE_URL=postgis://postgres@127.0.0.1:5432/landreg_bench .venv/bin/python bench/bench_tiles.py
    DATABASE_URL=spatialite:///var/bench.sqlite3 .venv/bin/python bench/bench_tiles.py [--parcels 100000]

Parcels (translated copies of the real Épinay-sur-Orge cadastre, 10,000 per import) are added only if the
database holds fewer than --parcels. The database must be a benchmark database, never a real one.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DATABASE_URL", "postgis://postgres@127.0.0.1:5432/landreg_bench")
os.environ.setdefault("LANDREG_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "landreg.settings")
os.environ["LANDREG_TILE_CACHE_URL"] = "none"  # every tile drawn

import bench_spatial  # noqa: E402 - sets Django up
import mapbox_vector_tile  # noqa: E402
import shapely  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from landreg.parcels.models import Parcel  # noqa: E402

ZOOMS = (0, 8, 10, 12, 14)
CHUNK = 10_000


def ensure_parcels(n: int) -> None:
    """Import copies of the commune until n parcels are stored, CHUNK per file with ids unique across files."""
    from landreg.parcels.importing import import_parcels

    have = Parcel.objects.count()
    if have >= n:
        return
    village = bench_spatial.territory()
    geoms, _features = bench_spatial.french_geoms()
    while have < n:
        batch = bench_spatial.translated(geoms, min(have + CHUNK, n))[have:]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "parcels.geojson"
            with path.open("w") as out:
                out.write('{"type":"FeatureCollection","features":[\n')
                out.write(
                    ",\n".join(
                        f'{{"type":"Feature","properties":{{"id":"b{have + k}"}},"geometry":{shapely.to_geojson(g)}}}'
                        for k, g in enumerate(batch)
                    )
                )
                out.write("\n]}\n")
            import_parcels(path=path, village=village)
        have = Parcel.objects.count()
        print(f"    {have:,} parcels stored", flush=True)


def parcels_in(data: bytes) -> int:
    return len(mapbox_vector_tile.decode(data).get("parcels", {}).get("features", [])) if data else 0


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    from bench_http import RAW_TILE, tile_xyz
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    ensure_parcels(args.parcels)
    postgis = connection.vendor == "postgresql"
    print(
        f"machine: {os.cpu_count()} CPU(s), shared; {Parcel.objects.count():,} parcels; "
        f"{'PostGIS' if postgis else 'SpatiaLite'}; uncached tiles through Django's test client"
    )
    client = Client(HTTP_HOST="127.0.0.1")
    _z, x14, y14 = tile_xyz(14)
    for z in ZOOMS:
        x, y = x14 >> (14 - z), y14 >> (14 - z)
        url = f"/tiles/parcels/{z}/{x}/{y}.mvt"
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            data = client.get(url).content
            times.append((time.perf_counter() - start) * 1000)
        ours = statistics.median(times)
        label = f"z{z} tile: {len(data) / 1024:,.1f} KB, {parcels_in(data):,} parcels"
        if not postgis:
            print(f"{label:<44} {ours:>10.1f} ms", flush=True)
            continue
        times = []
        with connection.cursor() as cursor:
            for _ in range(args.repeat):
                start = time.perf_counter()
                cursor.execute(RAW_TILE, [z, x, y, z, x, y])
                raw = cursor.fetchone()[0]
                times.append((time.perf_counter() - start) * 1000)
        ref = statistics.median(times)
        raw = bytes(raw) if raw else b""
        bench_spatial.line(
            label, ours, "ms", ref, f"raw ST_AsMVT ({len(raw) / 1024:,.0f} KB)", ours / ref, "z14 <= 1.5"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
