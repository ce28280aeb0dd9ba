"""Rows that are written once and never changed: history, evidence, checkpoints.

``AppendOnlyModel`` refuses ``save()`` of an existing row and every ``delete()`` and ``update()`` through
the ORM (instance and queryset). It cannot stop someone with database access, which is why the audit chain
is hashed and its head signed (``landreg.audit.checkpoints``); it stops the application's own code from
rewriting history by mistake.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from landreg.core.exceptions import RegistryError


class AppendOnlyError(RegistryError):
    """Append-only rows are never changed or deleted."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(_("This history is append-only."))

    def delete(self):
        raise AppendOnlyError(_("This history is append-only."))

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError(_("This history is append-only."))


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(_("This history is append-only."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("This history is append-only."))
