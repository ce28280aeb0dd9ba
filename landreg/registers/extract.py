"""The extract of the registers for one parcel (« extrait du registre », « relevé parcellaire »): what the
land office hands a holder, a buyer or a bank asking what the registry says of a parcel today.

Read from the same records as the registers: the parcel; its rights in force with their holders (a group
with its members and mandatary); its past rights, main and secondary, with their dates and how they ended
(``past_rights``); the register of possessions' entries of the parcel in the order they were
written, with their entry numbers in the village's register; the certificates issued on it; the dispute cases
and objections still open on it. ID documents only for readers who may see the village's personal data
(``view_personal_data``), as in the registers.

An extract is recorded in the audit chain (``parcel.extract``) before it is read, under the chain's head lock:
no write of the register (every one goes through the chain) can come between the head the paper names and
what it prints, so « état du registre au … » names the last event the extract reflects.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from landreg.accounts.selectors import has_unit_perm
from landreg.adjudication.models import Claim, ParcelChange
from landreg.audit.models import AuditEvent, AuditHead
from landreg.audit.services import audit_record
from landreg.certificates.models import Certificate, CertificateStatus
from landreg.core.formats.pdf import plan_of
from landreg.core.geometry import format_ha_a_ca
from landreg.disputes.cases.freeze import open_cases
from landreg.parcels.models import Parcel
from landreg.registers.names import day, holders_by_right, holders_lines, right_holders_lines
from landreg.registers.past_rights import past_rows
from landreg.registers.possessions import entry_remarks
from landreg.rights.legal_basis import legal_basis_said
from landreg.rights.models import Right, RRRKind
from landreg.rights.mortgages import MORTGAGE, amount_said, until_said
from landreg.territory.models import UnitLevel


@dataclass(frozen=True)
class ChainState:
    """The audit chain's last event before the extract (the state it reflects) and the extract's own."""

    seq: int
    hash: str
    extract_seq: int
    at: dt.datetime


@dataclass(frozen=True)
class ParcelExtract:
    parcel: Parcel
    commune_name: str
    facts: list[tuple[str, str]]
    current: list[list[str]]  # rights in force: right, tenure, holders, since, legal basis
    past: list[list[str]]  # rights ended: right, holders, period, ended on, how
    entries: list[list[str]]  # the register of possessions' entries of the parcel
    certificates: list[list[str]]
    cases: list[list[str]]
    plan: dict | None
    personal: bool
    state: ChainState


def day_and_time(value: dt.datetime) -> tuple[str, str]:
    """An aware time as the registry's clock showed it: ("06/12/2026", "05:12")."""
    local = timezone.localtime(value)
    return date_format(local, "d/m/Y"), date_format(local, "H:i")


def _entry_number(right: Right) -> int:
    """The entry's number in its village's register of possessions (``possessions_register``'s order: time
    written, parcel number, id)."""
    parcel_number = right.parcel.number
    before = Q(created_at__lt=right.created_at) | Q(
        created_at=right.created_at, parcel__number__lt=parcel_number
    )
    before |= Q(created_at=right.created_at, parcel__number=parcel_number, pk__lt=right.pk)
    written = Right.objects.filter(
        parcel__village_id=right.parcel.village_id,
        right_type__kind=RRRKind.RIGHT,
        right_type__is_secondary=False,
    )
    return written.filter(before).count() + 1


def _facts(parcel: Parcel, commune_name: str) -> list[tuple[str, str]]:
    facts = [
        (_("Parcel"), parcel.number),
        (_("Village"), parcel.village.name),
        (_("Commune"), commune_name or "—"),
        (_("Place"), parcel.local_name or "—"),
        (_("Area"), format_ha_a_ca(parcel.area_m2)),
    ]
    if parcel.official_area_m2:
        facts.append((_("Official area"), format_ha_a_ca(parcel.official_area_m2)))
    facts += [
        (_("Land use"), parcel.get_land_use_display() or "—"),
        (_("Survey"), parcel.get_survey_method_display() or "—"),
        (
            _("Version"),
            _("%(version)s, since %(date)s")
            % {"version": parcel.version, "date": day(parcel.begin_lifespan)},
        ),
    ]
    born = ParcelChange.objects.filter(new_parcels=parcel).prefetch_related("old_parcels").first()
    if born is not None:
        facts.append(
            (
                _("Origin"),
                _("%(kind)s of %(parcels)s recorded on %(date)s")
                % {
                    "kind": born.get_kind_display(),
                    "parcels": ", ".join(p.number for p in born.old_parcels.all()),
                    "date": day(born.recorded_at),
                },
            )
        )
    if parcel.end_lifespan:
        ended = ParcelChange.objects.filter(old_parcels=parcel).prefetch_related("new_parcels").first()
        text = _("Closed on %(date)s") % {"date": day(parcel.end_lifespan)}
        if ended is not None:
            into = ", ".join(p.number for p in ended.new_parcels.all())
            text += f" ({ended.get_kind_display()} → {into})"
        facts.append((_("Status"), text))
    return facts


def _period(right: Right) -> str:
    if right.start_date and right.end_date:
        return f"{day(right.start_date)} – {day(right.end_date)}"
    if right.right_type_id == MORTGAGE:
        return f"{day(right.start_date or right.created_at)} – {until_said(None)}"
    return day(right.start_date or right.created_at)


def _basis(right: Right) -> str:
    """The legal basis; a mortgage's deed with the amount it secures and the day it was inscribed, kept by
    the parts of a split parcel (a buyer or a bank reads it here)."""
    terms = getattr(right, "mortgage", None) if right.right_type_id == MORTGAGE else None
    if terms is None:
        return legal_basis_said(right.legal_basis) or "—"
    registered = pgettext("mortgage", "registered on %(date)s") % {"date": day(terms.registered_at)}
    return (
        f"{legal_basis_said(right.legal_basis)} — {amount_said(terms.amount, terms.currency)} — {registered}"
    )


