"""The agent's page of what they sent from the field: each submission's state and what to correct."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from landreg.collect.models import Submission


@login_required
def my_submissions(request):
    submissions = (
        Submission.objects.filter(agent=request.user)
        .select_related("village", "claim")
        .order_by("-received_at")
    )
    page = Paginator(submissions, 50).get_page(request.GET.get("page"))
    server = request.build_absolute_uri("/collect/")
    return render(request, "collect/submissions.html", {"page": page, "server": server})
