"""The register of possessions: every primary right written in a village, in the order it was written, with
its parcel, holders and shares, and the certificate that attests it."""

import datetime as dt

from django.utils.translation import gettext as _

from landreg.certificates.models import Certificate
from landreg.core.geometry import format_ha_a_ca
from landreg.registers.kinds import Register, RegisterKind, day_after, day_start
from landreg.registers.names import day, holders_by_right, holders_lines
from landreg.rights.models import Right, RRRKind


def _certificates(certificates) -> str:
    lines = []
    for certificate in certificates:
        line = _("%(number)s of %(date)s") % {
            "number": certificate.number,
            "date": day(certificate.issue_date),
        }
        if certificate.status == "revoked":
            line += " " + _("(revoked)")
        lines.append(line)
    return "\n".join(lines) or "—"


def entry_remarks(right) -> str:
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


# What an entry prints, and no more: a register reads thousands of rights (never the parcels' shapes).
ENTRY_COLUMNS = (
    "created_at",
    "end_lifespan",
    "tenure_system",
    "parcel__number",
    "parcel__local_name",
    "parcel__area_m2",
    "right_type__label_fr",
    "right_type__label_en",
    "transfer_in__kind",
    "transfer_in__recorded_at",
    "transfer_out__kind",
)


def possessions_register(*, village, commune, start: dt.date, end: dt.date, personal: bool) -> Register:
    # The possessions: primary rights, not a restriction such as a mortgage (no one's possession).
    written = Right.objects.filter(
        parcel__village=village, right_type__kind=RRRKind.RIGHT, right_type__is_secondary=False
    )
    # Entries keep their number in the village's register since its first entry: the entries before the
    # period are counted, not read (a village's register grows by thousands of entries a campaign).
    numbered_before = written.filter(created_at__lt=day_start(start)).count()
    in_period = written.filter(created_at__gte=day_start(start), created_at__lt=day_after(end))
    rights = list(
        in_period.select_related("parcel", "right_type", "transfer_in", "transfer_out")
        .only(*ENTRY_COLUMNS)
        .order_by("created_at", "parcel__number", "pk")
    )
    holders = holders_by_right(in_period)
    certificates: dict = {}
    for certificate in (
        Certificate.objects.filter(right__in=in_period.values("pk"))
        .only("right_id", "number", "issue_date", "status")
        .order_by("series", "sequence")
    ):
        certificates.setdefault(certificate.right_id, []).append(certificate)
    rows = [
        [
            str(number),
            day(right.created_at),
            right.parcel.number,
            right.parcel.local_name or "—",
            format_ha_a_ca(right.parcel.area_m2),
            f"{right.right_type} ({right.get_tenure_system_display()})",
            holders_lines(holders.get(right.pk, []), personal=personal),
            _certificates(certificates.get(right.pk, [])),
            entry_remarks(right),
        ]
        for number, right in enumerate(rights, start=numbered_before + 1)
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
