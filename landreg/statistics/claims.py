"""Figures of the procedure: claims lodged and approved and certificates issued per month and per village,
claims by state, and the time claims spend in each step (from their append-only moves)."""

import datetime as dt
from collections import defaultdict

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from landreg.adjudication.models import Claim, ClaimEvent
from landreg.adjudication.states import ClaimState
from landreg.certificates.models import Certificate
from landreg.statistics import durations
from landreg.statistics.figure import Chart, Figure, Series
from landreg.statistics.scope import Scope

LODGED = Q(move="submit", from_state=ClaimState.DRAFT)  # a returned claim submitted again is not lodged twice
APPROVED = Q(to_state=ClaimState.READY_FOR_CERTIFICATE)


def _month_number(scope: Scope, field: str) -> Case:
    """The position in ``scope.months()`` of the month a moment of the period falls in, by comparing it with
    the first moment of each month in the current time zone: plain comparisons, which both databases make in
    SQL (``TruncMonth`` on SQLite calls a Python function for every row, seconds for a commune's moves)."""
    months = scope.months()
    firsts = [timezone.make_aware(dt.datetime.combine(month, dt.time.min)) for month in months[1:]]
    return Case(
        *[When(**{f"{field}__lt": first}, then=Value(i)) for i, first in enumerate(firsts)],
        default=Value(len(months) - 1),
        output_field=IntegerField(),
    )


def _activity(scope: Scope) -> dict[tuple, list[int]]:
    """(village id, month) → [claims lodged, claims approved, certificates issued] in the period: two grouped
    queries shared by the figures per month and per village (remembered on the scope)."""
    if "activity" in scope.memo:
        return scope.memo["activity"]
    counts = defaultdict(lambda: [0, 0, 0])
    months = scope.months()
    moves = (
        ClaimEvent.objects.filter(
            LODGED | APPROVED,
            claim__village__in=scope.village_ids,
            occurred_at__gte=scope.start_at,
            occurred_at__lt=scope.end_at,
        )
        .annotate(month=_month_number(scope, "occurred_at"))
        .values("claim__village", "month")
        .annotate(lodged=Count("pk", filter=LODGED), approved=Count("pk", filter=APPROVED))
        .order_by()
    )
    for row in moves:
        counts[row["claim__village"], months[row["month"]]][:2] = [row["lodged"], row["approved"]]
    issued = (
        Certificate.objects.filter(
            village__in=scope.village_ids, issued_at__gte=scope.start_at, issued_at__lt=scope.end_at
        )
        .annotate(month=_month_number(scope, "issued_at"))
        .values("village", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in issued:
        counts[row["village"], months[row["month"]]][2] = row["n"]
    scope.memo["activity"] = counts
    return counts


def _totals(scope: Scope, key) -> dict:
    totals = defaultdict(lambda: [0, 0, 0])
    for (village, month), values in _activity(scope).items():
        total = totals[key(village, month)]
        for i, value in enumerate(values):
            total[i] += value
    return totals


def activity_per_month(scope: Scope) -> Figure:
    per_month = _totals(scope, lambda village, month: month)
    months = scope.months()
    labels = [date_format(m, "YEAR_MONTH_FORMAT") for m in months]
    rows = [[m, *per_month[m]] for m in months]  # the month: shown in words, 2030-01 in the CSV
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


def _states(scope: Scope) -> dict[tuple, tuple[int, int]]:
    """(village id, state) → (claims in that state today, of which opened during the period): one grouped
    query, the second count a conditional aggregate, shared by three figures (remembered on the scope)."""
    if "states" not in scope.memo:
        rows = (
            Claim.objects.filter(village__in=scope.village_ids)
            .values_list("village", "state")
            .annotate(
                n=Count("pk"),
                opened=Count("pk", filter=Q(created_at__gte=scope.start_at, created_at__lt=scope.end_at)),
            )
            .order_by()
        )
        scope.memo["states"] = {(village, state): (n, opened) for village, state, n, opened in rows}
    return scope.memo["states"]


def _states_today(scope: Scope) -> dict[tuple, int]:
    """(village id, state) → claims in that state today."""
    return {key: n for key, (n, _opened) in _states(scope).items()}


NOT_IN_PROGRESS = {
    ClaimState.DRAFT,
    ClaimState.READY_FOR_CERTIFICATE,
    ClaimState.REJECTED,
    ClaimState.WITHDRAWN,
}


def per_village(scope: Scope) -> Figure:
    activity = _totals(scope, lambda village, month: village)
    in_progress = defaultdict(int)
    for (village, state), n in _states_today(scope).items():
        if state not in NOT_IN_PROGRESS:
            in_progress[village] += n
    rows = [
        [f"{v.name} ({v.code})", *activity[v.pk], in_progress[v.pk]] for v in scope.villages.order_by("name")
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
    counts = defaultdict(int)
    for (_village, state), (_n, opened) in _states(scope).items():
        counts[state] += opened
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
    during the period count. Each move records when the claim entered the state it leaves (``previous_at``,
    set by the transition, backfilled for older moves), so a stay that began before the period still has
    its true length and only the moves of the period are read, with no window over a claim's history."""
    villages_sql, villages_params = scope.village_ids.query.sql_with_params()
    event, claim = ClaimEvent._meta.db_table, Claim._meta.db_table
    start, end = durations.datetime_param(scope.start_at), durations.datetime_param(scope.end_at)
    seconds = f"{durations.epoch_seconds('e.occurred_at')} - {durations.epoch_seconds('e.previous_at')}"
    stays_sql = f"""
        SELECT e.from_state AS grp, {seconds} AS seconds
        FROM {event} e JOIN {claim} c ON c.id = e.claim_id
        WHERE e.previous_at IS NOT NULL AND e.occurred_at >= %s AND e.occurred_at < %s
          AND c.village_id IN ({villages_sql})
    """  # noqa: S608 - table names from the models, the scope's SQL from the ORM; values as parameters
    summary = durations.summarise(stays_sql, [start, end, *villages_params])
    now = defaultdict(int)
    for (_village, state), n in _states_today(scope).items():
        now[state] += n
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
