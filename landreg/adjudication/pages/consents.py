"""The land office records the co-holders' (and spouses') consent to a disposal, one person at a time."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from landreg.accounts.selectors import has_unit_perm
from landreg.adjudication.changes.consents import consent_record, consents_needed
from landreg.adjudication.models import SignatureMark
from landreg.adjudication.selectors import claims_visible_to
from landreg.adjudication.states import ClaimState
from landreg.core.exceptions import RegistryError
from landreg.web.once import submitted_once

YES_NO = [("yes", gettext_lazy("consents")), ("no", gettext_lazy("refuses"))]


class ConsentForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(label=gettext_lazy("Name of the spouse"), max_length=200, required=False)
    agrees = forms.ChoiceField(label=gettext_lazy("Decision"), choices=YES_NO, widget=forms.RadioSelect)
    mark = forms.ChoiceField(label=gettext_lazy("Mark"), choices=SignatureMark.choices)
    mark_reference = forms.CharField(label=gettext_lazy("Mark reference"), max_length=128, required=False)


@login_required
@submitted_once
def claim_consents(request, pk):
    claim = get_object_or_404(claims_visible_to(request.user), pk=pk)
    if not claim.is_change or not has_unit_perm(request.user, "record_transactions", claim.village):
        raise Http404
    needed = consents_needed(claim)
    by_key = {n.key: n for n in needed}
    posted = ConsentForm(request.POST) if request.method == "POST" else None
    if posted is not None and posted.is_valid():
        data = posted.cleaned_data
        wanted = by_key.get(data["key"])
        try:
            if wanted is None:
                raise RegistryError(_("This person's consent is not asked for this application."))
            consent_record(
                claim=claim,
                actor=request.user,
                role=wanted.role,
                party=wanted.party,
                agrees=data["agrees"] == "yes",
                mark=data["mark"],
                name=data["name"],
                mark_reference=data["mark_reference"],
            )
        except RegistryError as exc:
            posted.add_error(None, str(exc))
        else:
            messages.success(request, _("The consent is recorded."))
            return redirect("adjudication:claim-consents", pk=claim.pk)
    rows = [
        (
            n,
            posted
            if posted is not None and posted.data.get("key") == n.key
            else ConsentForm(initial={"key": n.key}),
        )
        for n in needed
    ]
    return render(
        request,
        "adjudication/consents.html",
        {
            "claim": claim,
            "rows": rows,
            "open": claim.state in {ClaimState.DRAFT, ClaimState.RETURNED},
            "all_given": all(n.given for n in needed),
        },
        status=400 if posted is not None else 200,
    )
