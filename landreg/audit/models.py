"""The tamper-evident history: every registry event is one row chained to the previous one by a hash.

Each event stores the SHA-256 of its own content and of the previous event's hash, so changing, deleting or
reordering a stored event breaks the chain at that point (``landreg.audit.services.audit_verify``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from landreg.core.history.append_only import AppendOnlyError, AppendOnlyModel

__all__ = ["GENESIS_HASH", "AppendOnlyError", "AuditCheckpoint", "AuditEvent", "AuditHead", "RowHash"]

GENESIS_HASH = "0" * 64


class AuditEvent(AppendOnlyModel):
    id = models.BigAutoField(primary_key=True)
    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    occurred_at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("done by"),
    )
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(pgettext_lazy("audit event", "object id"), max_length=64, db_index=True)
    payload = models.JSONField(_("details"), default=dict)
    prev_hash = models.CharField(max_length=64, verbose_name=_("previous hash"))
    hash = models.CharField(max_length=64, unique=True, verbose_name=_("hash"))

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["seq"]

    def __str__(self):
        return f"#{self.seq} {self.action} {self.object_type} {self.object_id}"


class AuditHead(models.Model):
    """One row: the last link of the chain. Its row lock serialises writers so the chain never forks."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0, verbose_name=_("last sequence number"))
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH, verbose_name=_("last hash"))

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self):
        return f"#{self.last_seq} {self.last_hash[:12]}"


class AuditCheckpoint(AppendOnlyModel):
    """The chain head at a moment, signed with the checkpoint key (``landreg.audit.checkpoints``).

    Exported and kept elsewhere, checkpoints make a rewritten chain visible: whoever recomputes the hashes
    after an edit, or cuts the tail and moves the head, cannot sign a checkpoint that matches.
    """

    id = models.BigAutoField(primary_key=True)
    created_at = models.DateTimeField(_("time"))
    head_seq = models.PositiveBigIntegerField(_("last event"))
    head_hash = models.CharField(_("hash of the last event"), max_length=64)
    key_id = models.CharField(_("key id"), max_length=64)
    token = models.TextField(_("signed token"), help_text=_("Compact JWS (EdDSA) over the chain head."))

    class Meta:
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")
        ordering = ["head_seq", "id"]

    def __str__(self):
        return f"#{self.head_seq} {self.head_hash[:12]} ({self.created_at:%Y-%m-%d})"


class RowHash(models.Model):
    """The hash of a register row's content as the chain last recorded it (``landreg.audit.rows``).

    One row per register row, replaced at each recorded write: an index of the chain, which holds every
    hash in its events' ``rows``. ``verify_audit`` compares each current register row with it, and it
    with the chain, so a row edited, added or deleted outside the registry's services is reported.
    """

    id = models.BigAutoField(primary_key=True)
    model = models.CharField(_("table"), max_length=64)
    object_id = models.CharField(pgettext_lazy("audit event", "object id"), max_length=64)
    hash = models.CharField(_("hash of the content"), max_length=64)
    event_seq = models.PositiveBigIntegerField(_("event"))

    class Meta:
        verbose_name = _("register row hash")
        verbose_name_plural = _("register row hashes")
        constraints = [models.UniqueConstraint(fields=["model", "object_id"], name="rowhash_once_per_row")]

    def __str__(self):
        return f"{self.model} {self.object_id} #{self.event_seq}"
