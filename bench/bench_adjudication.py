"""Adjudication figures, each beside a same-run reference, with the ratio.

1. Appending to the hash-chained audit history (head row lock + SHA-256) vs inserting the same rows
   directly (the chain's overhead).
2. ``verify_audit`` over the chain vs reading the same rows without checking them (the hashing cost).
3. The village notice board PDF for 40 claims under notice vs reportlab building the same table from plain
   strings (the cost of reading claims and computing areas).

Runs on a throw-away test database (SpatiaLite by default, or DATABASE_URL).
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "landreg.settings")
os.environ.setdefault("LANDREG_DEMO", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

N_EVENTS = 2000
N_CLAIMS = 40


def timed(function, repeat=1):
    start = time.perf_counter()
    for _ in range(repeat):
        result = function()
    return (time.perf_counter() - start) / repeat, result


def report(name, figure, reference, unit="ms"):
    print(
        f"{name}: {figure * 1000:.2f} {unit} | reference {reference * 1000:.2f} {unit}"
        f" | ratio {figure / reference:.2f}"
    )


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run():
    import datetime as dt

    from django.contrib.gis.geos import Polygon

    from landreg.accounts.models import User
    from landreg.accounts.roles import Role
    from landreg.accounts.services import role_grant
    from landreg.adjudication.claims import transitions as t
    from landreg.adjudication.claims.services import ClaimantInput, claim_attach_documents, claim_draft
    from landreg.adjudication.models import ProcedureProfile
    from landreg.adjudication.notice.boards import NoticeRow, _build, notice_board_pdf
    from landreg.adjudication.profiles import profile_assign
    from landreg.adjudication.selectors import claims_on_notice
    from landreg.audit.models import AuditEvent
    from landreg.audit.services import audit_record, audit_verify
    from landreg.core import clock
    from landreg.core.geometry import to_srid
    from landreg.documents.services import source_attach
    from landreg.territory.models import UnitLevel
    from landreg.territory.services import unit_create

    # 1. append
    chained, _ = timed(
        lambda: [audit_record(action="bench", object_type="bench", object_id=str(i)) for i in range(N_EVENTS)]
    )
    plain, _ = timed(
        lambda: [
            AuditEvent.objects.create(
                seq=10_000_000 + i,
                occurred_at=clock.now(),
                action="bench.plain",
                object_type="bench",
                object_id=str(i),
                prev_hash="-",
                hash=f"plain-{i}",
            )
            for i in range(N_EVENTS)
        ]
    )
    report(f"audit append, per event ({N_EVENTS} events)", chained / N_EVENTS, plain / N_EVENTS)
    # Remove the reference rows so the chain verifies (raw SQL: the model refuses deletions).
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE action = 'bench.plain'")

    # 2. verify
    verify, (checked, broken) = timed(audit_verify)
    assert broken is None and checked == N_EVENTS, (checked, broken)
    read, _ = timed(lambda: list(AuditEvent.objects.order_by("seq").iterator(chunk_size=2000)))
    report(
        f"verify_audit, per 1,000 events ({checked} events)", verify / checked * 1000, read / checked * 1000
    )

    # 3. notice board
    country = unit_create(level=UnitLevel.COUNTRY, code="BN", name="Bench")
    region = unit_create(level=UnitLevel.REGION, code="BN-R", name="R", parent=country)
    commune = unit_create(level=UnitLevel.COMMUNE, code="BN-C", name="Commune", parent=region)
    village = unit_create(level=UnitLevel.VILLAGE, code="BN-V", name="Village", parent=commune)
    profile_assign(commune=commune, profile=ProcedureProfile.objects.get(code="generic"))
    agent, registrar = User.objects.create_user("agent"), User.objects.create_user("registrar")
    role_grant(user=agent, role=Role.FIELD_AGENT, unit=village)
    role_grant(user=registrar, role=Role.REGISTRAR, unit=commune)

    def square(i):
        x, y = 500_000 + (i % 10) * 200, 1_350_000 + (i // 10) * 200
        return to_srid(
            Polygon(((x, y), (x + 100, y), (x + 100, y + 100), (x, y + 100), (x, y)), srid=32630), 4326
        )

    def lodge(i):
        claim = claim_draft(
            actor=agent,
            village=village,
            geometry=square(i),
            right_type="customaryType",
            claimants=[ClaimantInput(last_name=f"Nom{i}", first_names="Prénom", sex="F")],
            local_name=f"Lieu {i}",
        )
        form = source_attach(source_type="application_form", document_date=clock.today(), village=village)
        claim_attach_documents(claim=claim, actor=agent, documents=[form])
        t.claim_submit(claim=claim, actor=agent)
        t.screening_start(claim=claim, actor=registrar)
        return t.screening_accept(claim=claim, actor=registrar)

    lifecycle, _ = timed(lambda: [lodge(i) for i in range(N_CLAIMS)])
    print(
        "claim from draft to public notice (5 moves, overlap check): "
        f"{lifecycle / N_CLAIMS * 1000:.2f} ms per claim"
    )
    today = clock.today()
    board, pdf = timed(
        lambda: notice_board_pdf(village=village, claims=claims_on_notice(village, today), today=today), 5
    )
    assert pdf.startswith(b"%PDF")
    rows = [
        NoticeRow(
            f"R-BN-V-2030-{i:05d}",
            "première immatriculation",
            f"BN-V-{i:05d}",
            f"Lieu {i}",
            "1 ha 00 a 00 ca",
            f"NOM{i} Prénom",
            today,
            today + dt.timedelta(days=30),
        )
        for i in range(N_CLAIMS)
    ]
    reference, _ = timed(lambda: _build(village, rows, today), 5)
    report(f"notice board PDF ({N_CLAIMS} claims)", board, reference)


if __name__ == "__main__":
    main()
