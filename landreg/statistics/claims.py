"""Figures of the procedure: claims lodged and approved and certificates issued per month and per village,
claims by state, and the time claims spend in each step (from their append-only moves)."""

from django.db.models import Count, F, Window
from django.db.models.functions import Lead, TruncMonth
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from landreg.adjudication.models import Claim, ClaimEvent
from landreg.adjudication.states import ClaimState
from landreg.certificates.models import Certificate
from landreg.statistics import durations
from landreg.statistics.figure import Chart, Figure, Series
from landreg.statistics.scope import Scope


def _lodged(scope: Scope):
    # Lodged = first submission (a returned claim submitted again is not lodged twice).
    return ClaimEvent.objects.filter(
        claim__village__in=scope.village_ids,
        move="submit",
        from_state=ClaimState.DRAFT,
        occurred_at__gte=scope.start_at,
        occurred_at__lt=scope.end_at,
    )


def _approved(scope: Scope):
    return ClaimEvent.objects.filter(
        claim__village__in=scope.village_ids,
        to_state=ClaimState.READY_FOR_CERTIFICATE,
        occurred_at__gte=scope.start_at,
        occurred_at__lt=scope.end_at,
    )


def _issued(scope: Scope):
    return Certificate.objects.filter(
        village__in=scope.village_ids, issued_at__gte=scope.start_at, issued_at__lt=scope.end_at
    )


def _per_month(queryset, field: str) -> dict:
    rows = queryset.annotate(month=TruncMonth(field)).values("month").annotate(n=Count("pk")).order_by()
    return {row["month"].date(): row["n"] for row in rows}


def activity_per_month(scope: Scope) -> Figure:
    lodged = _per_month(_lodged(scope), "occurred_at")
    approved = _per_month(_approved(scope), "occurred_at")
    issued = _per_month(_issued(scope), "issued_at")
    months = scope.months()
    labels = [date_format(m, "YEAR_MONTH_FORMAT") for m in months]
    rows = [
        [label, lodged.get(m, 0), approved.get(m, 0), issued.get(m, 0)]
        for label, m in zip(labels, months, strict=True)
    ]
    return Figure(
        slug="per-month",
        title=_("Claims and certificates per month"),
        description=_(
            "Claims lodged (first submission), claims approved (right registered, ready for its certificate) "
            "and certificates issued, per month of the period."
        ),
        columns=[_("Month"), _("Claims lodged"), _("Claims approved"), _("Certificates issued")],
        rows=rows,
        chart=Chart(
            "line",
            labels,
            [
                Series(_("Claims lodged"), [r[1] for r in rows]),
                Series(_("Claims approved"), [r[2] for r in rows]),
                Series(_("Certificates issued"), [r[3] for r in rows]),
            ],
        ),
    )


def _per_village(queryset, village_field: str) -> dict:
    rows = queryset.values(village_field).annotate(n=Count("pk")).order_by()
    return {row[village_field]: row["n"] for row in rows}


def per_village(scope: Scope) -> Figure:
    lodged = _per_village(_lodged(scope), "claim__village")
    approved = _per_village(_approved(scope), "claim__village")
    issued = _per_village(_issued(scope), "village")
    in_progress = _per_village(
        Claim.objects.filter(village__in=scope.village_ids).exclude(
            state__in=[
                ClaimState.DRAFT,
                ClaimState.READY_FOR_CERTIFICATE,
                ClaimState.REJECTED,
                ClaimState.WITHDRAWN,
            ]
        ),
        "village",
    )
    rows = [
        [
            f"{v.name} ({v.code})",
            lodged.get(v.pk, 0),
            approved.get(v.pk, 0),
            issued.get(v.pk, 0),
            in_progress.get(v.pk, 0),
        ]
        for v in scope.villages.order_by("name")
    ]
    return Figure(
        slug="per-village",
        title=_("Claims and certificates per village"),
        description=_(
            "Claims lodged, claims approved and certificates issued during the period, and claims in "
            "progress today (lodged, not yet approved, rejected or withdrawn), per village."
        ),
        columns=[
            _("Village"),
            _("Claims lodged"),
            _("Claims approved"),
            _("Certificates issued"),
            _("In progress today"),
        ],
        rows=rows,
        chart=Chart(
            "hbar",
            [r[0] for r in rows],
            [
                Series(_("Claims lodged"), [r[1] for r in rows]),
                Series(_("Claims approved"), [r[2] for r in rows]),
                Series(_("Certificates issued"), [r[3] for r in rows]),
            ],
        ),
    )


def per_state(scope: Scope) -> Figure:
    counts = dict(
        Claim.objects.filter(
            village__in=scope.village_ids, created_at__gte=scope.start_at, created_at__lt=scope.end_at
        )
        .values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = [[state.label, counts.get(state.value, 0)] for state in ClaimState]
    return Figure(
        slug="per-state",
        title=_("Claims by state"),
        description=_("Claims opened during the period (drafts included), by their state today."),
        columns=[_("State"), _("Claims")],
        rows=rows,
        chart=Chart("hbar", [r[0] for r in rows], [Series(_("Claims"), [r[1] for r in rows])]),
    )


def time_in_steps(scope: Scope) -> Figure:
    """A stay in a state runs from the move that entered it to the claim's next move; stays that ended
    during the period count. The window runs over all the claim's moves, so a stay that began before the
    period still has its true length."""
    moves = (
        ClaimEvent.objects.filter(claim__village__in=scope.village_ids)
        .annotate(
            left_at=Window(
                Lead("occurred_at"),
                partition_by=[F("claim_id")],
                order_by=[F("occurred_at").asc(), F("id").asc()],
            )
        )
        .values("to_state", "occurred_at", "left_at")
    )
    moves_sql, params = moves.query.sql_with_params()
    stays_sql = (
        # SQL made by the ORM and by durations.epoch_seconds; the values go as parameters.
        f"SELECT stays.to_state AS grp, {durations.epoch_seconds('stays.left_at')} - "  # noqa: S608
        f"{durations.epoch_seconds('stays.occurred_at')} AS seconds FROM ({moves_sql}) stays "
        "WHERE stays.left_at >= %s AND stays.left_at < %s"
    )
    params = [*params, durations.datetime_param(scope.start_at), durations.datetime_param(scope.end_at)]
    summary = durations.summarise(stays_sql, params)
    now = dict(
        Claim.objects.filter(village__in=scope.village_ids)
        .values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    final = {ClaimState.READY_FOR_CERTIFICATE, ClaimState.REJECTED, ClaimState.WITHDRAWN, ClaimState.DRAFT}
    rows = []
    for state in ClaimState:
        if state in final:
            continue
        stays, median, longest = summary.get(state.value, (0, None, None))
        rows.append([state.label, stays, median, longest, now.get(state.value, 0)])
    return Figure(
        slug="steps",
        title=_("Time spent in each step"),
        description=_(
            "Days a claim stayed in each state, from the move that brought it there to its next move, for "
            "the stays that ended during the period: the median and the slowest; and the claims in each "
            "state today."
        ),
        columns=[
            _("Step"),
            _("Stays ended"),
            _("Median (days)"),
            _("Slowest (days)"),
            _("Claims there today"),
        ],
        rows=rows,
        chart=Chart(
            "hbar",
            [r[0] for r in rows],
            [
                Series(_("Median (days)"), [r[2] or 0 for r in rows]),
                Series(_("Slowest (days)"), [r[3] or 0 for r in rows]),
            ],
        ),
    )
