"""The extract's past rights: every right of the parcel, main or secondary, that is no longer in force, with
its dates and how it ended where the register says so.

A right is past when the register ended it (its lifespan closed: a transfer, a split or merge of the parcel,
a dispute's outcome) or when its own term is over (a lease or loan whose end date is before the day of the
extract, never ended by a clerk: it still binds no one).

How it ended, from the most precise record to the least: the transfer that ended it (its kind, day and deed);
the split or merge that closed the parcel with its rights; the reason given when it was ended (recorded in the
audit chain's ``right.end`` event since the reason is kept there); the term reached.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from landreg.adjudication.models import ParcelChange
from landreg.audit.models import AuditEvent
from landreg.core.stored_messages import message_said
from landreg.parcels.models import Parcel
from landreg.registers.names import day, right_holders_lines
from landreg.rights.models import Right

# Ending a parcel's rights and retiring it are one transaction: a right that ended this close before the
# parcel did was ended by the change that closed it.
_WITH_THE_PARCEL = dt.timedelta(minutes=1)


def _ended_on(right: Right) -> dt.date:
    if right.end_lifespan is not None:
        return timezone.localdate(right.end_lifespan)
    return right.end_date


def _closing_change(parcel: Parcel) -> ParcelChange | None:
    if parcel.end_lifespan is None:
        return None
    return ParcelChange.objects.filter(old_parcels=parcel).order_by("recorded_at").first()


def _reasons(rights: list[Right]) -> dict[str, str]:
    """The reason each right was ended with, by right id, as its ``right.end`` event recorded it."""
    events = AuditEvent.objects.filter(
        action="right.end", object_type="rights.right", object_id__in=[str(r.pk) for r in rights]
    ).only("object_id", "payload")
    return {event.object_id: event.payload.get("reason", "") for event in events}


def _how(right: Right, change: ParcelChange | None, reason: str) -> str:
    transfer = getattr(right, "transfer_out", None)
    if transfer is not None:
        how = _("%(kind)s, recorded on %(date)s") % {
            "kind": transfer.get_kind_display(),
            "date": day(transfer.recorded_at),
        }
        return f"{how} — {transfer.reason}" if transfer.reason else how
    if right.end_lifespan is not None:
        before_the_parcel = right.parcel.end_lifespan - right.end_lifespan if change is not None else None
        if before_the_parcel is not None and dt.timedelta(0) <= before_the_parcel < _WITH_THE_PARCEL:
            how = _("%(kind)s of the parcel, recorded on %(date)s") % {
                "kind": change.get_kind_display(),
                "date": day(change.recorded_at),
            }
            return f"{how} — {change.reason}" if change.reason else how
        return message_said(reason) if reason else "—"
    return _("term reached")


def past_rows(parcel: Parcel, rights: list[Right], holders: dict, *, today: dt.date, personal: bool):
    """Rows of the rights of ``rights`` (read with ``transfer_out``) no longer in force on ``today``, the
    earliest ended first: right, holders and shares, period, ended on, how it ended."""
    past = sorted(
        (right for right in rights if not right.is_in_force(today)),
        key=lambda right: (_ended_on(right), right.created_at),
    )
    if not past:
        return []
    change = _closing_change(parcel)
    reasons = _reasons([right for right in past if right.end_lifespan is not None])
    return [
        [
            f"{right.right_type} ({right.get_tenure_system_display()})",
            right_holders_lines(right, holders.get(right.pk, []), personal=personal),
            # A right ended by the register has no end date of its own: its period ends the day it ended.
            f"{day(right.start_date or right.created_at)} – {day(_ended_on(right))}",
            day(_ended_on(right)),
            _how(right, change, reasons.get(str(right.pk), "")),
        ]
        for right in past
    ]
