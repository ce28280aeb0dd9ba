"""Certificates printed by a run before 0009 named no run (``Certificate.batch`` empty), so the signing page
narrowed to a run (« Signer ce lot ») missed them. The run named itself on each print it made: its print event's
reason is « batch <run id> » (certificates.models.BATCH_MARKER). The run that printed a certificate first is
the one its first print event names; a certificate first printed at the counter keeps no run.

Only empty ``batch`` fields are written, so running it again changes nothing. The run is not part of the
certificate row's hash (certificates 0009): filling it in reads as no edit in ``verify_audit``."""

import uuid
from collections import defaultdict

from django.db import migrations

BATCH_MARKER = "batch "  # certificates.models.BATCH_MARKER as it was written then
CHUNK = 500  # ids a statement, below SQLite's limit of parameters


def _run_named(reason: str) -> uuid.UUID | None:
    if not reason.startswith(BATCH_MARKER):
        return None
    try:
        return uuid.UUID(reason.removeprefix(BATCH_MARKER))
    except ValueError:
        return None


def backfill_batches(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    CertificateEvent = apps.get_model("certificates", "CertificateEvent")
    CertificateBatch = apps.get_model("certificates", "CertificateBatch")
    first_print: dict = {}  # certificate id -> the reason of its first print event
    events = (
        CertificateEvent.objects.filter(kind="printed", certificate__batch__isnull=True)
        .order_by("at", "id")
        .values_list("certificate_id", "reason")
    )
    for certificate_id, reason in events.iterator(chunk_size=2000):
        first_print.setdefault(certificate_id, reason)
    by_run = defaultdict(list)
    for certificate_id, reason in first_print.items():
        run = _run_named(reason)
        if run is not None:
            by_run[run].append(certificate_id)
    existing = set(CertificateBatch.objects.filter(pk__in=list(by_run)).values_list("pk", flat=True))
    for run, certificates in by_run.items():
        if run not in existing:  # a run's id that no longer names a run is left out, not guessed
            continue
        for start in range(0, len(certificates), CHUNK):
            chunk = certificates[start : start + CHUNK]
            Certificate.objects.filter(pk__in=chunk, batch__isnull=True).update(batch_id=run)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0009_certificate_batch"),
    ]

    operations = [
        migrations.RunPython(backfill_batches, migrations.RunPython.noop, elidable=True),
    ]