def _certificate_rows(parcel: Parcel) -> list[list[str]]:
    rows = []
    for certificate in (
        Certificate.objects.filter(parcel=parcel)
        .select_related("right", "parcel")
        .order_by("issued_at", "number")
    ):
        state = certificate.get_status_display()
        if certificate.status == CertificateStatus.SIGNED and certificate.signed_at:
            state += " " + _("on %(date)s") % {"date": day(certificate.signed_at)}
        if certificate.status == CertificateStatus.REVOKED:
            state += f" ({day(certificate.revoked_at)})"
        elif certificate.is_superseded:
            state += " — " + _("superseded (the right or the parcel changed since)")
        rows.append([certificate.number, day(certificate.issue_date), state])
    return rows


def _case_rows(parcel: Parcel) -> list[list[str]]:
    claims = Claim.objects.filter(subject_parcels=parcel)
    # The case's number, nature and stage; never its parties (the register of conciliations names them, for
    # those who handle disputes).
    return [
        [
            case.number,
            f"{case.get_kind_display()} ({case.get_origin_display()})",
            day(case.opened_at),
            case.get_status_display(),
        ]
        for case in open_cases(parcels=[parcel], claims=claims)
    ]


def _read(parcel: Parcel, *, personal: bool, state: ChainState) -> ParcelExtract:
    commune = parcel.village.ancestor_at(UnitLevel.COMMUNE)
    commune_name = commune.name if commune else ""
    today = timezone.localdate(state.at)
    rights = Right.objects.filter(parcel=parcel)
    holders = holders_by_right(rights)
    all_rights = list(
        rights.select_related("parcel", "right_type", "transfer_in", "transfer_out", "mortgage").order_by(
            "created_at", "pk"
        )
    )
    current = [
        [
            str(right.right_type),
            right.get_tenure_system_display(),
            right_holders_lines(right, holders.get(right.pk, []), personal=personal),
            _period(right),
            _basis(right),
        ]
        for right in sorted(all_rights, key=lambda r: (r.right_type.is_secondary, r.created_at))
        if right.is_in_force(today)
    ]
    certificates: dict = {}
    for certificate in Certificate.objects.filter(parcel=parcel).order_by("series", "sequence"):
        certificates.setdefault(certificate.right_id, []).append(certificate)
    entries = [
        [
            str(_entry_number(right)),
            day(right.created_at),
            f"{right.right_type} ({right.get_tenure_system_display()})",
            holders_lines(holders.get(right.pk, []), personal=personal),
            ", ".join(c.number for c in certificates.get(right.pk, [])) or "—",
            entry_remarks(right) or (_("In force") if right.end_lifespan is None else "—"),
        ]
        for right in all_rights
        # The register of possessions' entries: primary rights, not a restriction (a mortgage is no one's
        # possession; it is read among the rights in force above).
        if right.right_type.kind == RRRKind.RIGHT and not right.right_type.is_secondary
    ]
    plan = None
    if parcel.geometry is not None and parcel.area_srid:
        plan = plan_of(parcel.geometry, parcel.area_srid)
    return ParcelExtract(
        parcel=parcel,
        commune_name=commune_name,
        facts=_facts(parcel, commune_name),
        current=current,
        past=past_rows(parcel, all_rights, holders, today=today, personal=personal),
        entries=entries,
        certificates=_certificate_rows(parcel),
        cases=_case_rows(parcel),
        plan=plan,
        personal=personal,
        state=state,
    )


@transaction.atomic
def parcel_extract(*, parcel: Parcel, actor) -> ParcelExtract:
    """The extract of ``parcel`` for ``actor`` (who may see it: the caller reads it through
    ``parcels_visible_to``), recorded in the audit chain as produced."""
    personal = has_unit_perm(actor, "view_personal_data", parcel.village)
    # The chain's head stays locked until this transaction ends: what is read below is the register as it
    # stood at the event before the extract's own.
    event = audit_record(
        action="parcel.extract",
        obj=parcel,
        actor=actor,
        payload={"number": parcel.number, "version": parcel.version, "personal": personal},
    )
    state = ChainState(seq=event.seq - 1, hash=event.prev_hash, extract_seq=event.seq, at=event.occurred_at)
    return _read(parcel, personal=personal, state=state)


@transaction.atomic
def extract_again(*, parcel: Parcel, actor, extract_seq: int) -> ParcelExtract | None:
    """The extract recorded as event ``extract_seq`` read again for the same sending (``web.once``'s
    replay), recording nothing; None when that event is not ``actor``'s extract of ``parcel``, or when the
    register was written since (an event other than an extract), or the reader's right to see identity
    documents changed: the paper would no longer be the one that event names."""
    # The chain's head is locked, as for an extract: no write can come between the check and the reading.
    head = AuditHead.objects.select_for_update().get()
    event = AuditEvent.objects.filter(
        seq=extract_seq, action="parcel.extract", object_id=str(parcel.pk), actor=actor
    ).first()
    if event is None:
        return None
    written_since = AuditEvent.objects.filter(seq__gt=extract_seq, seq__lte=head.last_seq).exclude(
        action="parcel.extract"
    )
    personal = has_unit_perm(actor, "view_personal_data", parcel.village)
    if written_since.exists() or event.payload.get("personal") != personal:
        return None
    state = ChainState(seq=event.seq - 1, hash=event.prev_hash, extract_seq=event.seq, at=event.occurred_at)
    return _read(parcel, personal=personal, state=state)
