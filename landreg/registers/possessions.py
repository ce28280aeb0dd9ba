"""The register of possessions: every primary right written in a village, in the order it was written, with
its parcel, holders and shares, and the certificate that attests it."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from landreg.core.geometry import format_ha_a_ca
from landreg.registers.kinds import Register, RegisterKind, day_after, numbered
from landreg.registers.names import day, holders_prefetch, holders_text
from landreg.rights.models import Right


def _certificates(right) -> str:
    lines = []
    for certificate in right.certificates.all():
        line = _("%(number)s of %(date)s") % {
            "number": certificate.number,
            "date": day(certificate.issue_date),
        }
        if certificate.status == "revoked":
            line += " " + _("(revoked)")
        lines.append(line)
    return "\n".join(lines) or "—"


def _remarks(right) -> str:
    remarks = []
    arrived = getattr(right, "transfer_in", None)
    if arrived is not None:
        remarks.append(
            _("By %(kind)s recorded on %(date)s")
            % {"kind": arrived.get_kind_display(), "date": day(arrived.recorded_at)}
        )
    if right.end_lifespan:
        left = getattr(right, "transfer_out", None)
        ended = _("Ended on %(date)s") % {"date": day(right.end_lifespan)}
        remarks.append(ended + (f" ({left.get_kind_display()})" if left is not None else ""))
    return "\n".join(remarks)


def possessions_register(*, village, commune, start: dt.date, end: dt.date, personal: bool) -> Register:
    rights = list(
        Right.objects.filter(
            parcel__village=village, right_type__is_secondary=False, created_at__lt=day_after(end)
        )
        .select_related("parcel", "right_type", "transfer_in", "transfer_out")
        .prefetch_related(holders_prefetch(), "certificates")
        .order_by("created_at", "parcel__number", "pk")
    )
    rows = [
        [
            str(number),
            day(right.created_at),
            right.parcel.number,
            right.parcel.local_name or "—",
            format_ha_a_ca(right.parcel.area_m2),
            f"{right.right_type} ({right.get_tenure_system_display()})",
            holders_text(right, personal=personal),
            _certificates(right),
            _remarks(right),
        ]
        for number, right in numbered(rights, start, lambda r: timezone.localdate(r.created_at))
    ]
    columns = [
        _("No."),
        _("Date of entry"),
        _("Parcel"),
        _("Place"),
        _("Area"),
        _("Right"),
        _("Holders and shares"),
        _("Certificate"),
        _("Remarks"),
    ]
    return Register(RegisterKind.POSSESSIONS, village, commune, start, end, columns, rows)
