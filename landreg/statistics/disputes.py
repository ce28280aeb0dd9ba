"""Objections and disputes of the period: by type, by outcome, and the time they took to resolve."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from landreg.disputes.models import DisputeCase
from landreg.disputes.states import DisputeKind, DisputeOrigin, DisputeStatus
from landreg.statistics import durations
from landreg.statistics.figure import Chart, Figure, Series
from landreg.statistics.scope import Scope


def cases_opened(scope: Scope):
    return DisputeCase.objects.filter(
        village__in=scope.village_ids, opened_at__gte=scope.start_at, opened_at__lt=scope.end_at
    )


def _resolution_days(scope: Scope, group: str) -> dict:
    resolved = (
        cases_opened(scope).filter(closed_at__isnull=False).values(group, "opened_at", "closed_at").order_by()
    )
    cases_sql, params = resolved.query.sql_with_params()
    sql = (
        # A column name from this module, SQL made by the ORM; the values go as parameters.
        f"SELECT cases.{group} AS grp, {durations.epoch_seconds('cases.closed_at')} - "  # noqa: S608
        f"{durations.epoch_seconds('cases.opened_at')} AS seconds FROM ({cases_sql}) cases"
    )
    return durations.summarise(sql, list(params))


def disputes_by_type(scope: Scope) -> Figure:
    counts = {
        row["kind"]: row
        for row in cases_opened(scope)
        .values("kind")
        .annotate(
            opened=Count("pk"),
            objections=Count("pk", filter=Q(origin=DisputeOrigin.OBJECTION)),
            still_open=Count("pk", filter=Q(closed_at__isnull=True)),
        )
        .order_by()
    }
    days = _resolution_days(scope, "kind")
    rows = []
    for kind in DisputeKind:
        row = counts.get(kind.value, {"opened": 0, "objections": 0, "still_open": 0})
        resolved, median, longest = days.get(kind.value, (0, None, None))
        rows.append(
            [kind.label, row["opened"], row["objections"], row["still_open"], resolved, median, longest]
        )
    return Figure(
        slug="disputes-by-type",
        title=_("Objections and disputes by type"),
        description=_(
            "Dispute cases opened during the period, of which those opened by an objection during the public "
            "notice; those still open today, and for those resolved, the days from opening to outcome."
        ),
        columns=[
            _("Type"),
            _("Cases opened"),
            _("Of which objections"),
            _("Still open"),
            _("Resolved"),
            _("Median days to resolution"),
            _("Slowest (days)"),
        ],
        rows=rows,
        chart=Chart(
            "bar",
            [r[0] for r in rows],
            [Series(_("Resolved"), [r[4] for r in rows]), Series(_("Still open"), [r[3] for r in rows])],
            stacked=True,
        ),
    )


def disputes_by_outcome(scope: Scope) -> Figure:
    counts = dict(cases_opened(scope).values_list("status").annotate(n=Count("pk")).order_by())
    days = _resolution_days(scope, "status")
    rows = []
    for status in DisputeStatus:
        resolved, median, longest = days.get(status.value, (0, None, None))
        rows.append([status.label, counts.get(status.value, 0), median, longest])
    return Figure(
        slug="disputes-by-outcome",
        title=_("Disputes by outcome"),
        description=_(
            "Dispute cases opened during the period, by where they stand today (agreement, non-conciliation, "
            "court, withdrawal…), with the days from opening to outcome of those resolved."
        ),
        columns=[_("Outcome"), _("Cases"), _("Median days to resolution"), _("Slowest (days)")],
        rows=rows,
        chart=Chart("hbar", [r[0] for r in rows], [Series(_("Cases"), [r[1] for r in rows])]),
    )
