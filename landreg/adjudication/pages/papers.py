"""The procedure's papers as PDF downloads from the claim's page, for those who may see the claim.

The claim is looked up through ``claims_visible_to`` (another village's user gets a 404); a paper exists
once its step has happened (404 before). Personal data prints only for users who may see it there.
"""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from landreg.accounts.selectors import has_unit_perm, villages_covered
from landreg.adjudication.papers.minutes import (
    committee_decision,
    minutes_pdf,
    session_decisions,
)
from landreg.adjudication.papers.receipt import claim_receipt_pdf
from landreg.adjudication.papers.site_record import site_record_pdf
from landreg.adjudication.selectors import claims_visible_to


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # A paper may carry personal data: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def claim_receipt(request, pk):
    claim = get_object_or_404(claims_visible_to(request.user), pk=pk)
    if not claim.receipt_number:
        raise Http404
    personal = has_unit_perm(request.user, "view_personal_data", claim.village)
    return _pdf(claim_receipt_pdf(claim=claim, personal=personal), f"recepisse-{claim.receipt_number}.pdf")


@login_required
def site_record(request, pk, visit_pk):
    claim = get_object_or_404(claims_visible_to(request.user), pk=pk)
    visit = get_object_or_404(claim.site_visits.select_related("dispute", "recorded_by"), pk=visit_pk)
    filename = f"pv-terrain-{claim.receipt_number}-{visit.visit_date.isoformat()}.pdf"
    return _pdf(site_record_pdf(visit=visit), filename)


@login_required
def claim_minutes(request, pk):
    claim = get_object_or_404(claims_visible_to(request.user), pk=pk)
    decision = committee_decision(claim)
    if decision is None:
        raise Http404
    pdf = minutes_pdf(village=claim.village, decisions=[decision])
    return _pdf(pdf, f"pv-commission-{claim.receipt_number}.pdf")


@login_required
def session_minutes(request, village_code, day):
    village = get_object_or_404(villages_covered(request.user, "view_records"), code=village_code)
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    decisions = session_decisions(claims=claims_visible_to(request.user), village=village, day=date)
    if not decisions:
        raise Http404
    return _pdf(minutes_pdf(village=village, decisions=decisions), f"pv-commission-{village.code}-{day}.pdf")
