"""Spatial benchmark (issue 3), on PostGIS: each figure beside its same-run reference, with the ratio.

    DATABASE_URL=postgis://postgres@127.0.0.1:5432/landreg_bench .venv/bin/python bench/bench_spatial.py \
        [--parcels 100000] [--stored 1000000] [--records 200]

1. import of --parcels translated copies of the real French parcels (checks, overlaps, neighbours)
   vs ogr2ogr loading the same GeoJSON file into PostGIS (target: at least 0.5x ogr2ogr's rate);
2. recording one parcel (checks + overlap + neighbours) with --stored parcels in the table: p95
   (target under 20 ms; reference: one raw GiST-indexed ST_Intersects query);
3. GeoJSON of 1,000 parcels from /api/v1/parcels/ vs PostGIS json_agg(ST_AsGeoJSON) of the same rows (<= 2x);
4. a z14 tile from /tiles/ vs raw ST_AsMVT on the same tile (<= 1.5x).
The database is emptied of parcels first (it must be a benchmark database, never a real one).
"""

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgis://postgres@127.0.0.1:5432/landreg_bench")
os.environ.setdefault("LANDREG_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "landreg.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
import shapely  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.gis.geos import GEOSGeometry  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "etalab-91216-epinay-sur-orge-parcels.geojson"
STEP_X, STEP_Y = 0.045, 0.032  # one copy of the commune's extent (0.039 x 0.029 degrees) per cell


def french_geoms():
    features = json.loads(DATA.read_text())["features"]
    return np.array([shapely.from_geojson(json.dumps(f["geometry"])) for f in features]), features


def translated(geoms, n, start=0):
    """n polygons: copies of the commune shifted on a grid (copy k at cell k), no copy overlapping another."""
    per = len(geoms)
    out, cols = [], 40
    for k in range(start, start + math.ceil(n / per)):
        dx, dy = (k % cols) * STEP_X, (k // cols) * STEP_Y
        out.append(shapely.transform(geoms, lambda c, dx=dx, dy=dy: c + [dx, dy]))
    return np.concatenate(out)[:n]


def write_geojson(geoms, path):
    with path.open("w") as out:
        out.write('{"type":"FeatureCollection","features":[\n')
        for k, g in enumerate(geoms):
            sep = ",\n" if k else ""
            out.write(
                f'{sep}{{"type":"Feature","properties":{{"id":"b{k}"}},"geometry":{shapely.to_geojson(g)}}}'
            )
        out.write("\n]}\n")


def line(label, value, unit, reference, ref_label, ratio, target):
    print(
        f"{label:<44} {value:>10.1f} {unit:<6} | {ref_label:<34} {reference:>10.1f} | ratio {ratio:5.2f} "
        f"(target {target})",
        flush=True,
    )


def reset():
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE parcels_topologyfinding, parcels_parcelnumbersequence, parcels_boundaryrepair, parcels_importjob, rights_rightholder, "
            "rights_right, documents_source_parcels, parcels_parcel CASCADE"
        )


def territory():
    from landreg.territory.models import AdministrativeUnit, UnitLevel
    from landreg.territory.services import unit_create

    village = AdministrativeUnit.objects.filter(code="BENCH-V").first()
    if village:
        return village
    country = unit_create(level=UnitLevel.COUNTRY, code="BENCH", name="Bench")
    region = unit_create(level=UnitLevel.REGION, code="BENCH-R", name="Bench region", parent=country)
    commune = unit_create(level=UnitLevel.COMMUNE, code="BENCH-C", name="Bench commune", parent=region)
    return unit_create(level=UnitLevel.VILLAGE, code="BENCH-V", name="Bench village", parent=commune)


def bench_import(village, geoms, n, tmp):
    from landreg.parcels.importing import import_parcels

    path = tmp / "parcels.geojson"
    write_geojson(translated(geoms, n), path)
    db = settings.DATABASES["default"]
    pg = f"PG:host={db['HOST']} port={db['PORT'] or 5432} user={db['USER']} dbname={db['NAME']}"
    start = time.perf_counter()
    subprocess.run(
        [
            "ogr2ogr",
            "-f",
            "PostgreSQL",
            pg,
            str(path),
            "-nln",
            "bench_ogr",
            "-overwrite",
            "-lco",
            "GEOMETRY_NAME=geom",
        ],
        check=True,
    )
    ogr_rate = n / (time.perf_counter() - start)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_ogr")
    start = time.perf_counter()
    report = import_parcels(path=path, village=village)
    ours = report.imported / (time.perf_counter() - start)
    line(
        f"import {n:,} parcels (checks+overlaps+neighbours)",
        ours,
        "feat/s",
        ogr_rate,
        "ogr2ogr -> PostGIS",
        ours / ogr_rate,
        ">= 0.5",
    )
    print(
        f"    ({report.touching_pairs:,} touching pairs, {len(report.slivers)} slivers, {len(report.gaps)} gaps found)"
    )


def fill_to(stored):
    """Grow the table to ``stored`` parcels with SQL copies shifted north (0.1 degree per copy)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM parcels_parcel")
        have = cursor.fetchone()[0]
        copy = 1
        while have < stored:
            cursor.execute(
                """
                INSERT INTO parcels_parcel (id, created_at, updated_at, version, begin_lifespan, end_lifespan, number,
                  village_id, geometry, land_use, area_m2, area_srid, official_area_m2, survey_method, accuracy_m,
                  local_name, source_id, created_by_id)
                SELECT gen_random_uuid(), created_at, updated_at, 1, begin_lifespan, NULL, number || '-c' || %s,
                  village_id, ST_Translate(geometry, 0, %s), land_use, area_m2, area_srid, official_area_m2,
                  survey_method, accuracy_m, local_name, '', NULL
                FROM parcels_parcel WHERE number NOT LIKE '%%-c%%' ORDER BY number LIMIT %s
                """,
                [copy, 0.1 * copy, stored - have],
            )
            have += cursor.rowcount
            copy += 1
        cursor.execute("ANALYZE parcels_parcel")
    return have


def bench_record(village, geoms, records, stored):
    from landreg.parcels.services import parcel_record

    # New claims drawn over the first copy: each overlaps, touches or nears stored parcels.
    probes = shapely.transform(geoms[:records], lambda c: c + [0.00002, 0.00001])
    times = []
    for g in probes:
        start = time.perf_counter()
        parcel = parcel_record(
            village=village,
            geometry=GEOSGeometry(memoryview(shapely.to_wkb(g)), srid=4326),
            survey_method="gps",
        )
        assert parcel.neighbours is not None  # parcel_record found them from the same read
        times.append((time.perf_counter() - start) * 1000)
    p95 = float(np.percentile(times, 95))
    ref = []
    with connection.cursor() as cursor:
        for g in probes[:100]:
            start = time.perf_counter()
            cursor.execute(
                "SELECT id FROM parcels_parcel WHERE geometry && ST_GeomFromText(%s, 4326) "
                "AND ST_Intersects(geometry, ST_GeomFromText(%s, 4326))",
                [shapely.to_wkt(g), shapely.to_wkt(g)],
            )
            cursor.fetchall()
            ref.append((time.perf_counter() - start) * 1000)
    ref_med = statistics.median(ref)
    line(
        f"record one parcel, {stored:,} stored: p95",
        p95,
        "ms",
        ref_med,
        "raw GiST overlap query (median)",
        p95 / 20,
        "p95 < 20 ms",
    )
    print(f"    (median {statistics.median(times):.1f} ms; ratio column is p95 / 20 ms budget)")


def bench_geojson(client):
    from landreg.parcels.models import Parcel

    ids = list(
        Parcel.objects.filter(end_lifespan__isnull=True)
        .order_by("number")
        .values_list("id", flat=True)[:1000]
    )
    sql = (
        "SELECT json_agg(json_build_object('type','Feature','id',p.id,'geometry',ST_AsGeoJSON(p.geometry)::json,"
        "'properties',json_build_object('number',p.number,'land_use',p.land_use,'area_m2',p.area_m2)) ORDER BY p.number)"
        " FROM (SELECT * FROM parcels_parcel WHERE end_lifespan IS NULL ORDER BY number LIMIT 1000) p"
    )
    ours, ref = [], []
    for _ in range(7):
        start = time.perf_counter()
        body = client.get("/api/v1/parcels/", {"page_size": 1000, "current": "true"}).content
        ours.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql)
            cursor.fetchone()
        ref.append((time.perf_counter() - start) * 1000)
    assert len(json.loads(body)["features"]) == len(ids) == 1000
    o, r = statistics.median(ours), statistics.median(ref)
    line("GeoJSON of 1,000 parcels from the API", o, "ms", r, "PostGIS json_agg(ST_AsGeoJSON)", o / r, "<= 2")


def bench_geojson_bbox(client):
    """The realistic request (a map or app asks for a box): the count is then over the box only."""
    from django.contrib.gis.db.models import Extent
    from django.contrib.gis.geos import Polygon

    from landreg.parcels.models import Parcel

    box = Parcel.objects.filter(number__lte="BENCH-V-01000", number__gte="BENCH-V-00001").aggregate(
        e=Extent("geometry")
    )["e"]
    bbox = ",".join(f"{v:.9f}" for v in box)
    sql = (
        "SELECT json_agg(json_build_object('type','Feature','id',p.id,'geometry',ST_AsGeoJSON(p.geometry)::json,"
        "'properties',json_build_object('number',p.number,'land_use',p.land_use,'area_m2',p.area_m2)) ORDER BY p.number)"
        " FROM (SELECT * FROM parcels_parcel WHERE end_lifespan IS NULL AND geometry && ST_MakeEnvelope(%s,%s,%s,%s,4326)"
        " AND ST_Intersects(geometry, ST_MakeEnvelope(%s,%s,%s,%s,4326)) ORDER BY number LIMIT 1000) p"
    )
    ours, ref = [], []
    for _ in range(7):
        start = time.perf_counter()
        body = client.get("/api/v1/parcels/", {"page_size": 1000, "current": "true", "bbox": bbox}).content
        ours.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, [*box, *box])
            cursor.fetchone()
        ref.append((time.perf_counter() - start) * 1000)
    page = json.loads(body)
    assert len(page["features"]) == 1000
    in_box = Parcel.objects.filter(
        end_lifespan__isnull=True, geometry__intersects=Polygon.from_bbox(box)
    ).count()
    o, r = statistics.median(ours), statistics.median(ref)
    line(
        f"GeoJSON of 1,000 parcels, bbox ({in_box:,} in box; count {page['count']})",
        o,
        "ms",
        r,
        "json_agg, same rows",
        o / r,
        "<= 2",
    )


def bench_tile(client, geoms):
    from landreg.tiles.mvt import POSTGIS_SQL

    c = shapely.centroid(shapely.union_all(geoms[:50]))
    z = 14
    n = 2**z
    x = int((c.x + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(c.y))) / math.pi) / 2 * n)
    raw = (
        "SELECT ST_AsMVT(t, 'parcels') FROM (SELECT id, number, "
        "ST_AsMVTGeom(ST_Transform(geometry, 3857), ST_TileEnvelope(%s,%s,%s)) AS geom FROM parcels_parcel "
        "WHERE geometry && ST_Transform(ST_TileEnvelope(%s,%s,%s), 4326)) t"
    )
    ours, ref = [], []
    assert "scope" in POSTGIS_SQL
    for _ in range(9):
        start = time.perf_counter()
        body = client.get(f"/tiles/parcels/{z}/{x}/{y}.mvt").content
        ours.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(raw, [z, x, y, z, x, y])
            cursor.fetchone()
        ref.append((time.perf_counter() - start) * 1000)
    o, r = statistics.median(ours), statistics.median(ref)
    line(f"z14 tile ({len(body):,} bytes)", o, "ms", r, "raw ST_AsMVT, same tile", o / r, "<= 1.5")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=100_000)
    parser.add_argument("--stored", type=int, default=1_000_000)
    parser.add_argument("--records", type=int, default=200)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the parcels of a previous run (API and tile only)"
    )
    args = parser.parse_args(argv)
    if connection.vendor != "postgresql":
        print("bench_spatial needs PostGIS (set DATABASE_URL); skipped.")
        return 0
    print(
        f"machine: {os.cpu_count()} CPU(s), shared with other work; database {settings.DATABASES['default']['NAME']}"
    )
    call_command("migrate", verbosity=0)
    geoms, _features = french_geoms()
    if not args.reuse:
        reset()
        village = territory()
        with tempfile.TemporaryDirectory() as tmp:
            bench_import(village, geoms, args.parcels, Path(tmp))
        stored = fill_to(args.stored)
        bench_record(village, geoms, args.records, stored)
    from landreg.accounts.models import User

    admin = User.objects.filter(username="bench-admin").first() or User.objects.create_superuser(
        "bench-admin", "", "x"
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    bench_geojson(client)
    bench_geojson_bbox(client)
    bench_tile(client, geoms)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
