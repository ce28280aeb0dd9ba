"""The field agent's pages: draft a claim, edit it while it is a draft (or returned, then submit it again)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from landreg.accounts.selectors import has_unit_perm, villages_covered
from landreg.adjudication.claims import transitions
from landreg.adjudication.claims.services import claim_draft, claim_update
from landreg.adjudication.models import Claim
from landreg.adjudication.pages.claim_forms import COLLECTIVE, ClaimForms, claim_initial, scoped_parties
from landreg.adjudication.selectors import claims_visible_to
from landreg.adjudication.states import ClaimState
from landreg.core.exceptions import RegistryError
from landreg.documents.models import SourceType
from landreg.documents.services import source_attach
from landreg.web.once import submitted_once


def _mandate(forms: ClaimForms, *, village, user, claim: Claim | None = None) -> list:
    """The mandate of a group as a claim document (a new one only if its reference or date change)."""
    data = forms.claim.cleaned_data
    if data["holding"] != COLLECTIVE:
        return []
    reference, date = data["mandate_reference"], data["mandate_date"]
    if (
        claim is not None
        and claim.documents.filter(
            source_type=SourceType.MANDATE, reference=reference, document_date=date
        ).exists()
    ):
        return []
    source = source_attach(
        source_type=SourceType.MANDATE,
        document_date=date,
        village=village,
        reference=reference,
        file=data.get("mandate_file"),
        recorded_by=user,
    )
    return [source]


def _page(request, forms: ClaimForms, claim: Claim | None):
    searching = request.method == "POST" and "search" in request.POST
    status = 400 if request.method == "POST" and not searching else 200
    context = {
        "forms": forms,
        "form": forms.claim,
        "claim": claim,
        "searching": searching,
        "person_q": request.POST.get("person_q", ""),
        # A browser never sends a chosen file again: the page says so, naming it, when it comes back.
        "lost_mandate": request.FILES["mandate_file"].name if "mandate_file" in request.FILES else "",
    }
    return render(request, "adjudication/claim_form.html", context, status=status)


def _forms(request, villages, initial=None) -> ClaimForms:
    post = request.method == "POST"
    return ClaimForms(
        user=request.user,
        user_villages=villages,
        parties=scoped_parties(villages_covered(request.user, "record_claims")),
        query=request.POST.get("person_q", "") if post else "",
        data=request.POST if post else None,
        files=request.FILES if post else None,
        initial=initial,
    )


@login_required
@submitted_once
def claim_new(request):
    villages = villages_covered(request.user, "record_claims")
    forms = _forms(request, villages)
    if request.method == "POST" and "search" not in request.POST and forms.is_valid():
        data = forms.claim.cleaned_data
        try:
            with transaction.atomic():  # a refused draft leaves no mandate behind
                claim = claim_draft(
                    actor=request.user,
                    village=data["village"],
                    geometry=data["geometry"],
                    right_type=data["right_type"].code,
                    claimants=forms.claimants(),
                    tenure_system=data["tenure_system"],
                    land_use=data["land_use"],
                    survey_method=data["survey_method"],
                    local_name=data["local_name"],
                    limits=forms.limits(),
                    documents=_mandate(forms, village=data["village"], user=request.user),
                    secondary_rights=forms.secondary_rights(),
                )
        except RegistryError as exc:
            forms.errors.append(str(exc))
        else:
            messages.success(request, _("Draft saved; attach the documents, then submit."))
            return redirect("adjudication:claim-detail", pk=claim.pk)
    return _page(request, forms, None)


@login_required
@submitted_once
def claim_edit(request, pk):
    claim = get_object_or_404(claims_visible_to(request.user), pk=pk)
    editable = claim.state in {ClaimState.DRAFT, ClaimState.RETURNED} and not claim.is_change
    if not editable or not has_unit_perm(request.user, "record_claims", claim.village):
        raise Http404
    villages = villages_covered(request.user, "record_claims").filter(pk=claim.village_id)
    forms = _forms(request, villages, initial=None if request.method == "POST" else claim_initial(claim))
    if request.method == "POST" and "search" not in request.POST and forms.is_valid():
        data = forms.claim.cleaned_data
        try:
            with transaction.atomic():
                claim_update(
                    actor=request.user,
                    claim=claim,
                    geometry=data["geometry"],
                    right_type=data["right_type"].code,
                    claimants=forms.claimants(),
                    tenure_system=data["tenure_system"],
                    land_use=data["land_use"],
                    survey_method=data["survey_method"],
                    local_name=data["local_name"],
                    limits=forms.limits(),
                    documents=_mandate(forms, village=claim.village, user=request.user, claim=claim),
                    secondary_rights=forms.secondary_rights(),
                )
        except RegistryError as exc:
            forms.errors.append(str(exc))
        else:
            if "resubmit" in request.POST and claim.state == ClaimState.RETURNED:
                _submit_again(request, claim)
            else:
                messages.success(request, _("The claim is saved."))
            return redirect("adjudication:claim-detail", pk=claim.pk)
    return _page(request, forms, claim)


def _submit_again(request, claim: Claim) -> None:
    """A returned claim, corrected, lodged again (the workflow's one move from « returned »: submit). The
    corrections stay saved when the registry refuses it (a document still missing, shares not adding up):
    the claim's page says why, and where the agent attaches what is missing."""
    try:
        transitions.claim_submit(claim=claim, actor=request.user)
    except RegistryError as exc:
        messages.error(
            request,
            _("The corrections are saved; the claim is not submitted again: %(reason)s") % {"reason": exc},
        )
    else:
        messages.success(request, _("The claim is corrected and submitted again: it waits for screening."))
