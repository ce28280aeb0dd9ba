"""Import benchmark (issue 14 item 1), on PostGIS: the landreg import beside ogr2ogr on the same file, same run.

    DATABASE_URL=postgis://postgres@127.0.0.1:5432/landreg_bench .venv/bin/python bench/bench_import.py \
        [--sizes 10000 100000]

For each size, a GeoJSON file of that many parcels (translated copies of the real Épinay-sur-Orge cadastre,
no copy overlapping another, each parcel touching its neighbours as in the real file) is loaded
1. by ``ogr2ogr`` into a PostGIS table (the reference: reading and writing, no checks), and
2. by ``manage.py import_parcels`` into a village (every check, overlaps, neighbours' pairs, audit hashes),
each in its own process under ``/usr/bin/time -v``: the rates, their ratio (target >= 0.5) and each
process's peak resident memory (target for the import: <= 300 MB, and no more as the file grows).
The database is emptied of parcels first (it must be a benchmark database, never a real one).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DATABASE_URL", "postgis://postgres@127.0.0.1:5432/landreg_bench")
os.environ.setdefault("LANDREG_DEMO", "1")
# DEBUG off, as in production: Django's debug mode keeps the text of the last 9,000 statements (with their
# parameters, thousands of ids each), a share of memory that grows with the file.
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "landreg.settings")
# The file of a million parcels is some 410 MB: over the limits a user's upload is held to by default.
os.environ.setdefault("LANDREG_IMPORT_MAX_FEATURES", "2000000")
os.environ.setdefault("LANDREG_IMPORT_MAX_MB", "2000")

from bench_spatial import french_geoms, reset, territory, translated, write_geojson  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402


def timed(command: list[str]) -> tuple[float, float, int, str]:
    """Wall time (s), processor time (user + system, s) and peak resident memory (MB) of ``command`` run
    in its own process; its output. On a shared machine the processor time is the steadier figure (the
    database server's own time is in neither)."""
    start = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-v", *command], capture_output=True, text=True, cwd=ROOT, env=os.environ
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{command[0]} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))
    cpu = sum(float(v) for v in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", done.stderr))
    return seconds, cpu, peak_kb // 1024, done.stdout


def run(n: int, geoms, village, tmp: Path) -> None:
    path = tmp / f"parcels-{n}.geojson"
    write_geojson(translated(geoms, n), path)
    db = settings.DATABASES["default"]
    pg = f"PG:host={db['HOST']} port={db['PORT'] or 5432} user={db['USER']} dbname={db['NAME']}"
    ogr_s, ogr_cpu, ogr_mb, _out = timed(
        ["ogr2ogr", "-f", "PostgreSQL", pg, str(path), "-nln", "bench_ogr", "-overwrite"]
        + ["-lco", "GEOMETRY_NAME=geom"]
    )
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_ogr")
    reset()
    ours_s, ours_cpu, ours_mb, out = timed(
        [sys.executable, "manage.py", "import_parcels", str(path), "--village", village.code]
    )
    imported = int(re.search(r"Imported (\d+) parcels", out).group(1))
    if imported != n:
        sys.exit(f"imported {imported} of {n}:\n{out[-2000:]}")
    ogr_rate, ours_rate = n / ogr_s, n / ours_s
    print(
        f"import {n:>9,} parcels: landreg {ours_rate:>8,.0f} feat/s ({ours_s:6.1f} s, CPU {ours_cpu:6.1f} s, "
        f"peak {ours_mb:5,} MB) | ogr2ogr -> PostGIS {ogr_rate:>8,.0f} feat/s ({ogr_s:5.1f} s, "
        f"CPU {ogr_cpu:5.1f} s, peak {ogr_mb:4,} MB) | ratio {ours_rate / ogr_rate:4.2f}, "
        f"CPU {ogr_cpu / ours_cpu:4.2f} (target >= 0.5; peak target <= 300 MB)",
        flush=True,
    )
    path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    geoms, _features = french_geoms()
    village = territory()
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            reset()
            run(n, geoms, village, Path(tmp))
    reset()


if __name__ == "__main__":
    main()
