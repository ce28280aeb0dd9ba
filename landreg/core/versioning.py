"""The only way versioned objects change: the old version is kept, never overwritten.

``version_supersede`` freezes the current state into a VersionRecord (its lifespan ends now), applies the
changes and starts a new lifespan. ``version_retire`` ends the lifespan of the object itself.
"""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from landreg.core import clock
from landreg.core.exceptions import RetiredRecordError
from landreg.core.models import Versioned, VersionRecord


def snapshot_of(obj: Versioned) -> dict[str, Any]:
    return {field.attname: field.value_to_string(obj) for field in obj._meta.concrete_fields}


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
    return locked


@transaction.atomic
def version_retire(obj: Versioned, *, actor=None, reason: str = "") -> Versioned:
    locked = _locked(obj)
    locked.end_lifespan = clock.now()
    locked.save(update_fields=["end_lifespan", "updated_at"])
    return locked


def versions_of(obj: Versioned) -> list[VersionRecord]:
    return list(
        VersionRecord.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    )
