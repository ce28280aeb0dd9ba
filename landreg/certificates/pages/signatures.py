"""The signing authority's page after a print run: the certificates awaiting their signature, none ticked
(the signer ticks each one, or all at once with « Tout cocher », knowing what they sign; nothing ticked is
refused with its reason), signed together by one button (``issuing.transitions.certificates_sign``), with
what became of each; narrowed to a village or to one print run (``?batch=``, the run's page « signer ce
lot »)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from landreg.accounts.selectors import villages_covered
from landreg.certificates.issuing.transitions import certificates_sign
from landreg.certificates.pages.filters import SignaturesFilter
from landreg.certificates.pages.forms import SignSelectedForm
from landreg.certificates.selectors import certificates_to_sign
from landreg.web.once import submitted_once

# A print run is a village's or a commune's campaign: a few hundred certificates. The page lists this many,
# the first by number; once they are signed, it lists the next.
LISTED = 300


def _numbers(certificates) -> str:
    return ", ".join(c.number for c in certificates)


def _report(request, report) -> None:
    if report.signed:
        count = len(report.signed)
        messages.success(
            request,
            ngettext(
                "%(count)s certificate signed: %(numbers)s.",
                "%(count)s certificates signed: %(numbers)s.",
                count,
            )
            % {"count": count, "numbers": _numbers(report.signed)},
        )
    if report.already_signed:
        count = len(report.already_signed)
        messages.info(
            request,
            ngettext(
                "%(count)s certificate was already signed, and is not signed again: %(numbers)s.",
                "%(count)s certificates were already signed, and are not signed again: %(numbers)s.",
                count,
            )
            % {"count": count, "numbers": _numbers(report.already_signed)},
        )
    for certificate, reason in report.refused:
        messages.error(
            request,
            _("%(number)s not signed: %(reason)s") % {"number": certificate.number, "reason": reason},
        )


@login_required
@submitted_once
def signatures(request):
    if not villages_covered(request.user, "sign_certificates").exists():
        raise PermissionDenied
    # The page's address keeps its filters: signing sends the form to it and comes back to the same list.
    here = request.get_full_path()
    form, status = None, 200
    if request.method == "POST":
        form = SignSelectedForm(request.POST, user=request.user)
        if form.is_valid():
            _report(
                request, certificates_sign(certificates=form.cleaned_data["certificates"], actor=request.user)
            )
            return redirect(here)
        status = 400
    awaiting = certificates_to_sign(request.user)
    filters = SignaturesFilter(request.GET or None, queryset=awaiting, request=request)
    # A filter the form refuses (a village the user does not sign for, a run that printed none of theirs)
    # lists nothing and says why on its field, rather than listing everything.
    waiting = filters.qs if not filters.is_bound or filters.is_valid() else awaiting.none()
    waiting = waiting.select_related("parcel", "village").order_by("series", "sequence")
    listed = list(waiting[:LISTED])
    # Sent back with an error: the boxes as they were ticked; otherwise none: a signature is given to each
    # certificate knowingly, not to a list ticked in advance.
    chosen = {str(pk) for pk in form.data.getlist("certificates")} if form is not None else set()
    return render(
        request,
        "certificates/signatures.html",
        {
            "form": form,
            "filters": filters,
            "here": here,
            "rows": [(c, str(c.pk) in chosen) for c in listed],
            "total": waiting.count() if len(listed) == LISTED else len(listed),
        },
        status=status,
    )
