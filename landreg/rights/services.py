"""Writes of rights, restrictions and responsibilities."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.db import transaction
from django.utils.translation import gettext as _

from landreg.audit.rows import register_write
from landreg.core.history.versioning import version_retire
from landreg.core.shares import check_shares_total, parse_share
from landreg.parcels.models import Parcel
from landreg.parties.models import Party
from landreg.rights.exceptions import RightError
from landreg.rights.models import Right, RightHolder, RightType


@dataclass(frozen=True)
class HolderShare:
    party: Party
    share: Fraction | str | int = 1


@transaction.atomic
def right_register(
    *,
    parcel: Parcel,
    right_type: RightType | str,
    holders: Sequence[HolderShare],
    tenure_system: str,
    legal_basis: str,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    description: str = "",
    created_by=None,
) -> Right:
    """Register a right with its holders; the shares must add up to exactly 1."""
    if not isinstance(right_type, RightType):
        right_type = RightType.objects.filter(code=right_type).first() or _unknown_type(right_type)
    if not parcel.is_current:
        raise RightError(
            _("Parcel %(number)s is retired; rights go on its current successor.") % {"number": parcel.number}
        )
    if not legal_basis.strip():
        raise RightError(_("A right needs its legal basis (law and article, deed or customary grant)."))
    if start_date and end_date and end_date < start_date:
        raise RightError(_("The end date is before the start date."))
    shares = [parse_share(h.share) for h in holders]
    check_shares_total(shares)
    if len({h.party.pk for h in holders}) != len(holders):
        raise RightError(_("A holder appears twice on the same right."))
    right = Right.objects.create(
        parcel=parcel,
        right_type=right_type,
        tenure_system=tenure_system,
        legal_basis=legal_basis,
        start_date=start_date,
        end_date=end_date,
        description=description,
        created_by=created_by,
    )
    rows = [right]
    for holder, share in zip(holders, shares, strict=True):
        row = RightHolder(right=right, party=holder.party)
        row.share = share
        row.save()
        rows.append(row)
    register_write(action="right.register", rows=rows, actor=created_by, obj=right)
    return right


def _unknown_type(code: str):
    raise RightError(_("“%(code)s” is not in the code list of rights.") % {"code": code})


@transaction.atomic
def right_end(*, right: Right, actor=None, reason: str) -> Right:
    """End a right's lifespan (transfer, expiry, court decision); it stays in the history."""
    ended = version_retire(right, actor=actor, reason=reason)
    # A right has no typed history table to keep the reason in: the chain's event keeps it (the extract of
    # the registers says how a past right ended).
    register_write(action="right.end", rows=[ended], actor=actor, payload={"reason": reason})
    return ended
