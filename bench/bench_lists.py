"""The filtered parcel list over 100,000 parcels: the page beside the bare SQL of its own statements.

Issue 13: the filtered parcel list with 100,000 parcels, p95 at most 2x the bare SQL of the same query,
measured in the same run. The page (``/parcels/``: FilterSet, whitelisted sort, capped count, page of 50
with its holders and the page's parcels on the map) is requested through Django's test client as the
commune's registrar, its SQL captured once; the reference replays exactly those statements with their
parameters through a cursor and fetches every row, without the ORM, the template or the map's GeoJSON.

Data: the search benchmark's commune (``bench_search.build``: 20 villages, one person or a joint holding per
parcel, women and men drawn at random). `bench/bench_lists.py --parcels N --runs K`; SpatiaLite by default,
DATABASE_URL for PostGIS.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import open_database, percentile, replay, statements_of  # noqa: E402  (sets Django up)
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from landreg.core.gc_tuning import freeze_after_start  # noqa: E402

# What a registrar asks of the list: everything in order, one village's parcels held by women by size,
# the customary parcels held by women far down the pages.
LISTS = [
    "/parcels/",
    "/parcels/?village=BENCH-07&holder_sex=F&sort=-area",
    "/parcels/?holder_sex=F&right_type=customaryType&page=40",
]


def statements_of_page(client: Client, url: str):
    statements, response = statements_of(lambda: client.get(url))
    assert response.status_code == 200, (url, response.status_code)
    return statements, response


def measure(client: Client, url: str, runs: int):
    client.get(url)  # warms the caches both measurements then share
    statements, response = statements_of_page(client, url)
    page_times, sql_times = [], []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        page_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        replay(statements)
        sql_times.append(time.perf_counter() - start)
    p95_page, p95_sql = percentile(page_times, 0.95), percentile(sql_times, 0.95)
    rows = response.context["page"].rows if response.context else []
    print(
        f"{url}: {len(rows)} rows, {len(statements)} statements | "
        f"page p95 {p95_page * 1000:.1f} ms (median {statistics.median(page_times) * 1000:.1f}) | "
        f"bare SQL p95 {p95_sql * 1000:.1f} ms (median {statistics.median(sql_times) * 1000:.1f}) | "
        f"ratio {p95_page / p95_sql:.2f} (target <= 2)"
    )


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the test database (to EXPLAIN its queries) and reuse it next time",
    )
    args = parser.parse_args(argv)
    setup_test_environment(debug=False)  # as in production: no statement log, no template debug data
    old_name, registrar = open_database(args.reuse, args.parcels)
    freeze_after_start()  # as landreg/wsgi.py does in each server process
    try:
        print(f"machine: {os.cpu_count()} CPU(s), shared with other work; database: {connection.vendor}")
        client = Client()
        client.force_login(registrar)
        for url in LISTS:
            measure(client, url, args.runs)
    finally:
        if not args.reuse:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
