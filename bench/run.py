"""Run every benchmark in this folder (bench_*.py), one after the other: `make bench`.

Each benchmark measures a figure and its reference in the same run and prints both with their ratio.
They are measurements, not tests: nothing here fails CI.

Those that take a number of parcels (``--parcels``) run at each size of SIZES, 10,000 then 100,000 parcels
(each size's data is made once, every bench at that size reads it); the import bench takes its own
``--sizes``; the others have no size and run once. ``make bench BENCH="load http"`` runs some;
``make bench BENCH_SIZES=10000`` one size (comma-separated).

Benchmarks that keep their data between runs get a database per size when DATABASE_URL is not set
(landreg_bench_10000, landreg_load_100000, ..., made with PostGIS if missing), so that a run at 10,000
parcels never reads the 100,000 of an earlier one, and neither size rebuilds the other's data.
"""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = [10_000, 100_000]
SERVER = "postgis://postgres@127.0.0.1:5432/"
# The database each benchmark keeps its data in (its default DATABASE_URL's name); the others use
# throw-away test databases.
KEPT_DATA = {
    "bench_http": "landreg_bench",
    "bench_spatial": "landreg_bench",
    "bench_tiles": "landreg_bench",
    "bench_load": "landreg_load",
    "bench_pygeoapi": "landreg_load",  # bench_load's data
}


def sizes() -> list[int]:
    given = os.environ.get("BENCH_SIZES", "")
    return [int(s.replace("_", "")) for s in given.split(",") if s.strip()] or SIZES


def takes(script: Path, option: str) -> bool:
    return f'"{option}"' in script.read_text()


def database_for(script: Path, n: int) -> dict:
    """The environment of a sized run: its own database for that size, unless DATABASE_URL is given."""
    if "DATABASE_URL" in os.environ or script.stem not in KEPT_DATA:
        return {}
    name = f"{KEPT_DATA[script.stem]}_{n}"
    import psycopg

    libpq = SERVER.replace("postgis://", "postgresql://", 1)  # the same server, as libpq names it
    with psycopg.connect(libpq + "postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            with psycopg.connect(libpq + name, autocommit=True) as db:
                db.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    return {"DATABASE_URL": SERVER + name}


def main(argv: list[str]) -> int:
    wanted = set(argv)
    scripts = [
        s for s in sorted(HERE.glob("bench_*.py")) if not wanted or s.stem.removeprefix("bench_") in wanted
    ]
    runs: list[tuple[str, list[str], Path, int | None]] = []
    for script in scripts:  # those without a size first, then every sized one at each size in turn
        if takes(script, "--sizes"):
            runs.append((f"{script.stem} at {', '.join(f'{n:,}' for n in sizes())} parcels",
                         [str(script), "--sizes", *map(str, sizes())], script, None))  # fmt: skip
        elif not takes(script, "--parcels"):
            runs.append((script.stem, [str(script)], script, None))
    for n in sizes():
        for script in scripts:
            if takes(script, "--parcels") and not takes(script, "--sizes"):
                runs.append(
                    (f"{script.stem} at {n:,} parcels", [str(script), "--parcels", str(n)], script, n)
                )
    failures = 0
    for title, args, script, n in runs:
        env = {**os.environ, **(database_for(script, n) if n else {})}
        print(f"=== {title} ===", flush=True)
        failures += subprocess.call([sys.executable, *args], cwd=HERE.parent, env=env) != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
