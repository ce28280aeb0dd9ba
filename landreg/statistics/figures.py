"""Every figure of the statistics page, in the order the page, the CSV links and the PDF report show them."""

import contextlib
from collections.abc import Callable, Iterator

from django.db import connection, transaction

from landreg.statistics import claims, disputes, holders, rights
from landreg.statistics.figure import Figure
from landreg.statistics.scope import Scope

BUILDERS: dict[str, Callable[[Scope], Figure]] = {
    "per-month": claims.activity_per_month,
    "per-village": claims.per_village,
    "per-state": claims.per_state,
    "steps": claims.time_in_steps,
    "holders-by-sex": holders.holders_by_sex,
    "right-types": rights.right_types,
    "disputes-by-type": disputes.disputes_by_type,
    "disputes-by-outcome": disputes.disputes_by_outcome,
}

# The window sorts of a commune's claim moves (hundreds of thousands of rows) fit in this much memory; the
# default (4 MB) sends them to disk. Set for the statistics' own transaction only.
SORT_MEMORY = "64MB"
ANALYTIC_PARALLEL_WORKERS = 2


@contextlib.contextmanager
def analytic_queries() -> Iterator[None]:
    """One read transaction for all the figures. On PostgreSQL it sorts in memory, skips JIT compilation,
    whose start-up (tens of milliseconds per query) costs more than it saves on queries of this size, and
    lets a query use parallel workers (PostgreSQL's default of 2; the registry's connections have none, see
    settings.PG_WEB_OPTIONS): counting a national register's claims is the long query they are for."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL work_mem = '{SORT_MEMORY}'")
                cursor.execute("SET LOCAL jit = off")
                cursor.execute(f"SET LOCAL max_parallel_workers_per_gather = {ANALYTIC_PARALLEL_WORKERS}")
        yield


def all_figures(scope: Scope) -> list[Figure]:
    with analytic_queries():
        return [build(scope) for build in BUILDERS.values()]


def one_figure(slug: str, scope: Scope) -> Figure:
    with analytic_queries():
        return BUILDERS[slug](scope)
