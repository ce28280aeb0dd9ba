"""Field capture (issue 12), each figure beside its same-run reference.

1. A sync batch of 1,000 parcels with claims (POST /api/v1/sync/, one batch: checks, village containment,
   overlap screening, the drafting service) against the bulk import of the same 1,000 parcels
   (import_parcels from a GeoJSON file): target at least half the import's rate.
2. ODK submissions: 100 parcel surveys with a photo each, posted to /collect/submission through the
whole Django stack (multipart parsing, HTTP Basic login, XML parsing, photo check and storage, the drafting
service), beside the same 100 drafts made by calling the service directly (claim_draft + the photo as a
source), in the same run, on the demo village's free land, in alternate rounds of 10 (best round of each).

Basic authentication hashes the password on every request (PBKDF2, as configured): shown apart, with the
posts repeated under a fast hasher, so the submission's own cost is visible.

The sync and the import are each timed on three batches (each on land of its own) and the best round of
each compared: on a shared machine one round alone can be slowed by other work by half or more.

Runs on a throw-away test database (SpatiaLite by default, or DATABASE_URL). `python bench/bench_collect.py
sync` (or `odk`) runs one part only.
"""

import base64
import datetime as dt
import io
import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "landreg.settings")
os.environ.setdefault("LANDREG_DEMO", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from landreg.collect.xforms import FORM_VERSION  # noqa: E402

N = 100
ROUNDS, ROUND_SPAN = 3, 1400  # sync and import each timed on 3 fresh batches; the best of each is compared
RELOGINS = 10  # posts without the session cookie, to show what a login on every request costs
ODK_ROUNDS = 10  # the 100 submissions and the 100 service drafts in alternate rounds of 10
JPEG = b"\xff\xd8\xff\xe0" + os.urandom(40_000)  # a phone photo's order of size


def geoshape(polygon) -> str:
    return ";".join(f"{lat} {lon} 300 3" for lon, lat in polygon.coords[0])


def survey(square, index) -> bytes:
    return (
        f'<?xml version="1.0"?><data id="landreg_parcel_SAB-C" version="{FORM_VERSION}"><village>SAB-C</village>'
        f"<local_name>Champ {index}</local_name><boundary>{geoshape(square)}</boundary>"
        "<survey_method>gps</survey_method>"
        "<right_type>customaryType</right_type><holding>individual</holding>"
        "<claimant><last_name>Ouédraogo</last_name><first_names>Ɓintou</first_names><sex>F</sex>"
        "<birth_date>1980-01-01</birth_date><id_document_type>national_id</id_document_type>"
        f"<id_document_number>B9{index:07d}</id_document_number></claimant>"
        "<photo_document>acte.jpg</photo_document>"
        f"<meta><instanceID>uuid:{uuid.uuid4()}</instanceID></meta></data>"
    ).encode()


def main():
    parts = set(sys.argv[1:]) or {"odk", "sync"}
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(parts)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(parts):
    from django.core.management import call_command

    from landreg.accounts.models import User
    from landreg.territory.models import AdministrativeUnit

    call_command("load_demo", quiet=True, stdout=io.StringIO())
    village = AdministrativeUnit.objects.get(code="SAB-C")
    agent = User.objects.get(username="agent_centre")
    if "odk" in parts:
        odk_against_service(agent, village)
    if "sync" in parts:
        sync_against_import(agent)


def odk_against_service(agent, village):
    from django.core.files.base import ContentFile
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from landreg.adjudication.claims.services import ClaimantInput, claim_attach_documents, claim_draft
    from landreg.adjudication.claims.spatial import claims_in_progress
    from landreg.adjudication.models import Claim
    from landreg.collect.models import Submission
    from landreg.demo.places import free_squares
    from landreg.documents.services import source_attach
    from landreg.parcels.models import Parcel

    # Free land: no recorded parcel of any village (free_squares sees the village's own) and no claim in
    # progress, since submissions are screened against both.
    squares = [
        square
        for square in free_squares(village, count=3 * N, side=20)
        if not Parcel.objects.current().filter(geometry__intersects=square).exists()
        and not claims_in_progress().filter(geometry__intersects=square).exists()
    ][: 2 * N + RELOGINS]
    assert len(squares) == 2 * N + RELOGINS, len(squares)

    def service(batch):
        for index, square in enumerate(batch):
            claim = claim_draft(
                actor=agent,
                village=village,
                geometry=square,
                right_type="customaryType",
                claimants=[ClaimantInput(last_name="Ouédraogo", first_names="Ɓintou", sex="F")],
                local_name=f"Champ {index}",
            )
            photo = source_attach(
                source_type="photo",
                document_date=dt.date.today(),
                village=village,
                file=ContentFile(JPEG, name="acte.jpg"),
                recorded_by=agent,
            )
            claim_attach_documents(claim=claim, actor=agent, documents=[photo])

    auth = {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(b"agent_centre:demo-landreg").decode()}

    def posts(batch, offset, client=None):
        for index, square in enumerate(batch):
            response = (client or Client()).post(
                "/collect/submission",
                {
                    "xml_submission_file": SimpleUploadedFile(
                        "s.xml", survey(square, offset + index), "text/xml"
                    ),
                    "acte.jpg": SimpleUploadedFile("acte.jpg", JPEG, "image/jpeg"),
                },
                **auth,
            )
            assert response.status_code == 201, response.content

    # Alternate rounds of each, so both see the same machine (others' work comes and goes): the best round
    # of each is compared. As ODK Collect does: one client keeping its cookies, credentials on every request.
    # The process's CPU time is shown too: far steadier than the wall clock on a loaded machine, and on
    # SpatiaLite it holds the database's work as well (on PostGIS the server's is not in it).
    client, size = Client(), N // ODK_ROUNDS
    references, figures, reference_cpu, figure_cpu = [], [], [], []
    for round_ in range(ODK_ROUNDS):
        start, cpu = time.perf_counter(), time.process_time()
        service(squares[round_ * size : (round_ + 1) * size])
        references.append((time.perf_counter() - start) / size)
        reference_cpu.append((time.process_time() - cpu) / size)
        start, cpu = time.perf_counter(), time.process_time()
        posts(squares[N + round_ * size : N + (round_ + 1) * size], N + round_ * size, client)
        figures.append((time.perf_counter() - start) / size)
        figure_cpu.append((time.process_time() - cpu) / size)
    reference, figure = min(references), min(figures)
    # A client without cookies: every request logs in again (PBKDF2), as before device sessions.
    start = time.perf_counter()
    posts(squares[2 * N :], 2 * N)
    relogin = (time.perf_counter() - start) / RELOGINS
    drafts = Submission.objects.filter(claim__isnull=False).count()
    held = Submission.objects.exclude(reasons=[]).values_list("reasons", flat=True)[:1]
    assert drafts == N + RELOGINS and Claim.objects.count() == 2 * N + RELOGINS, (drafts, list(held))
    print(
        f"rounds of {size}, ms per record: service {', '.join(f'{r * 1000:.1f}' for r in references)};"
        f" submission {', '.join(f'{f * 1000:.1f}' for f in figures)}"
    )
    print(
        f"ODK submission with a photo, per record, best round: {figure * 1000:.1f} ms"
        " (session cookie kept, as ODK Collect)"
    )
    print(f"  without the cookie, a PBKDF2 login on each request: {relogin * 1000:.1f} ms")
    print(f"reference, the same draft through the service, best round: {reference * 1000:.1f} ms")
    print(f"ratio (submission / service): {figure / reference:.2f}")
    print(
        f"CPU time of this process per record, best round: submission {min(figure_cpu) * 1000:.1f} ms,"
        f" service {min(reference_cpu) * 1000:.1f} ms, ratio {min(figure_cpu) / min(reference_cpu):.2f}"
    )


def sync_against_import(agent):
    import json
    import tempfile

    from django.contrib.gis.geos import MultiPolygon, Polygon
    from django.test import Client

    from landreg.accounts.roles import Role
    from landreg.accounts.services import role_grant
    from landreg.adjudication.models import Claim
    from landreg.core.geometry import to_srid
    from landreg.parcels.importing import import_parcels
    from landreg.parcels.models import Parcel
    from landreg.territory.models import AdministrativeUnit, UnitLevel
    from landreg.territory.services import unit_create

    region = AdministrativeUnit.objects.get(code="BF-DEMO")
    x0, y0 = 700_000, 1_300_000  # UTM 30N metres, in the demo commune's region
    width = ROUNDS * ROUND_SPAN
    ring = ((x0 - 100, y0 - 100), (x0 + width, y0 - 100), (x0 + width, y0 + 1400), (x0 - 100, y0 + 1400))
    limits = MultiPolygon(to_srid(Polygon((*ring, ring[0]), srid=32630), 4326))
    commune = unit_create(level=UnitLevel.COMMUNE, code="BENCH", name="Bench", parent=region, boundary=limits)
    villages = [
        unit_create(level=UnitLevel.VILLAGE, code=code, name=code, parent=commune, boundary=limits)
        for code in ("BENCH-SYNC", "BENCH-IMPORT")
    ]
    role_grant(user=agent, role=Role.FIELD_AGENT, unit=villages[0])
    client = Client()
    client.force_login(agent)
    # A running server has its URLs and views loaded: the first request of the process loads them (some
    # seconds, pyxform's import among them), which is not the sync's time.
    assert client.get("/api/v1/sync/?cursor=0").status_code == 200
    syncs, imports = [], []
    for round_ in range(ROUNDS):
        # Each round on land of its own: the sync's screening and the import's topology find nothing.
        squares = []
        for i in range(1000):
            x, y = x0 + round_ * ROUND_SPAN + (i % 32) * 40, y0 + (i // 32) * 40
            square = ((x, y), (x + 30, y), (x + 30, y + 30), (x, y + 30), (x, y))
            squares.append(to_srid(Polygon(square, srid=32630), 4326))
        records = [
            {
                "client_id": str(uuid.uuid4()),
                "claim": {
                    "village": "BENCH-SYNC",
                    "geometry": json.loads(square.geojson),
                    "claimants": [
                        {"last_name": "Ouédraogo", "first_names": "Ɓintou", "sex": "F", "share": "1"}
                    ],
                },
            }
            for square in squares
        ]
        start = time.perf_counter()
        response = client.post("/api/v1/sync/", {"records": records}, content_type="application/json")
        syncs.append(time.perf_counter() - start)
        results = [r["result"] for r in response.json()["results"]]
        assert results.count("created") == 1000, response.json()["results"][:2]
        with tempfile.NamedTemporaryFile("w", suffix=".geojson", delete=False) as handle:
            features = [
                {"type": "Feature", "properties": {"num": i}, "geometry": json.loads(s.geojson)}
                for i, s in enumerate(squares)
            ]
            json.dump({"type": "FeatureCollection", "features": features}, handle)
        start = time.perf_counter()
        import_parcels(path=handle.name, village=villages[1])
        imports.append(time.perf_counter() - start)
        os.unlink(handle.name)
    assert Parcel.objects.filter(village=villages[1]).count() == 1000 * ROUNDS
    assert Claim.objects.filter(village=villages[0]).count() == 1000 * ROUNDS
    sync_seconds, import_seconds = min(syncs), min(imports)
    print(f"sync batch of 1,000 claims, rounds: {', '.join(f'{s:.2f}' for s in syncs)} s")
    print(f"bulk import of the same 1,000 parcels, rounds: {', '.join(f'{s:.2f}' for s in imports)} s")
    print(f"sync, best round: {sync_seconds:.2f} s ({1000 / sync_seconds:.0f} records/s)")
    print(f"reference, import, best round: {import_seconds:.2f} s ({1000 / import_seconds:.0f} parcels/s)")
    print(f"ratio of rates (sync / import): {import_seconds / sync_seconds:.2f} (target >= 0.5)")


if __name__ == "__main__":
    main()
