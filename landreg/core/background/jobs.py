"""What every background job shares (parcel imports, certificate print runs): start, heartbeat, failure,
staleness and retry, with one policy.

- A run starts only from ``queued``, under the row's lock, and takes the next ``attempt`` number; every
  later write of that run names its attempt, so a run that was given up for dead and comes back late
  cannot overwrite the result of the retry that replaced it.
- A run beats (``heartbeat_at``) whenever it reports progress, or, for a run with long steps that report
  none (a backup's pg_dump, the compression of its dump), every few seconds from a thread of its own while
  it runs (``beating``): the beats then say that the run's process is alive, however long it takes.
  ``running`` with no beat for ``LANDREG_JOB_STALE_MINUTES`` means its worker died (killed, out of memory,
  machine restarted): the page says so and offers the retry, as for a failed run.
- A run that raises is marked ``failed`` with a message fit for its page: the registry's own errors as
  they are (they are written for users and quote no file), anything else only by its kind; the traceback
  goes to the worker's log, never to the page (it may hold a file's values or server paths).
- A retry is a POST that puts a failed or stale job back in the queue, under the row's lock; a second
  click finds it queued and changes nothing.
"""

import contextlib
import datetime as dt
import logging
import threading

from django.conf import settings
from django.db import DatabaseError, connections, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from landreg.core import clock
from landreg.core.exceptions import RegistryError

QUEUED, RUNNING, FAILED = "queued", "running", "failed"
logger = logging.getLogger(__name__)


class JobMixin(models.Model):
    """Fields every job model carries beside its own ``status``, ``error`` and ``finished_at``."""

    attempt = models.PositiveIntegerField(gettext_lazy("attempt"), default=0)
    heartbeat_at = models.DateTimeField(gettext_lazy("last sign of life"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_stale(self) -> bool:
        """Running, but its worker has not reported for the stale delay: it died."""
        return self.status == RUNNING and (
            self.heartbeat_at is None or self.heartbeat_at < clock.now() - stale_after()
        )

    @property
    def may_retry(self) -> bool:
        return self.status == FAILED or self.is_stale


def needs_attention_q() -> models.Q:
    """Jobs that failed or whose worker died (the rows ``may_retry`` is true for), as a query condition."""
    stale = models.Q(heartbeat_at__isnull=True) | models.Q(heartbeat_at__lt=clock.now() - stale_after())
    return models.Q(status=FAILED) | (models.Q(status=RUNNING) & stale)


def stale_after() -> dt.timedelta:
    return dt.timedelta(minutes=settings.LANDREG_JOB_STALE_MINUTES)


def shown_error(exc: BaseException) -> str:
    if isinstance(exc, RegistryError):
        return str(exc)[:2000]
    return _("Unexpected error (%(kind)s); the details are in the worker's log.") % {
        "kind": type(exc).__name__
    }


def job_start(model, pk, **fields) -> int | None:
    """Mark a queued job running and return its attempt number; None if it is not queued (already run,
    running elsewhere, or given up), so a message delivered twice runs the job once."""
    with transaction.atomic():
        job = model.objects.select_for_update().get(pk=pk)
        if job.status != QUEUED:
            return None
        job.status, job.attempt, job.heartbeat_at, job.error = RUNNING, job.attempt + 1, clock.now(), ""
        for name, value in fields.items():
            setattr(job, name, value)
        job.save(update_fields=["status", "attempt", "heartbeat_at", "error", *fields])
        return job.attempt


def job_beat(model, pk, attempt: int, **fields) -> None:
    """Progress and a sign of life, outside any transaction of the run (a separate row update)."""
    model.objects.filter(pk=pk, attempt=attempt).update(heartbeat_at=clock.now(), **fields)


@contextlib.contextmanager
def beating(model, pk, attempt: int, *, every: float):
    """A beat every ``every`` seconds while the block runs, from a thread of its own: a run whose steps
    report nothing for a long time (pg_dump of a large register) is not taken for a dead worker while its
    process lives; a worker killed takes the thread with it, and its beats stop."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(every):
                try:
                    job_beat(model, pk, attempt)
                except DatabaseError:  # the database busy a moment (SQLite's lock): the next beat will do
                    logger.warning("job %s: a beat could not be written", pk, exc_info=True)
        finally:
            connections.close_all()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"beat-{pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def job_finish(model, pk, attempt: int, **fields) -> bool:
    """The run's result, written only if no retry replaced this attempt meanwhile."""
    return bool(
        model.objects.filter(pk=pk, attempt=attempt).update(
            heartbeat_at=clock.now(), finished_at=clock.now(), **fields
        )
    )


@contextlib.contextmanager
def failure_recorded(model, pk, attempt: int):
    """Any exception of the run marks the job failed with a shown_error, then goes on to the worker."""
    try:
        yield
    except Exception as exc:
        job_finish(model, pk, attempt, status=FAILED, error=shown_error(exc))
        raise


def job_retry(model, pk, **reset) -> bool:
    """Queue a failed or stale job again (True), or change nothing (False: queued, running or finished).
    The caller checks the permission and enqueues the task on commit when True."""
    with transaction.atomic():
        job = model.objects.select_for_update().get(pk=pk)
        if not job.may_retry:
            return False
        job.status, job.error, job.heartbeat_at, job.finished_at = QUEUED, "", None, None
        for name, value in reset.items():
            setattr(job, name, value)
        job.save(update_fields=["status", "error", "heartbeat_at", "finished_at", *reset])
        return True
