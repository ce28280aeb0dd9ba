"""The land office's page to lodge an application for a later change of a parcel (demande de mutation)."""

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from landreg.accounts.selectors import has_unit_perm
from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.changes.consents import consents_needed
from landreg.adjudication.changes.later_life import current_secondary_rights, secondary_right_end
from landreg.adjudication.changes.mortgages import current_mortgages, mortgage_release
from landreg.adjudication.claims import transitions
from landreg.adjudication.pages.change_forms import ChangeForms, MortgageReleaseForm
from landreg.adjudication.profiles import profile_for
from landreg.adjudication.selectors import changes_in_progress
from landreg.adjudication.states import CHANGE_KINDS, ClaimPurpose, Step
from landreg.core.exceptions import RegistryError
from landreg.core.refusals import refused
from landreg.core.search.collation import name_order_key
from landreg.disputes.cases.freeze import open_cases
from landreg.documents.services import source_attach
from landreg.parcels.selectors import parcels_visible_to
from landreg.web.once import submitted_once


@login_required
@submitted_once
def change_new(request, parcel_pk):
    parcel = get_object_or_404(
        parcels_visible_to(request.user).current().select_related("village"), pk=parcel_pk
    )
    if not has_unit_perm(request.user, "record_transactions", parcel.village):
        raise Http404
    # The rights in force are what may be transferred (rights.models.in_force_on), not a lease past its term.
    rights = parcel.rights.in_force().select_related("right_type").prefetch_related("holders__party")
    holders = sorted(
        {h.party for r in rights for h in r.holders.all()}, key=lambda p: name_order_key(p.display_name)
    )
    posted = request.method == "POST"
    searching = posted and "search" in request.POST
    forms = ChangeForms(
        parcel=parcel,
        rights=rights,
        holders=holders,
        user=request.user,
        query=request.POST.get("person_q", "") if posted else "",
        data=request.POST if posted else None,
        files=request.FILES if posted else None,
    )
    context = {
        "parcel": parcel,
        "leases": current_secondary_rights(parcel),
        # What will stop the submission, said before the form is filled in, not after: an open dispute case
        # on the parcel, another application already lodged on it.
        "open_cases": list(open_cases(parcels=[parcel]).values_list("number", flat=True)),
        "in_progress": list(changes_in_progress([parcel])),
        "mortgages": current_mortgages(parcel),
        "forms": forms,
        "form": forms.change,
        "profile_steps": _profile_steps(parcel.village),
        "person_q": request.POST.get("person_q", ""),
        "searching": searching,
    }
    if not posted or searching:
        return render(request, "adjudication/change_new.html", context)
    if not forms.is_valid():
        return render(request, "adjudication/change_new.html", context, status=400)
    data = forms.change.cleaned_data
    try:
        with transaction.atomic():  # a refused submission leaves neither a draft nor a document
            documents = []
            if data["source_type"]:
                documents.append(
                    source_attach(
                        source_type=data["source_type"],
                        document_date=data["document_date"],
                        village=parcel.village,
                        reference=data["reference"],
                        file=data["file"],
                        recorded_by=request.user,
                    )
                )
            application = change_draft(
                actor=request.user,
                kind=data["kind"],
                right=data["right"],
                parcels=forms.change.parcels(),
                party=forms.change.party_corrected(),
                new_holders=forms.new_holders(),
                data=forms.change.details(),
                documents=documents,
            )
            awaiting_consent = any(not n.given for n in consents_needed(application))
            if data["submit_now"] and not awaiting_consent:
                application = transitions.claim_submit(claim=application, actor=request.user)
    except RegistryError as exc:
        messages.error(request, str(exc))
        return render(request, "adjudication/change_new.html", context, status=400)
    if awaiting_consent:  # the draft is kept: the co-holders consent, then it is submitted
        messages.warning(
            request, _("Draft saved: record each co-holder's consent with their mark, then submit.")
        )
        return redirect("adjudication:claim-consents", pk=application.pk)
    if application.receipt_number:
        messages.success(
            request, _("Application lodged: receipt %(receipt)s.") % {"receipt": application.receipt_number}
        )
    else:
        messages.success(request, _("Draft saved; attach the documents, then submit."))
    return redirect("adjudication:claim-detail", pk=application.pk)


def _profile_steps(village) -> list[tuple[str, str]]:
    """Each kind with the steps the commune's profile puts it through, to show before lodging."""
    profile = profile_for(village)
    return [
        (
            str(ClaimPurpose(kind).label),
            " → ".join(str(Step(s).label) for s in profile.change_steps.get(kind, []))
            or _("recorded directly by the land office"),
        )
        for kind in CHANGE_KINDS
    ]


class EndEarlyForm(django_forms.Form):
    reason = django_forms.CharField(
        label=_lazy("Reason and reference of the act"),
        widget=django_forms.Textarea(attrs={"rows": 2}),
        max_length=500,
    )


@login_required
@submitted_once
def secondary_right_end_view(request, parcel_pk, right_pk):
    """The land office ends a lease or a loan of the parcel before its term."""
    parcel = get_object_or_404(
        parcels_visible_to(request.user).current().select_related("village"), pk=parcel_pk
    )
    if not has_unit_perm(request.user, "record_transactions", parcel.village):
        raise Http404
    right = get_object_or_404(current_secondary_rights(parcel), pk=right_pk)
    form = EndEarlyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                secondary_right_end(right=right, actor=request.user, reason=form.cleaned_data["reason"])
            except RegistryError as exc:
                status = refused(form, exc)
            else:
                messages.success(
                    request,
                    _("%(right)s of %(holders)s ended; it stays in the parcel's history.")
                    % {"right": right.right_type, "holders": _holders(right)},
                )
                return redirect("web:parcel-detail", pk=parcel.pk)
    return render(
        request,
        "adjudication/secondary_right_end.html",
        {"parcel": parcel, "right": right, "holders": _holders(right), "form": form},
        status=status,
    )


def _holders(right) -> str:
    return ", ".join(h.party.display_name for h in right.holders.all())


@login_required
@submitted_once
def mortgage_release_view(request, parcel_pk, right_pk):
    """The land office records the release (mainlevée) of a mortgage of the parcel: the credit is repaid."""
    parcel = get_object_or_404(
        parcels_visible_to(request.user).current().select_related("village"), pk=parcel_pk
    )
    if not has_unit_perm(request.user, "record_transactions", parcel.village):
        raise Http404
    right = get_object_or_404(current_mortgages(parcel), pk=right_pk)
    form = MortgageReleaseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                mortgage_release(
                    right=right,
                    actor=request.user,
                    deed_reference=form.cleaned_data["deed_reference"],
                    deed_date=form.cleaned_data["deed_date"],
                )
            except RegistryError as exc:
                status = refused(form, exc)
            else:
                messages.success(
                    request,
                    _("Mortgage of %(creditor)s released; it stays in the parcel's history.")
                    % {"creditor": _holders(right)},
                )
                return redirect("web:parcel-detail", pk=parcel.pk)
    return render(
        request,
        "adjudication/mortgage_release.html",
        {"parcel": parcel, "right": right, "creditor": _holders(right), "form": form},
        status=status,
    )
