"""The figures page of the disputes: the counts of ``cases.figures``, labelled in French."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from landreg.disputes.cases.figures import dispute_figures
from landreg.disputes.states import DisputeKind, DisputeStatus


@login_required
def figures_page(request):
    figures = dispute_figures(request.user)
    return render(
        request,
        "disputes/figures.html",
        {
            "figures": figures,
            "by_type": [(DisputeKind(k).label, n) for k, n in figures["by_type"].items()],
            "by_status": [(DisputeStatus(s).label, n) for s, n in figures["by_status"].items()],
        },
    )
