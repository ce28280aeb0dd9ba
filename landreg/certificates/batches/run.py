"""Campaign printing: every certificate of a village or a commune in one PDF or one zip.

Restartable: issuing is idempotent (one certificate in force per right) and each certificate is issued and
marked printed in its own transaction, so a run that crashed is started again from the beginning and
reuses the numbers already taken. The output file is rebuilt under a temporary name and renamed at the end.
A zip is written one certificate at a time, so memory does not grow with the batch; one PDF keeps its
pages in memory until saved, which suits a village.
"""

import hashlib
import io
import zipfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from landreg.certificates.issuing.chain import certificate_event_chain
from landreg.certificates.issuing.services import certificate_issue, certificate_verify_url
from landreg.certificates.models import (
    BATCH_MARKER,
    BatchFormat,
    BatchStatus,
    Certificate,
    CertificateBatch,
    CertificateEvent,
    CertificateStatus,
    EventKind,
)
from landreg.certificates.papers.certificate import draw_pages, new_canvas, render_certificate, save_canvas
from landreg.core.background import jobs
from landreg.disputes.cases.freeze import frozen_rights_q
from landreg.rights.models import Right, RRRKind
from landreg.territory.models import AdministrativeUnit

PROGRESS_EVERY = 10


def batch_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "certificates" / "batches"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _marker(batch: CertificateBatch) -> str:
    return f"{BATCH_MARKER}{batch.pk}"


def batch_candidates(unit: AdministrativeUnit, *, marker: str | None = None):
    """Rights a run would print: without a certificate in force, or whose certificate was never printed
    (or was printed by the run ``marker`` names: a restart)."""
    in_force = Certificate.objects.filter(right=OuterRef("pk")).exclude(status=CertificateStatus.REVOKED)
    printed_elsewhere = in_force.filter(print_count__gt=0)
    if marker:
        printed_elsewhere = printed_elsewhere.exclude(events__kind=EventKind.PRINTED, events__reason=marker)
    return (
        Right.objects.in_force()
        .filter(
            Q(parcel__village__path__startswith=unit.path),
            parcel__end_lifespan__isnull=True,
            right_type__kind=RRRKind.RIGHT,
            right_type__is_secondary=False,
        )
        .exclude(Exists(printed_elsewhere))
        .exclude(frozen_rights_q())  # a parcel or right under an open dispute case is not certified
        .order_by("parcel__number")
    )


def batch_rights(batch: CertificateBatch):
    """What this run prints: the candidates, limited to the list confirmed on the preview page."""
    rights = batch_candidates(batch.unit, marker=_marker(batch))
    return rights.filter(pk__in=batch.planned) if batch.planned else rights


def batch_fingerprint(rights) -> str:
    """A digest of the list the preview shows (each right and its version, in order): the confirmation
    carries it, and a run whose list changed in between is refused rather than printed unseen."""
    lines = "\n".join(f"{pk}:{version}" for pk, version in rights.values_list("pk", "version"))
    return hashlib.sha256(lines.encode()).hexdigest()


@transaction.atomic
def _issue_and_mark(right: Right, batch: CertificateBatch) -> Certificate:
    certificate, _created = certificate_issue(
        right=right, actor=batch.requested_by, base_url=batch.public_url
    )
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.print_count == 0:
        certificate.print_count = 1
        certificate.batch = batch
        certificate.save(update_fields=["print_count", "batch", "updated_at"])
        event = CertificateEvent.objects.create(
            certificate=certificate, kind=EventKind.PRINTED, actor=batch.requested_by, reason=_marker(batch)
        )
        certificate_event_chain(certificate=certificate, event=event)
    return certificate


def batch_run(*, batch_id) -> CertificateBatch:
    """Run a queued print run (core.background.jobs: a run that raises is marked failed; a duplicate runs
    nothing)."""
    attempt = jobs.job_start(CertificateBatch, batch_id, done=0)
    batch = CertificateBatch.objects.get(pk=batch_id)
    if attempt is None:
        return batch
    with jobs.failure_recorded(CertificateBatch, batch.pk, attempt):
        rights = list(batch_rights(batch).values_list("pk", flat=True))
        jobs.job_beat(CertificateBatch, batch.pk, attempt, total=len(rights))
        final = batch_dir() / f"{batch.pk}.{batch.output_format}"
        partial = final.with_suffix(".partial")
        if batch.output_format == BatchFormat.ZIP:
            _write_zip(batch, rights, partial, attempt)
        else:
            _write_pdf(batch, rights, partial, attempt)
        partial.replace(final)
        jobs.job_finish(
            CertificateBatch,
            batch.pk,
            attempt,
            status=BatchStatus.DONE,
            done=len(rights),
            output=str(final.relative_to(settings.MEDIA_ROOT)),
        )
    batch.refresh_from_db()
    return batch


def _certificates(batch: CertificateBatch, right_ids, attempt: int):
    for index, right_id in enumerate(right_ids, start=1):
        right = Right.objects.select_related("parcel__village").get(pk=right_id)
        yield _issue_and_mark(right, batch)
        if index % PROGRESS_EVERY == 0:
            jobs.job_beat(CertificateBatch, batch.pk, attempt, done=index)


def _write_zip(batch: CertificateBatch, right_ids, path: Path, attempt: int) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in _certificates(batch, right_ids, attempt):
            pdf = render_certificate(
                certificate.content,
                qr_matrix=certificate.qr_matrix,
                verify_url=certificate_verify_url(certificate),
            )
            archive.writestr(
                zipfile.ZipInfo(f"{certificate.number}.pdf", date_time=(2000, 1, 1, 0, 0, 0)), pdf
            )


def _write_pdf(batch: CertificateBatch, right_ids, path: Path, attempt: int) -> None:
    buffer = io.BytesIO()
    canvas = new_canvas(buffer)
    for certificate in _certificates(batch, right_ids, attempt):
        draw_pages(canvas, certificate.content, certificate.qr_matrix, certificate_verify_url(certificate))
    save_canvas(canvas)
    path.write_bytes(buffer.getvalue())
