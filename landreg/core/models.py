"""Base models: UUID keys, timestamps and LADM versioning (begin and end of lifespan)."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from landreg.core import clock
from landreg.core.exceptions import VersionedDeletionError


class UUIDModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class LifespanQuerySet(models.QuerySet):
    """Rows with a lifespan (``begin_lifespan``, ``end_lifespan`` empty while current): the registry's objects
    (Versioned) and what is not versioned but begins and ends all the same (a group's memberships)."""

    def current(self):
        return self.filter(end_lifespan__isnull=True)

    def as_of(self, moment):
        """Rows whose lifespan contains ``moment``: begun at or before it, not ended by it (a row ended at
        ``moment`` is its predecessor's; past edits of a Versioned row are in its history). ``lived_at`` is
        the same rule for a row already read."""
        return self.filter(begin_lifespan__lte=moment).filter(
            Q(end_lifespan__isnull=True) | Q(end_lifespan__gt=moment)
        )


def lived_at(row, moment) -> bool:
    """``as_of`` for a row already read, when each row is compared with its own moment (a certificate's
    deliveries, each on its day, with the memberships of the holding group): a statement a moment otherwise.
    The two are kept together and tested to agree (tests/core/test_lifespan.py)."""
    return row.begin_lifespan <= moment and (row.end_lifespan is None or moment < row.end_lifespan)


class VersionedQuerySet(LifespanQuerySet):
    def delete(self):
        raise VersionedDeletionError(_("Registry records are never deleted; retire them instead."))


class Versioned(UUIDModel):
    """A registry object with an LADM lifespan.

    The row holds the current version; every earlier version is kept in ``VersionRecord`` with its own
    lifespan (see ``landreg.core.history.versioning``). A retired object keeps its row with ``end_lifespan``
    set.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    begin_lifespan = models.DateTimeField(_("begin of lifespan"), default=clock.now, editable=False)
    end_lifespan = models.DateTimeField(
        _("end of lifespan"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Empty while the record is current; set when it is retired, never deleted."),
    )

    objects = VersionedQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(end_lifespan__isnull=True) | Q(end_lifespan__gte=F("begin_lifespan")),
                name="%(app_label)s_%(class)s_lifespan_ordered",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="%(app_label)s_%(class)s_version_positive"
            ),
        ]

    @property
    def is_current(self) -> bool:
        return self.end_lifespan is None

    def delete(self, *args, **kwargs):
        raise VersionedDeletionError(_("Registry records are never deleted; retire them instead."))


class VersionRow(models.Model):
    """One version of a versioned record in its model's typed history table (e.g. ``ParcelVersion``).

    Every version is a row, the current one included (``end_lifespan`` empty while it is current), with
    the same typed columns as the record (a parcel's boundary in a real geometry column with its spatial
    index), so the register as it stood at any moment is one indexed query. Written by
    ``landreg.core.history.versioning`` in the transaction of each write. ``RECORD`` names the foreign key to
    the live record; the other fields of the subclass that the record also has are copied from it.
    """

    RECORD = ""

    id = models.BigAutoField(primary_key=True)
    version = models.PositiveIntegerField(_("version"))
    begin_lifespan = models.DateTimeField(_("begin of lifespan"))
    end_lifespan = models.DateTimeField(_("end of lifespan"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("version made by"),
    )
    change_reason = models.TextField(_("why this version was made"), blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("version ended by"),
    )
    end_reason = models.TextField(_("why this version ended"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_current(self) -> bool:
        return self.end_lifespan is None

    def delete(self, *args, **kwargs):
        raise VersionedDeletionError(_("Registry records are never deleted; retire them instead."))


class VersionRecord(models.Model):
    """A past version of a versioned object without a typed history table, frozen as JSON, with its
    lifespan and who ended it."""

    id = models.BigAutoField(primary_key=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("type of record"))
    object_id = models.UUIDField(db_index=True, verbose_name=_("record"))
    version = models.PositiveIntegerField(verbose_name=_("version"))
    begin_lifespan = models.DateTimeField(verbose_name=_("begin of lifespan"))
    end_lifespan = models.DateTimeField(verbose_name=_("end of lifespan"))
    snapshot = models.JSONField(
        help_text=_("Every field of the version, as stored."), verbose_name=_("content")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("done by")
    )
    reason = models.TextField(blank=True, verbose_name=_("reason"))

    class Meta:
        verbose_name = _("past version")
        verbose_name_plural = _("past versions")
        ordering = ["content_type", "object_id", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "version"], name="versionrecord_unique"
            ),
            models.CheckConstraint(
                condition=Q(end_lifespan__gte=F("begin_lifespan")), name="versionrecord_lifespan_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id} v{self.version}"

    def delete(self, *args, **kwargs):
        raise VersionedDeletionError(_("Registry records are never deleted; retire them instead."))


class FormSubmission(models.Model):
    """A page's form sent once: the key is the form's one-use token (``landreg.web.once``) hashed with who
    sent it, where and what; the same sending again (a double click, a reload, a retry after a lost answer)
    finds this row and is answered with what the first one led to, instead of being recorded twice. The row
    is written in the same transaction as what the form records, so a unique key settles a race."""

    id = models.BigAutoField(primary_key=True)
    key = models.CharField(max_length=64, unique=True, verbose_name=_("key"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("sent by"),
    )
    path = models.CharField(max_length=500, verbose_name=_("address"))
    answer = models.CharField(
        max_length=2000,
        blank=True,
        help_text=_("Where the first sending led (its redirect), or what the page needs to give it again."),
        verbose_name=_("answer"),
    )
    sent_at = models.DateTimeField(db_index=True, verbose_name=_("sent at"))

    class Meta:
        verbose_name = _("form sent")
        verbose_name_plural = _("forms sent")

    def __str__(self):
        return f"{self.path} {self.sent_at:%Y-%m-%d %H:%M}"
