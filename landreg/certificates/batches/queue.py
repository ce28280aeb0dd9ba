"""Asking for a campaign print run, or asking again after a failure: the run is queued for the worker
(certificates.tasks), which prints it (certificates.batches.run).

Apart from batch.py, which the worker's task imports: the two modules imported each other (through imports
inside these functions), a cycle the code review named.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from landreg.certificates.batches.run import batch_candidates, batch_fingerprint
from landreg.certificates.exceptions import CertificateError
from landreg.certificates.issuing.services import require_perm
from landreg.certificates.models import BatchFormat, BatchStatus, CertificateBatch
from landreg.certificates.tasks import print_batch
from landreg.certificates.verification import public_url
from landreg.core.background import jobs
from landreg.territory.models import AdministrativeUnit, UnitLevel


@transaction.atomic
def batch_request(
    *,
    unit: AdministrativeUnit,
    actor,
    output_format: str = BatchFormat.PDF,
    fingerprint: str | None = None,
    base_url: str = "",
) -> CertificateBatch:
    """Queue a run. With ``fingerprint`` (the preview page always sends it), the run prints exactly the
    list that was previewed, and is refused if that list changed since."""
    if unit.level not in (UnitLevel.VILLAGE, UnitLevel.COMMUNE):
        raise CertificateError(_("A print run covers a village or a commune."))
    if output_format not in BatchFormat.values:
        raise CertificateError(_("The output is one PDF or a zip."))
    require_perm(actor, "issue_certificates", unit)
    planned = []
    if fingerprint is not None:
        rights = batch_candidates(unit)
        if batch_fingerprint(rights) != fingerprint:
            raise CertificateError(
                _("The list of certificates to print changed since it was shown; check it again.")
            )
        planned = [str(pk) for pk in rights.values_list("pk", flat=True)]
        if not planned:
            raise CertificateError(_("There is nothing to print in %(unit)s.") % {"unit": unit.name})
    batch = CertificateBatch.objects.create(
        unit=unit,
        output_format=output_format,
        requested_by=actor,
        planned=planned,
        # Fixed now: the worker that prints has no request to read the address from.
        public_url=public_url.without_request(base_url),
    )
    transaction.on_commit(lambda: print_batch(str(batch.pk)))
    return batch


@transaction.atomic
def batch_restart(*, batch: CertificateBatch, actor) -> CertificateBatch:
    require_perm(actor, "issue_certificates", batch.unit)
    if batch.status == BatchStatus.DONE:
        raise CertificateError(_("This print run is finished; its file is ready."))
    # Only a failed or stale run goes back to the queue; a second click finds it queued: nothing changes.
    if jobs.job_retry(CertificateBatch, batch.pk):
        transaction.on_commit(lambda: print_batch(str(batch.pk)))
    batch.refresh_from_db()
    return batch
