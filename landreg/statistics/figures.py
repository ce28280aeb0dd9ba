"""Every figure of the statistics page, in the order the page, the CSV links and the PDF report show them."""

from collections.abc import Callable

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


def all_figures(scope: Scope) -> list[Figure]:
    return [build(scope) for build in BUILDERS.values()]
