"""Statistics benchmark (issue 13): the statistics page of a commune of 100,000 parcels, on SpatiaLite or PostGIS.

    .venv/bin/python bench/bench_statistics.py [--parcels 100000]        # SpatiaLite (in memory)
    DATABASE_URL=postgis://postgres@127.0.0.1:5432/landreg_bench .venv/bin/python bench/bench_statistics.py

A throw-away test database (``test_<name>``) is filled in SQL (INSERT … SELECT over a series of numbers:
generate_series on PostgreSQL, a recursive CTE on SQLite; the few expressions that differ are written by the
``sql_*`` helpers) with a commune
of --parcels parcels in villages of 1,000: one primary right each (six in ten held alone, two jointly, two
by a family of three members, 40 % women), a grazing right on one parcel in ten, a claim per parcel walked
through its seven moves over three years, certificates for four claims in five, disputes; and a second
commune of a tenth of the size that must not be counted.

Measured in the same run, each the best of --repeat:
1. the database time of the page /statistics/ for the commune and the last twelve months (every query the
   request runs, timed at the cursor), and the page's whole time;
2. the reference: bare aggregate queries written by hand in SQL for the same figures (the floor any page
   pays), with the ratio. Target: the page's database time under one second.
"""

import argparse
import os
import re
import sys
import time
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("LANDREG_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "landreg.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

VILLAGE_SIZE = 1_000
DAYS = 3 * 365  # claims lodged over the last three years
# The seven moves of a claim approved through the generic procedure, with the days after lodging.
MOVES = [
    ("submit", "draft", "submitted", 0),
    ("screening_start", "submitted", "screening", 3),
    ("screening_accept", "screening", "public_notice", 5),
    ("notice_close", "public_notice", "site_verification", 36),
    ("site_verification_close", "site_verification", "committee_validation", 50),
    ("committee_validate", "committee_validation", "authority_approval", 64),
    ("authority_approve", "authority_approval", "ready_for_certificate", 80),
]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--parcels", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--verbose", action="store_true", help="print the page's five slowest queries")
    parser.add_argument("--keep", action="store_true", help="keep the test database (to EXPLAIN its queries)")
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args)
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def insert_select(
    model, first: int, last: int, columns: dict[str, str], params: dict | None = None, where: str = ""
) -> None:
    """INSERT INTO the model's table one row per i in first..last (where ``where`` holds), each column from
    ``columns`` (SQL over i, with %(name)s parameters from ``params``) or else the field's default, so a column
    added later to a model needs no change here."""
    names, values = [], []
    params = dict(params or {}, first=first, last=last)
    for field in model._meta.concrete_fields:
        if field.column in columns:
            names.append(field.column)
            values.append(_modulo(columns[field.column]))
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            names.append(field.column)
            values.append(_modulo(sql_days_ago("0")))
        elif field.primary_key and field.get_internal_type() in ("AutoField", "BigAutoField"):
            continue
        else:
            default = field.get_default()
            if default is None and not field.null:
                raise SystemExit(f"{model.__name__}.{field.name}: no value and no default")
            names.append(field.column)
            values.append(f"%(default_{field.column})s")
            params[f"default_{field.column}"] = field.get_db_prep_save(default, connection)
    rows = ", ".join(values)
    where = f" WHERE {_modulo(where)}" if where else ""
    table = f"INSERT INTO {model._meta.db_table} ({', '.join(names)}) "
    if POSTGRES():
        sql = f"{table}SELECT {rows} FROM generate_series(%(first)s, %(last)s) AS i{where}"
    else:
        sql = (
            f"{table}WITH RECURSIVE series(i) AS (SELECT %(first)s UNION ALL SELECT i + 1 FROM series "
            f"WHERE i < %(last)s) SELECT {rows} FROM series{where}"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _modulo(sql: str) -> str:
    """SQL's modulo written i % 10 here: doubled, since %(name)s marks the parameters."""
    return re.sub(r"%(?!\()", "%%", sql)


def POSTGRES() -> bool:  # noqa: N802 - read as a constant, once Django is set up
    return connection.vendor == "postgresql"


UID_KINDS = [
    "parcel",
    "person-a",
    "person-b",
    "person-c",
    "family",
    "right",
    "grazing",
    "claim",
    "certificate",
    "case",
]


def uid(kind: str, expression: str = "i") -> str:
    """A deterministic UUID per row, so tables refer to each other without reading ids back; scattered as
    uuid4's are (an md5 on PostgreSQL; on SQLite, where Django keeps 32 hexadecimal digits and there is no
    md5, the row's number times an odd constant modulo 2^32, a permutation, then the kind and the row)."""
    if POSTGRES():
        return f"md5('{kind}-' || {expression})::uuid"
    k = UID_KINDS.index(kind) + 1
    return f"printf('%08x%08x%016x', ({expression}) * 2654435761 % 4294967296, {k}, {expression})"


def sql_days_ago(days: str) -> str:
    """The moment ``days`` (SQL, may be negative) days before now, as each database stores a datetime."""
    if POSTGRES():
        return f"(now() - (({days}) || ' days')::interval)"
    return f"strftime('%Y-%m-%d %H:%M:%f', 'now', (-({days})) || ' days')"


def sql_date(moment: str) -> str:
    return f"({moment})::date" if POSTGRES() else f"date({moment})"


def sql_hex(expression: str) -> str:
    """64 hexadecimal digits (the audit chain's hash columns) from a number."""
    if POSTGRES():
        return f"lpad(to_hex({expression}), 64, '0')"
    return f"printf('%064x', {expression})"


def sql_square() -> str:
    """A square of 0.0009 degrees per row, 300 to a line of latitude."""
    corners = (
        "-1.5 + (i % 300) * 0.001, 12 + (i / 300) * 0.001, "
        "-1.5 + (i % 300) * 0.001 + 0.0009, 12 + (i / 300) * 0.001 + 0.0009, 4326"
    )
    return f"ST_MakeEnvelope({corners})" if POSTGRES() else f"BuildMbr({corners})"


def sql_pick(index: str, values: list[str]) -> str:
    """The ``index``-th (from 1) of fixed words, as a CASE (no arrays in SQLite)."""
    cases = " ".join(f"WHEN {n} THEN '{value}'" for n, value in enumerate(values, start=1))
    return f"CASE {index} {cases} END"


def fill(n: int, commune_code: str, region, offset: int, agent_id: int):
    """A commune of n parcels (rows offset+1 … offset+n) with everything the statistics count."""
    from landreg.adjudication.models import Claim, ClaimEvent, ProcedureProfile
    from landreg.adjudication.profiles import profile_assign
    from landreg.audit.models import AuditEvent
    from landreg.certificates.models import Certificate, CertificateSeries
    from landreg.disputes.models import DisputeCase
    from landreg.parcels.models import Parcel
    from landreg.parties.models import GroupMembership, Party
    from landreg.rights.models import Right, RightHolder
    from landreg.territory.models import UnitLevel
    from landreg.territory.services import unit_create

    commune = unit_create(
        level=UnitLevel.COMMUNE, code=commune_code, name=f"Commune {commune_code}", parent=region
    )
    profile_assign(commune=commune, profile=ProcedureProfile.objects.get(code="generic"))
    for v in range((n + VILLAGE_SIZE - 1) // VILLAGE_SIZE):
        unit_create(level=UnitLevel.VILLAGE, code=f"{commune_code}-{v}", name=f"Village {v}", parent=commune)
    first, last = offset + 1, offset + n
    params = {"agent": agent_id, "code": commune_code}
    kinds = ["boundary", "ownership", "inheritance", "secondary_right", "double_claim", "other"]
    statuses = [
        "open",
        "conciliation",
        "conciliated",
        "not_conciliated",
        "in_court",
        "decided",
        "closed",
        "withdrawn",
    ]
    village_of = (
        "(SELECT v.id FROM territory_administrativeunit v "
        f"WHERE v.code = %(code)s || '-' || ((i - {first}) / {VILLAGE_SIZE}))"
    )
    lodged_days = f"(i % {DAYS}) + 81"  # days between lodging and now

    def lodged(after: int = 0) -> str:
        return sql_days_ago(f"{lodged_days} - ({after})")

    kind = "(i % 10)"  # 0-5 alone, 6-7 joint, 8-9 a family of three
    square = sql_square()

    def insert(model, columns, where=""):
        insert_select(model, first, last, columns, params, where)

    insert(
        Parcel,
        {
            "id": uid("parcel"),
            "number": "%(code)s || '-' || i",
            "geometry": square,
            "area_m2": "8100 + (i % 50) * 100",
            "area_srid": "32630",
            "survey_method": "'gps'",
            "village_id": village_of,
        },
    )
    person = {"kind": "'natural'", "first_names": "'Ɛlisabɛt'", "village_id": village_of}
    # Person a of every parcel (alone, first of a pair, or first member); b and c where the holding needs them.
    women = {"a": "i % 5 < 2", "b": "i % 3 = 0", "c": "i % 2 = 0"}
    for tag, where in (("a", ""), ("b", f"{kind} >= 6"), ("c", f"{kind} >= 8")):
        sex = f"CASE WHEN {women[tag]} THEN 'F' ELSE 'M' END"
        insert(
            Party,
            {**person, "id": uid(f"person-{tag}"), "last_name": f"'Ŋaba {tag}' || i", "sex": sex},
            where,
        )
    insert(
        Party,
        {
            "id": uid("family"),
            "kind": "'group'",
            "name": "'Famille Ɓaŋɔ ' || i",
            "group_type": "'family'",
            "village_id": village_of,
        },
        f"{kind} >= 8",
    )
    insert(
        Right,
        {
            "id": uid("right"),
            "parcel_id": uid("parcel"),
            "right_type_id": "CASE WHEN i % 7 = 0 THEN 'ownership' ELSE 'customaryType' END",
            "tenure_system": "CASE WHEN i % 7 = 0 THEN 'formal' ELSE 'customary' END",
            "legal_basis": "'Loi 034-2009/AN'",
            "begin_lifespan": lodged(80),
        },
    )
    insert(
        Right,
        {
            "id": uid("grazing"),
            "parcel_id": uid("parcel"),
            "right_type_id": "'grazing'",
            "tenure_system": "'customary'",
            "legal_basis": "'Coutume'",
        },
        "i % 10 = 0",
    )
    first_holder = f"CASE WHEN {kind} >= 8 THEN {uid('family')} ELSE {uid('person-a')} END"
    half = f"CASE WHEN {kind} IN (6, 7) THEN 2 ELSE 1 END"
    holding = {"right_id": uid("right"), "share_numerator": "1"}
    insert(RightHolder, {**holding, "party_id": first_holder, "share_denominator": half})
    insert(
        RightHolder, {**holding, "party_id": uid("person-b"), "share_denominator": "2"}, f"{kind} IN (6, 7)"
    )
    insert(RightHolder, {"right_id": uid("grazing"), "party_id": uid("person-a")}, "i % 10 = 0")
    for tag in "abc":
        insert(
            GroupMembership,
            {
                "group_id": uid("family"),
                "member_id": uid(f"person-{tag}"),
                "share_numerator": "1",
                "share_denominator": "3",
                "is_mandatary": "true" if tag == "a" else "false",
                "begin_lifespan": sql_days_ago("1826"),
            },
            f"{kind} >= 8",
        )
    # Claims: one per parcel, approved; one in twenty still in the procedure at some step.
    stop = "CASE WHEN i % 20 = 0 THEN 1 + (i / 20) % 6 ELSE 7 END"  # how many moves the claim made
    insert(
        Claim,
        {
            "id": uid("claim"),
            "village_id": village_of,
            "profile_id": "'generic'",
            "state": sql_pick(stop, [to for _, _, to, _ in MOVES]),
            "receipt_number": "'R-' || %(code)s || '-' || i",
            "parcel_number": "%(code)s || '-' || i",
            "geometry": square,
            "right_type_id": "'customaryType'",
            "created_by_id": "%(agent)s",
            "created_at": lodged(-2),
            "parcel_id": uid("parcel"),
        },
    )
    for number, (move, before, after, day) in enumerate(MOVES, start=1):
        seq = f"(i * 10 + {number})"
        insert(
            AuditEvent,
            {
                "seq": seq,
                "occurred_at": lodged(day),
                "action": f"'claim.{move}'",
                "object_type": "'claim'",
                "object_id": "CAST(i AS TEXT)",
                "prev_hash": sql_hex(f"{seq} - 1"),
                "hash": sql_hex(seq),
            },
            f"{stop} >= {number}",
        )
        insert(
            ClaimEvent,
            {
                "claim_id": uid("claim"),
                "move": f"'{move}'",
                "from_state": f"'{before}'",
                "to_state": f"'{after}'",
                "actor_id": "%(agent)s",
                "occurred_at": lodged(day),
                "audit_event_id": f"(SELECT a.id FROM audit_auditevent a WHERE a.seq = {seq})",
            },
            f"{stop} >= {number}",
        )
    series = CertificateSeries.objects.create(commune=commune, pattern="{commune}-{seq:05d}")
    insert(
        Certificate,
        {
            "id": uid("certificate"),
            "number": "'APFR-' || %(code)s || '-' || i",
            "series_id": str(series.pk),
            "sequence": "i",
            "parcel_id": uid("parcel"),
            "right_id": uid("right"),
            "village_id": village_of,
            "issued_at": lodged(95),
            "issue_date": sql_date(lodged(95)),
            "legal_basis": "'Loi 034-2009/AN'",
            "content": "'{}'" if not POSTGRES() else "'{}'::jsonb",
            "claim_id": uid("claim"),
        },
        "i % 5 <> 0 AND i % 20 <> 0",
    )
    insert(
        DisputeCase,
        {
            "id": uid("case"),
            "number": "'LIT-' || %(code)s || '-' || i",
            "village_id": village_of,
            "kind": sql_pick("(i % 6) + 1", kinds),
            "origin": "CASE WHEN i % 3 = 0 THEN 'objection' ELSE 'direct' END",
            "subject": "'Limite contestée'",
            "status": sql_pick("(i / 50 % 8) + 1", statuses),
            "opened_at": sql_days_ago(f"i % {DAYS}"),
            "closed_at": f"CASE WHEN (i / 50 % 8) IN (2, 5, 6, 7) THEN {sql_days_ago(f'(i % {DAYS}) - (i % 90)')} END",
        },
        "i % 50 = 0",
    )
    return commune


def run(args):
    from django.test import Client

    from landreg.accounts.models import User
    from landreg.accounts.roles import Role
    from landreg.accounts.services import role_grant
    from landreg.territory.models import UnitLevel
    from landreg.territory.services import unit_create

    country = unit_create(level=UnitLevel.COUNTRY, code="BN", name="Bench")
    region = unit_create(level=UnitLevel.REGION, code="BN-R", name="Region", parent=country)
    agent = User.objects.create_user("agent").pk
    start = time.perf_counter()
    commune = fill(args.parcels, "BN-C", region, 0, agent)
    fill(max(args.parcels // 10, VILLAGE_SIZE), "BN-D", region, 10 * args.parcels, agent)
    print(f"filled in {time.perf_counter() - start:.0f} s: {counts()}", flush=True)
    # The moves were inserted in SQL: their previous move is set as the data migration sets it (timed, as the
    # migration's cost on a commune of this size).
    backfill = import_module(
        "landreg.adjudication.migrations.0019_claimevent_previous_at"
    ).BACKFILL_PREVIOUS_AT
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(backfill)
        # As autovacuum leaves a table some time after a bulk load: statistics for the planner, and the
        # visibility map that lets the covering indexes answer without reading the table.
        cursor.execute("VACUUM ANALYZE" if POSTGRES() else "ANALYZE")
    print(f"previous moves backfilled in {time.perf_counter() - start:.1f} s", flush=True)
    officer = User.objects.create_user("programme")
    role_grant(user=officer, role=Role.PROGRAMME_OFFICER, unit=commune)
    browser = Client()
    browser.force_login(officer)
    from landreg.statistics.forms import default_period

    period_start, period_end = default_period()
    url = f"/statistics/?commune=BN-C&start={period_start}&end={period_end}"

    page_db, page_total, queries = [], [], 0
    for _ in range(args.repeat):
        timer = QueryTimer()
        begin = time.perf_counter()
        with connection.execute_wrapper(timer):
            response = browser.get(url)
        page_total.append(time.perf_counter() - begin)
        assert response.status_code == 200, response.status_code
        page_db.append(timer.seconds)
        queries, slowest = timer.count, timer.slowest
    bare = [bare_queries(commune, period_start, period_end) for _ in range(args.repeat)]
    db, total, ref = min(page_db), min(page_total), min(bare)
    print(
        f"statistics page, commune of {args.parcels:,} parcels: database {db * 1000:.0f} ms "
        f"({queries} queries), whole page {total * 1000:.0f} ms | bare aggregate queries {ref * 1000:.0f} ms "
        f"| ratio {db / ref:.2f} (target: database under 1,000 ms)",
        flush=True,
    )
    if args.verbose:
        for spent, sql in slowest:
            print(f"  {spent * 1000:8.1f} ms  {sql[:300]}")


class QueryTimer:
    """Times every statement the request sends to the database."""

    def __init__(self):
        self.seconds, self.count, self.slowest = 0.0, 0, []

    def __call__(self, execute, sql, params, many, context):
        begin = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - begin
            self.seconds += spent
            self.count += 1
            self.slowest = sorted([*self.slowest, (spent, sql)], reverse=True)[:5]


def counts() -> str:
    with connection.cursor() as cursor:
        found = []
        for table in (
            "parcels_parcel",
            "rights_right",
            "rights_rightholder",
            "parties_party",
            "parties_groupmembership",
            "adjudication_claim",
            "adjudication_claimevent",
            "certificates_certificate",
            "disputes_disputecase",
        ):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names
            found.append(f"{table.split('_', 1)[1]} {cursor.fetchone()[0]:,}")
    return ", ".join(found)


def bare_queries(commune, start, end) -> float:
    """The same figures as hand-written aggregate SQL: what the database must do at the least."""
    from landreg.statistics.figures import analytic_queries

    villages = "SELECT id FROM territory_administrativeunit WHERE level = 4 AND path LIKE %(path)s"
    if POSTGRES():
        month = "date_trunc('month', {})".format
        days = "extract(epoch FROM {} - {}) / 86400".format
    else:
        month = "strftime('%%Y-%%m', {})".format
        days = "julianday({}) - julianday({})".format
    lodged_or_approved = (
        f"SELECT {month('e.occurred_at')}, c.village_id, count(*) FROM adjudication_claimevent e "
        f"JOIN adjudication_claim c ON c.id = e.claim_id WHERE c.village_id IN ({villages}) "
        "AND {} AND e.occurred_at >= %(start)s AND e.occurred_at < %(end)s GROUP BY 1, 2"
    )
    statements = [
        # claims lodged, approved; certificates issued, per month and per village
        lodged_or_approved.format("e.move = 'submit' AND e.from_state = 'draft'"),
        lodged_or_approved.format("e.to_state = 'ready_for_certificate'"),
        f"SELECT {month('issued_at')}, village_id, count(*) FROM certificates_certificate "
        f"WHERE village_id IN ({villages}) AND issued_at >= %(start)s AND issued_at < %(end)s GROUP BY 1, 2",
        f"SELECT village_id, state, count(*) FROM adjudication_claim WHERE village_id IN ({villages}) GROUP BY 1, 2",
        f"SELECT state, count(*) FROM adjudication_claim WHERE village_id IN ({villages}) "
        "AND created_at >= %(start)s AND created_at < %(end)s GROUP BY 1",
        # time in each step
        median_by_group(
            f"SELECT e.from_state AS grp, {days('e.occurred_at', 'e.previous_at')} AS days "
            f"FROM adjudication_claimevent e JOIN adjudication_claim c ON c.id = e.claim_id "
            f"WHERE e.previous_at IS NOT NULL AND c.village_id IN ({villages}) "
            f"AND e.occurred_at >= %(start)s AND e.occurred_at < %(end)s"
        ),
        # holders by sex: alone or joint, then members of the groups
        f"SELECT p.sex, n.holders = 1, h.share_numerator, h.share_denominator, count(*), sum(pa.area_m2) "
        f"FROM rights_rightholder h JOIN parties_party p ON p.id = h.party_id "
        f"JOIN (SELECT r.id, count(*) AS holders FROM rights_right r JOIN rights_rightholder x ON x.right_id = r.id "
        f"JOIN rights_righttype t ON t.code = r.right_type_id JOIN parcels_parcel pp ON pp.id = r.parcel_id "
        f"WHERE r.end_lifespan IS NULL AND NOT t.is_secondary AND t.kind = 'right' "
        f"AND pp.village_id IN ({villages}) GROUP BY r.id) n ON n.id = h.right_id "
        f"JOIN rights_right r ON r.id = h.right_id JOIN parcels_parcel pa ON pa.id = r.parcel_id "
        f"WHERE p.kind = 'natural' GROUP BY 1, 2, 3, 4",
        f"SELECT m.sex, g.share_numerator, g.share_denominator, h.share_numerator, h.share_denominator, "
        f"count(*), sum(pa.area_m2) FROM parties_groupmembership g JOIN parties_party m ON m.id = g.member_id "
        f"JOIN rights_rightholder h ON h.party_id = g.group_id JOIN rights_right r ON r.id = h.right_id "
        f"JOIN rights_righttype t ON t.code = r.right_type_id JOIN parcels_parcel pa ON pa.id = r.parcel_id "
        f"WHERE g.end_lifespan IS NULL AND r.end_lifespan IS NULL AND NOT t.is_secondary AND t.kind = 'right' "
        f"AND pa.village_id IN ({villages}) GROUP BY 1, 2, 3, 4, 5",
        # right types
        f"SELECT r.right_type_id, r.tenure_system, count(*), sum(p.area_m2) FROM rights_right r "
        f"JOIN parcels_parcel p ON p.id = r.parcel_id WHERE r.end_lifespan IS NULL "
        f"AND p.village_id IN ({villages}) GROUP BY 1, 2",
        # disputes by type and outcome, days to resolution
        f"SELECT kind, status, origin, count(*) FROM disputes_disputecase WHERE village_id IN ({villages}) "
        "AND opened_at >= %(start)s AND opened_at < %(end)s GROUP BY 1, 2, 3",
        median_by_group(
            f"SELECT kind || '/' || status AS grp, {days('closed_at', 'opened_at')} AS days "
            f"FROM disputes_disputecase WHERE village_id IN ({villages}) AND closed_at IS NOT NULL "
            "AND opened_at >= %(start)s AND opened_at < %(end)s"
        ),
    ]
    from landreg.statistics.durations import datetime_param
    from landreg.statistics.scope import Scope

    period = Scope(villages=None, start=start, end=end)
    values = {
        "path": commune.path + "%",
        "start": datetime_param(period.start_at),
        "end": datetime_param(period.end_at),
    }
    begin = time.perf_counter()
    # The same session settings as the page's (memory to sort in, no JIT), so only the queries differ.
    with analytic_queries(), connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql, values)
            cursor.fetchall()
    return time.perf_counter() - begin


def median_by_group(durations: str) -> str:
    """Count, median and longest of ``days`` per ``grp``: PostgreSQL's ordered-set aggregate; SQLite has none,
    so the two middle rows of each group, ranked by a window."""
    if POSTGRES():
        return (
            "SELECT grp, count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY days), max(days) "
            f"FROM ({durations}) d GROUP BY grp"
        )
    return (
        f"SELECT grp, max(n), avg(CASE WHEN pos IN ((n + 1) / 2, (n + 2) / 2) THEN days END), max(days) "
        f"FROM (SELECT grp, days, row_number() OVER (PARTITION BY grp ORDER BY days) AS pos, "
        f"count(*) OVER (PARTITION BY grp) AS n FROM ({durations}) d) ranked GROUP BY grp"
    )


if __name__ == "__main__":
    main()
