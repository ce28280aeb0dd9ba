"""The register of transactions: what changed hands or shape in a village, in the order it was recorded.

Transfers (inheritance, sale, donation), splits and merges, and leases and loans of land granted on top of
the primary right; each with the holders before and after, whether it was recorded directly or at the end of
an application's procedure (then its receipt number is the reference). Corrections of errors are versions of
a record, not transactions, and stay in the record's history.
"""

import datetime as dt

from django.utils.translation import gettext as _

from landreg.adjudication.models import ParcelChange, Transfer
from landreg.registers.kinds import Register, RegisterKind, day_after, day_start
from landreg.registers.names import day, holders_prefetch, holders_text
from landreg.rights.models import Right, RRRKind

SECONDARY_TRANSACTIONS = ("lease", "loan")


def _reference(record, reason: str) -> str:
    application = getattr(record, "application", None)
    if application is not None and application.receipt_number:
        return _("Application %(receipt)s") % {"receipt": application.receipt_number} + f"\n{reason}"
    return reason


def _transfer_row(transfer: Transfer, personal: bool) -> list[str]:
    return [
        transfer.get_kind_display(),
        transfer.parcel.number,
        holders_text(transfer.old_right, personal=personal),
        holders_text(transfer.new_right, personal=personal),
        "—",
        _reference(transfer, transfer.reason),
    ]


def _primary(rights, latest: bool):
    primary = [r for r in rights if r.right_type.kind == RRRKind.RIGHT and not r.right_type.is_secondary]
    primary.sort(key=lambda r: r.created_at, reverse=latest)
    return primary[:1]


def _change_row(change: ParcelChange, personal: bool) -> list[str]:
    old, new = list(change.old_parcels.all()), list(change.new_parcels.all())
    # The holders keep their rights across a split or merge: the right the old parcel ended with, the one
    # each new parcel began with.
    before = [r for p in old for r in _primary(p.rights.all(), latest=True)]
    after = [r for p in new for r in _primary(p.rights.all(), latest=False)]
    return [
        change.get_kind_display(),
        ", ".join(p.number for p in old) + " → " + ", ".join(p.number for p in new),
        "\n".join(dict.fromkeys(holders_text(r, personal=personal) for r in before)) or "—",
        "\n".join(dict.fromkeys(holders_text(r, personal=personal) for r in after)) or "—",
        "—",
        _reference(change, change.reason),
    ]


def _grant_row(right: Right, personal: bool, granted_by: dict) -> list[str]:
    period = day(right.start_date) + (f" – {day(right.end_date)}" if right.end_date else "")
    return [
        str(right.right_type),
        right.parcel.number,
        "\n".join(holders_text(r, personal=personal) for r in granted_by.get(right.pk, [])) or "—",
        holders_text(right, personal=personal),
        period,
        right.legal_basis,
    ]


def _granted_by(grants: list[Right]) -> dict:
    """Each lease's or loan's grantor: the primary right its parcel carried when it was granted (the latest
    written by then and not ended before), by the grant's id. One statement for every grant of the register
    (it was one per grant): the primary rights of the grants' parcels, with their holders."""
    if not grants:
        return {}
    by_parcel: dict = {}
    primary = (
        Right.objects.filter(
            parcel_id__in={g.parcel_id for g in grants},
            right_type__kind=RRRKind.RIGHT,
            right_type__is_secondary=False,
        )
        .prefetch_related(holders_prefetch())
        .order_by("-created_at", "-pk")
    )
    for right in primary:
        by_parcel.setdefault(right.parcel_id, []).append(right)
    granted_by = {}
    for grant in grants:
        moment = grant.created_at
        for right in by_parcel.get(grant.parcel_id, []):  # the latest first
            if right.created_at <= moment and not (right.end_lifespan and right.end_lifespan < moment):
                granted_by[grant.pk] = [right]
                break
    return granted_by


def transactions_register(*, village, commune, start: dt.date, end: dt.date, personal: bool) -> Register:
    since, until = day_start(start), day_after(end)
    transfers = Transfer.objects.filter(parcel__village=village)
    changes = ParcelChange.objects.filter(old_parcels__village=village).distinct()
    grants = Right.objects.filter(parcel__village=village, right_type__code__in=SECONDARY_TRANSACTIONS)
    # Entries keep their number in the village's register since its first entry: those before the period are
    # counted, not read (the order is by time first, so they all come before the period's).
    numbered_before = (
        transfers.filter(recorded_at__lt=since).count()
        + changes.filter(recorded_at__lt=since).count()
        + grants.filter(created_at__lt=since).count()
    )
    transfers = (
        transfers.filter(recorded_at__gte=since, recorded_at__lt=until)
        .select_related("parcel", "application")
        .prefetch_related(holders_prefetch("old_right__holders"), holders_prefetch("new_right__holders"))
    )
    changes = (
        changes.filter(recorded_at__gte=since, recorded_at__lt=until)
        .select_related("application")
        .prefetch_related(
            "old_parcels__rights__right_type",
            "new_parcels__rights__right_type",
            holders_prefetch("old_parcels__rights__holders"),
            holders_prefetch("new_parcels__rights__holders"),
        )
    )
    grants = list(
        grants.filter(created_at__gte=since, created_at__lt=until)
        .select_related("parcel", "right_type")
        .prefetch_related(holders_prefetch())
    )
    granted_by = _granted_by(grants)
    entries = sorted(
        [(t.recorded_at, t.pk, _transfer_row(t, personal)) for t in transfers]
        + [(c.recorded_at, c.pk, _change_row(c, personal)) for c in changes]
        + [(g.created_at, g.pk, _grant_row(g, personal, granted_by)) for g in grants],
        key=lambda e: (e[0], str(e[1])),
    )
    rows = [
        [str(number), day(moment), *row]
        for number, (moment, _pk, row) in enumerate(entries, start=numbered_before + 1)
    ]
    columns = [
        _("No."),
        _("Date of entry"),
        _("Transaction"),
        _("Parcels"),
        _("Holders before"),
        _("Holders after"),
        _("Period"),
        _("Reference"),
    ]
    return Register(RegisterKind.TRANSACTIONS, village, commune, start, end, columns, rows)
