"""The land office records the co-holders' (and spouses') consent to a disposal, one person at a time."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from landreg.accounts.selectors import has_unit_perm
from landreg.adjudication.changes.consents import RepresentativeInput, consent_record, consents_needed
from landreg.adjudication.models import SignatureMark
from landreg.adjudication.selectors import claims_visible_to
from landreg.adjudication.states import ClaimState
from landreg.core.exceptions import RegistryError
from landreg.parties.models import RepresentationBasis
from landreg.web.once import submitted_once

YES_NO = [("yes", gettext_lazy("consents")), ("no", gettext_lazy("refuses"))]


class ConsentForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(label=gettext_lazy("Name of the spouse"), max_length=200, required=False)
    agrees = forms.ChoiceField(label=gettext_lazy("Decision"), choices=YES_NO, widget=forms.RadioSelect)
    mark = forms.ChoiceField(label=gettext_lazy("Mark"), choices=SignatureMark.choices)
    mark_reference = forms.CharField(label=gettext_lazy("Mark reference"), max_length=128, required=False)
    # For a co-holder who is a minor: who consents for them (prefilled with the representative recorded).
    representative_name = forms.CharField(
        label=gettext_lazy("Legal representative who consents"), max_length=200, required=False
    )
    representative_basis = forms.ChoiceField(
        label=gettext_lazy("Basis of the representation"),
        choices=[("", "—"), *RepresentationBasis.choices],
        required=False,
    )
    representative_reference = forms.CharField(
        label=gettext_lazy("Reference of the deliberation or judgment"), max_length=200, required=False
    )

    def representative(self) -> RepresentativeInput | None:
        data = self.cleaned_data
        if not data["representative_name"].strip():
            return None
        return RepresentativeInput(
            name=data["representative_name"],
            basis=data["representative_basis"],
            reference=data["representative_reference"],
        )


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
                representative=posted.representative() if wanted.minor else None,
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
            else ConsentForm(initial={"key": n.key, **_recorded_representative(n)}),
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


def _recorded_representative(needed) -> dict:
    """The form's representative, as the register records them for a minor (the clerk checks it)."""
    if not needed.minor or needed.representation is None:
        return {}
    return {
        "representative_name": needed.representation.representative_name,
        "representative_basis": needed.representation.basis,
        "representative_reference": needed.representation.reference,
    }
