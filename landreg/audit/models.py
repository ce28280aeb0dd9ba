"""The tamper-evident history: every registry event is one row chained to the previous one by a hash.

Each event stores the SHA-256 of its own content and of the previous event's hash, so changing, deleting or
reordering a stored event breaks the chain at that point (``landreg.audit.services.audit_verify``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from landreg.core.exceptions import RegistryError

GENESIS_HASH = "0" * 64


class AppendOnlyError(RegistryError):
    """Audit events are never changed or deleted."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(_("The audit history is append-only."))

    def delete(self):
        raise AppendOnlyError(_("The audit history is append-only."))


class AuditEvent(models.Model):
    id = models.BigAutoField(primary_key=True)
    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    occurred_at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64, db_index=True)
    payload = models.JSONField(_("details"), default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["seq"]

    def __str__(self):
        return f"#{self.seq} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(_("The audit history is append-only."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("The audit history is append-only."))


class AuditHead(models.Model):
    """One row: the last link of the chain. Its row lock serialises writers so the chain never forks."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self):
        return f"#{self.last_seq} {self.last_hash[:12]}"
