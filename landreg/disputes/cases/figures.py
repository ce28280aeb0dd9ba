"""Figures for the statistics: cases by type, by outcome, time to resolution, per village, by sex of parties.

Counted over the cases the user may see (``cases_visible_to``); no names, only counts.
"""

from collections import Counter
from statistics import median

from landreg.disputes.models import DisputeParty
from landreg.disputes.selectors import cases_visible_to
from landreg.disputes.states import DisputeKind, DisputeStatus
from landreg.parties.models import Sex


def dispute_figures(user) -> dict:
    cases = cases_visible_to(user)
    rows = list(cases.values("pk", "kind", "status", "village__code", "opened_at", "closed_at"))
    closed = [r for r in rows if r["closed_at"] is not None]
    days = sorted((r["closed_at"] - r["opened_at"]).days for r in closed)
    sexes = Counter(
        DisputeParty.objects.filter(case__in=[r["pk"] for r in rows]).values_list("sex", flat=True)
    )
    return {
        "total": len(rows),
        "open": len(rows) - len(closed),
        "by_type": {k: sum(1 for r in rows if r["kind"] == k) for k in DisputeKind.values},
        "by_status": {s: sum(1 for r in rows if r["status"] == s) for s in DisputeStatus.values},
        "by_village": dict(sorted(Counter(r["village__code"] for r in rows).items())),
        "parties_by_sex": {
            "female": sexes.get(Sex.FEMALE, 0),
            "male": sexes.get(Sex.MALE, 0),
            "unknown": sum(n for s, n in sexes.items() if s not in (Sex.FEMALE, Sex.MALE)),
        },
        "days_to_resolution": {
            "cases": len(days),
            "median": median(days) if days else None,
            "mean": round(sum(days) / len(days), 1) if days else None,
            "max": days[-1] if days else None,
        },
    }
