"""The only way versioned objects change: the old version is kept, never overwritten.

A model with a typed history table (a ``VersionRow`` subclass pointing at it, e.g. ``ParcelVersion``) keeps
every version there, the current one included: ``versions_begin`` writes the first one when the record is
made (an import writes its versions in SQL, ``versions_begin_sql``), ``version_supersede`` closes the
current one and opens the next, ``version_retire`` closes the last one. All in the caller's transaction.
Models without one (none of the registers' main tables now) keep their past versions as JSON snapshots
(``VersionRecord``).
"""

import functools
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils.translation import gettext as _

from landreg.core import clock
from landreg.core.exceptions import RetiredRecordError
from landreg.core.models import Versioned, VersionRecord, VersionRow

_OWN_FIELDS = {f.attname for f in VersionRow._meta.concrete_fields}


def snapshot_of(obj: Versioned) -> dict[str, Any]:
    return {field.attname: field.value_to_string(obj) for field in obj._meta.concrete_fields}


@functools.cache
def history_model(model) -> type[VersionRow] | None:
    """The typed history table of ``model``: the VersionRow subclass whose RECORD key points at it."""
    for related in model._meta.related_objects:
        other = related.related_model
        if isinstance(other, type) and issubclass(other, VersionRow) and related.field.name == other.RECORD:
            return other
    return None


@functools.cache
def copied_fields(history: type[VersionRow]) -> tuple[str, ...]:
    """The attnames a version copies from its record (all the typed fields they share)."""
    record = history._meta.get_field(history.RECORD).related_model
    live = {f.attname for f in record._meta.concrete_fields}
    return tuple(
        f.attname
        for f in history._meta.concrete_fields
        if f.attname in live and f.attname not in _OWN_FIELDS and f.name != history.RECORD
    )


def _version_row(history, obj: Versioned, *, actor, reason: str) -> VersionRow:
    return history(
        **{history.RECORD: obj},
        **{name: getattr(obj, name) for name in copied_fields(history)},
        version=obj.version,
        begin_lifespan=obj.begin_lifespan,
        end_lifespan=obj.end_lifespan,
        changed_by=actor,
        change_reason=reason,
    )


def versions_begin(obj: Versioned, *, actor=None, reason: str = "") -> VersionRow | None:
    """Write the current version of a record just saved into its history table (None: it has none)."""
    history = history_model(type(obj))
    if history is None:
        return None
    row = _version_row(history, obj, actor=actor, reason=reason)
    row.save(force_insert=True)
    return row


def versions_begin_sql(model, alias: str) -> tuple[str, str] | None:
    """``INSERT INTO <history> (...)`` and the matching select list copying the first versions of the rows
    of ``model`` named ``alias`` (two ``%s``: who, why), to append to a query that selects those rows; None
    when the model has no history table."""
    history = history_model(model)
    if history is None:
        return None
    quote = connection.ops.quote_name
    columns = copied_fields(history)
    record_column = history._meta.get_field(history.RECORD).column
    own = ("version", "begin_lifespan", "end_lifespan")
    target = ", ".join(
        quote(c) for c in (record_column, *own, "changed_by_id", "change_reason", "end_reason", *columns)
    )
    source = ", ".join(f"{alias}.{quote(c)}" for c in (model._meta.pk.column, *own))
    copied = ", ".join(f"{alias}.{quote(c)}" for c in columns)
    return (
        f"INSERT INTO {quote(history._meta.db_table)} ({target})",
        f"{source}, %s, %s, '', {copied}",
    )


def _close_version(history, old: Versioned, moment, *, actor, reason: str) -> None:
    """End the open version of ``old``; a record saved outside the services (no version row yet) gets its
    version written closed, so its history has no hole."""
    closed = history.objects.filter(**{f"{history.RECORD}_id": old.pk}, end_lifespan__isnull=True).update(
        end_lifespan=moment, ended_by=actor, end_reason=reason
    )
    if (
        not closed
        and not history.objects.filter(**{f"{history.RECORD}_id": old.pk}, version=old.version).exists()
    ):
        row = _version_row(history, old, actor=None, reason="")
        row.end_lifespan, row.ended_by, row.end_reason = moment, actor, reason
        row.save(force_insert=True)


def _locked(obj: Versioned) -> Versioned:
    # Lock the row so two editors cannot both supersede the same version.
    locked = type(obj).objects.select_for_update().get(pk=obj.pk)
    if not locked.is_current:
        raise RetiredRecordError(_("This record was retired on %(date)s.") % {"date": locked.end_lifespan})
    return locked


@transaction.atomic
def version_supersede(obj: Versioned, *, changes: dict[str, Any], actor=None, reason: str = "") -> Versioned:
    locked = _locked(obj)
    moment = clock.now()
    history = history_model(type(locked))
    if history is not None:
        _close_version(history, locked, moment, actor=actor, reason=reason)
    else:
        VersionRecord.objects.create(
            content_type=ContentType.objects.get_for_model(locked),
            object_id=locked.pk,
            version=locked.version,
            begin_lifespan=locked.begin_lifespan,
            end_lifespan=moment,
            snapshot=snapshot_of(locked),
            actor=actor,
            reason=reason,
        )
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.begin_lifespan = moment
    locked.full_clean()
    locked.save()
    versions_begin(locked, actor=actor, reason=reason)
    return locked


@transaction.atomic
def version_retire(obj: Versioned, *, actor=None, reason: str = "") -> Versioned:
    locked = _locked(obj)
    locked.end_lifespan = clock.now()
    history = history_model(type(locked))
    if history is not None:
        _close_version(history, locked, locked.end_lifespan, actor=actor, reason=reason)
    locked.save(update_fields=["end_lifespan", "updated_at"])
    return locked
