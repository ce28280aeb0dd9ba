"""The procedure's papers as PDF downloads from the claim's page, for those who may see the claim.

The claim is looked up through ``claims_visible_to`` (another village's user gets a 404); a paper exists
once its step has happened (404 before). Personal data prints only for users who may see it there.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from landreg.accounts.selectors import has_unit_perm
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
