"""Search by holder name over 100,000 parcels: the header's search beside the bare SQL of the same query.

Issue 13: p95 of the search by holder name with 100,000 parcels at most 2x the bare SQL of the same query,
measured in the same run. The search (``landreg.web.search.views.search``: parcels, claims, certificates and
people, each list and its count, scoped to a registrar of the commune; reading the user's permissions as a
GET request does) runs once with its SQL captured; the
reference replays exactly those statements with their parameters through a cursor and fetches every row,
without the ORM. Queries: a name as written, a misspelt one and one with an open letter typed plain.

Data: one commune of 20 villages, 100,000 parcels each with a current right, held by one person (one in
ten by two, a joint holding), people named from common Burkinabè names; written with bulk_create, search
columns computed as ``Party.save`` computes them. Runs on a throw-away test database (SpatiaLite by
default, or DATABASE_URL for PostGIS). `bench/bench_search.py --parcels N --runs K`.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "landreg.settings")
os.environ.setdefault("LANDREG_DEMO", "1")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from landreg.core.db import planner_statistics  # noqa: E402
from landreg.core.gc_tuning import freeze_after_start  # noqa: E402

SURNAMES = [
    "Ouédraogo", "Sawadogo", "Kaboré", "Compaoré", "Zongo", "Traoré", "Kɔnɛ", "Ouattara", "Diallo",
    "Coulibaly", "Sanou", "Tiendrébéogo", "Nikiéma", "Yaméogo", "Ilboudo", "Bationo", "Somé", "Dabiré",
    "Kambou", "Zoungrana", "Bamogo", "Tapsoba", "Konaté", "Sankara", "Barry", "Sidibé", "Cissé", "Dicko",
    "Nana", "Zida", "Ɓoukary", "Kinda", "Belem", "Guiro", "Tall", "Bangré", "Kiendrébéogo", "Soré", "Dera",
    "Pafadnam",
]  # fmt: skip
FIRST_NAMES = [
    "Aminata", "Salif", "Awa", "Issa", "Mariam", "Boukary", "Fatimata", "Adama", "Rasmata", "Ousmane",
    "Safiatou", "Moussa", "Ŋaba", "Bintou", "Hamidou", "Kadiatou", "Seydou", "Rakiéta", "Abdoulaye", "Assétou",
]  # fmt: skip
# A full name as written, misspelt, with an open letter typed plain; and a common surname alone (2,750 people).
QUERIES = ["Ouédraogo Aminata", "Wedrago Aminata", "Kone Ngaba", "Sawadogo"]
VILLAGES = 20
STEP = 0.001  # degrees between parcel corners, about 110 m


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def build(n_parcels: int):
    from django.contrib.gis.geos import Polygon

    from landreg.accounts.models import User
    from landreg.accounts.roles import Role
    from landreg.accounts.services import role_grant
    from landreg.parcels.models import Parcel
    from landreg.parties.models import Party, PartyKind, Sex, search_columns
    from landreg.rights.models import Right, RightHolder
    from landreg.territory.models import UnitLevel
    from landreg.territory.services import unit_create

    rng = random.Random(13)
    country = unit_create(level=UnitLevel.COUNTRY, code="BF", name="Burkina Faso")
    region = unit_create(level=UnitLevel.REGION, code="BF-PCL", name="Plateau-Central", parent=country)
    commune = unit_create(level=UnitLevel.COMMUNE, code="BENCH", name="Commune du banc", parent=region)
    villages = [
        unit_create(level=UnitLevel.VILLAGE, code=f"BENCH-{i:02d}", name=f"Village {i}", parent=commune)
        for i in range(VILLAGES)
    ]
    registrar = User.objects.create_user(username="bench-registrar", password="x")
    role_grant(user=registrar, role=Role.REGISTRAR, unit=commune)

    start = time.perf_counter()
    side = int(n_parcels**0.5) + 1
    people, parcels, rights, holders = [], [], [], []
    for i in range(n_parcels):
        village = villages[i % VILLAGES]
        owners = 2 if i % 10 == 0 else 1
        parcel_people = []
        for _ in range(owners):
            last, first = rng.choice(SURNAMES), rng.choice(FIRST_NAMES)
            person = Party(
                kind=PartyKind.NATURAL,
                village=village,
                last_name=last,
                first_names=first,
                sex=rng.choice([Sex.FEMALE, Sex.MALE]),
            )
            person.search_name, person.name_key = search_columns(last, first, "")
            people.append(person)
            parcel_people.append(person)
        x, y = -1.6 + (i % side) * STEP, 12.2 + (i // side) * STEP
        corner = STEP * 0.9
        parcel = Parcel(
            number=f"BENCH-{i:06d}",
            village=village,
            geometry=Polygon(((x, y), (x + corner, y), (x + corner, y + corner), (x, y + corner), (x, y))),
            area_m2=9801.0,
            area_srid=32630,
            survey_method="gps",
        )
        parcels.append(parcel)
        right = Right(
            parcel=parcel, right_type_id="customaryType", tenure_system="customary", legal_basis="Bench"
        )
        rights.append(right)
        for person in parcel_people:
            holders.append(
                RightHolder(right=right, party=person, share_numerator=1, share_denominator=owners)
            )
    Party.objects.bulk_create(people, batch_size=2000)
    Parcel.objects.bulk_create(parcels, batch_size=2000)
    for right in rights:
        right.parcel_id = right.parcel.pk
    Right.objects.bulk_create(rights, batch_size=2000)
    for holder in holders:
        holder.right_id, holder.party_id = holder.right.pk, holder.party.pk
    RightHolder.objects.bulk_create(holders, batch_size=2000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"data: {len(parcels)} parcels, {len(people)} people, {len(holders)} holdings in {VILLAGES} villages"
        f" ({time.perf_counter() - start:.0f} s to write)"
    )
    return registrar


def open_database(reuse: bool, n_parcels: int):
    """The throw-away test database with the bench's data: built anew, or with ``reuse`` the one a previous
    ``--reuse`` run left (3 minutes to write 100,000 parcels), if it holds as many parcels. Returns the old
    database name (to destroy it) and the registrar."""
    from landreg.accounts.models import User
    from landreg.parcels.models import Parcel

    if reuse and connection.vendor == "sqlite":  # the test database is in memory unless named
        connection.settings_dict["TEST"]["NAME"] = str(
            Path(__file__).resolve().parent.parent / "var/bench.sqlite3"
        )
    old_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=reuse, serialize=False
    )
    registrar = User.objects.filter(username="bench-registrar").first() if reuse else None
    if registrar is None or Parcel.objects.filter(number__startswith="BENCH-").count() != n_parcels:
        if registrar is not None:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        registrar = build(n_parcels)
    else:
        print(f"data: reused ({n_parcels} parcels)")
    # As a deployment's would be: its imports refresh them, so do autovacuum and (SQLite) the nightly task.
    planner_statistics.analyze()
    return old_name, registrar


def replay(statements):
    # In a transaction, as the search's own: its SET LOCAL (name_search.trigram_index_steered) applies.
    with transaction.atomic(), connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            if cursor.description is not None:  # a SET returns no rows
                cursor.fetchall()


def search_as_a_request(registrar, query: str):
    """The search as its page runs it: a GET reads the user's permissions on units once
    (accounts.selectors.ReadGrantsOnceMiddleware), and each process keeps them between GETs."""
    from landreg.accounts.selectors import grants_read_once
    from landreg.web.search.views import search

    with grants_read_once():
        return search(registrar, query)


def measure(registrar, query: str, runs: int):
    found = search_as_a_request(registrar, query)  # warms the caches both measurements then share
    statements = statements_of_search(registrar, query)
    search_times, sql_times = [], []
    for _ in range(runs):
        start = time.perf_counter()
        search_as_a_request(registrar, query)
        search_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        replay(statements)
        sql_times.append(time.perf_counter() - start)
    p95_search, p95_sql = percentile(search_times, 0.95), percentile(sql_times, 0.95)
    print(
        f"search «{query}»: {found['parcels'].count} parcels, {found['people'].count} people | "
        f"p95 {p95_search * 1000:.1f} ms (median {statistics.median(search_times) * 1000:.1f}) | "
        f"bare SQL p95 {p95_sql * 1000:.1f} ms (median {statistics.median(sql_times) * 1000:.1f}) | "
        f"ratio {p95_search / p95_sql:.2f} (target <= 2)"
    )


def statements_of(call):
    """Each statement ``call()`` sends, with its parameters, as the driver receives them; and its result."""
    statements = []

    def keep(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        result = call()
    return statements, result


def statements_of_search(registrar, query):
    return statements_of(lambda: search_as_a_request(registrar, query))[0]


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="keep the test database and reuse it next time")
    args = parser.parse_args(argv)
    setup_test_environment(debug=False)  # as in production: no statement log, no template debug data
    old_name, registrar = open_database(args.reuse, args.parcels)
    freeze_after_start()  # as landreg/wsgi.py does in each server process
    try:
        print(f"machine: {os.cpu_count()} CPU(s), shared with other work; database: {connection.vendor}")
        for query in QUERIES:
            measure(registrar, query, args.runs)
    finally:
        if not args.reuse:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
