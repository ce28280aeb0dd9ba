"""The register of conciliations: every dispute case of a village in the order it was opened, with its
parties, the conciliation sessions held and what came of them (agreement, non-conciliation, the court)."""

import datetime as dt

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from landreg.core.stored_messages import message_said
from landreg.disputes.models import DisputeCase, DisputeParty, DisputeSession
from landreg.disputes.states import AgreedChange
from landreg.registers.kinds import Register, RegisterKind, day_after, day_start
from landreg.registers.names import day


def _parties(case) -> str:
    lines = []
    for party in case.parties.all():
        line = f"{party.name} ({party.role_said})"
        if party.represented_by:
            line += " — " + _("represented by %(name)s") % {"name": party.represented_by}
        lines.append(line)
    return "\n".join(lines) or "—"


def _sessions(case) -> str:
    return "\n".join(f"{day(s.held_on)}, {s.place}" for s in case.held_sessions) or "—"


def _outcomes(case) -> tuple[str, str]:
    outcomes = list(case.outcomes.all())
    if not outcomes:
        return case.get_status_display(), "—"
    results = [f"{o.get_kind_display()} — {day(o.decided_on)}" for o in outcomes]
    # The terms of each outcome, then what the register changed, once, only where something changed: every
    # outcome wrote « Modification du registre : rien à changer au registre » under its terms before, on
    # each row of the register (a non-conciliation never changes it; most agreements do not).
    terms = [o.summary for o in outcomes]
    changes = [o.change_said for o in outcomes if o.change != AgreedChange.NONE]
    if changes:
        terms.append(_("Change to the register: %(change)s") % {"change": "; ".join(changes)})
    return "\n".join(results), "\n".join(terms)


def conciliations_register(*, village, commune, start: dt.date, end: dt.date, personal: bool) -> Register:
    # ``personal`` is not needed: the register names the parties, and no ID document or birth date.
    opened = DisputeCase.objects.filter(village=village)
    # The cases opened before the period are counted, not read: their numbers go on in the period.
    numbered_before = opened.filter(opened_at__lt=day_start(start)).count()
    cases = list(
        opened.filter(opened_at__gte=day_start(start), opened_at__lt=day_after(end))
        .prefetch_related(
            Prefetch("parties", queryset=DisputeParty.objects.select_related("party")),
            "parcels",
            "outcomes",
            Prefetch(
                "sessions",
                queryset=DisputeSession.objects.filter(held_on__isnull=False).order_by("held_on"),
                to_attr="held_sessions",
            ),
        )
        .order_by("opened_at", "number")
    )
    rows = []
    for number, case in enumerate(cases, start=numbered_before + 1):
        outcome, terms = _outcomes(case)
        rows.append(
            [
                str(number),
                day(case.opened_at),
                f"{case.number}\n{case.get_kind_display()}\n{message_said(case.subject)}",
                ", ".join(p.number for p in case.parcels.all()) or "—",
                _parties(case),
                _sessions(case),
                outcome,
                terms,
            ]
        )
    columns = [
        _("No."),
        _("Date of entry"),
        _("Case"),
        _("Parcels"),
        _("Parties"),
        _("Sessions held"),
        _("Outcome"),
        _("Terms"),
    ]
    return Register(RegisterKind.CONCILIATIONS, village, commune, start, end, columns, rows)
