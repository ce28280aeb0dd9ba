from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from landreg.core.background.jobs import QUEUED, RUNNING, JobMixin
from landreg.core.models import UUIDModel


class BackupJobKind(models.TextChoices):
    CREATE = "create", pgettext_lazy("backup job", "backup")
    VERIFY = "verify", pgettext_lazy("backup job", "check")


class BackupJobStatus(models.TextChoices):
    QUEUED = QUEUED, _("queued")
    RUNNING = RUNNING, _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class BackupJob(JobMixin, UUIDModel):
    """A backup made, or an archive checked, from the administrator's page by the job queue (huey); start,
    heartbeat, failure and staleness follow core.background.jobs. One of each kind at a time: the
    database refuses a second queued or running one (a double click, two administrators at once)."""

    kind = models.CharField(_("kind"), max_length=8, choices=BackupJobKind.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=BackupJobStatus.choices,
        default=BackupJobStatus.QUEUED,
        help_text=_(
            "queued: waiting for a worker; running: the archive is being written or read; done: written, "
            "or checked and sound; failed: stopped with the error shown (a damaged archive, a full disk)."
        ),
    )
    archive = models.CharField(_("archive"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    # The file the job wrote or read, as the folder saw it (with its size): its verdict holds for that very
    # file, not for another one copied in later under the same name.
    file_mtime_ns = models.BigIntegerField(_("file modification time"), null=True, blank=True)
    summary = models.JSONField(_("content"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("backup job")
        verbose_name_plural = _("backup jobs")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(status__in=[QUEUED, RUNNING]),
                name="backups_one_job_of_a_kind_at_a_time",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.archive} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in (QUEUED, RUNNING) and not self.is_stale
