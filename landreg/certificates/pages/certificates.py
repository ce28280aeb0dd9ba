"""Pages: the registrar's print queue, the certificate page and its actions, batches; public verification."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from landreg.accounts.selectors import has_unit_perm, villages_covered
from landreg.certificates.batches.queue import batch_request, batch_restart
from landreg.certificates.batches.run import batch_candidates, batch_fingerprint
from landreg.certificates.issuing.content import frozen_word_said
from landreg.certificates.issuing.services import (
    certificate_deliver,
    certificate_issue,
    certificate_pdf,
    certificate_print,
)
from landreg.certificates.issuing.transitions import (
    certificate_declare_lost,
    certificate_revoke,
    certificate_sign,
)
from landreg.certificates.models import Certificate, CertificateStage, CertificateStatus
from landreg.certificates.pages.filters import (
    CERTIFICATE_SORTS,
    QUEUE_SORTS,
    CertificateListFilter,
    PrintQueueFilter,
)
from landreg.certificates.pages.forms import (
    BatchChoiceForm,
    BatchConfirmForm,
    DeliveryForm,
    LostForm,
    RevokeForm,
    print_units,
)
from landreg.certificates.pages.holder_links import holder_pages
from landreg.certificates.selectors import (
    batches_signable_by,
    batches_visible_to,
    certificate_stage,
    certificates_replacing,
    certificates_visible_to,
    deliveries_with_roles,
    delivery_recipients,
    paper_delivery,
    print_queue_marked,
    with_stage,
)
from landreg.certificates.standing import changes_since_issue
from landreg.certificates.verification import public_url, signing
from landreg.certificates.verification.throttle import verification_throttle
from landreg.certificates.verification.verdicts import verify_token
from landreg.core import clock
from landreg.core.exceptions import PermissionDeniedError, RegistryError
from landreg.core.refusals import refused
from landreg.parties.models import IdDocumentType, RepresentationBasis
from landreg.rights.mortgages import mortgages_said
from landreg.rights.selectors import rights_visible_to
from landreg.web.lists.page import list_page
from landreg.web.once import remember, submitted_once


@login_required
def queue(request):
    """The print queue: rights waiting for their first certificate, filtered, sorted and paged."""
    return _queue_page(request)


def _queue_page(request, *, status: int = 200):
    page = list_page(
        request,
        # A right a dispute holds cannot be issued (the service refuses it): its row names the case instead
        # of offering « Émettre », read in the queue's one statement.
        print_queue_marked(request.user),
        filterset_class=PrintQueueFilter,
        sorts=QUEUE_SORTS,
        default_sort="parcel",
    )
    return render(
        request,
        "certificates/queue.html",
        {
            "page": page,
            "batches": batches_visible_to(request.user).select_related("unit")[:20],
            "batch_form": BatchChoiceForm(user=request.user) if print_units(request.user).exists() else None,
        },
        status=status,
    )


@login_required
def certificate_list(request):
    """Every certificate the user may see, by stage (to print, to sign, to deliver, delivered)."""
    certificates = certificates_visible_to(request.user).select_related(
        "parcel", "village", "right__right_type"
    )
    page = list_page(
        request,
        certificates,
        filterset_class=CertificateListFilter,
        sorts=CERTIFICATE_SORTS,
        default_sort="-issued",
    )
    return render(
        request,
        "certificates/list.html",
        {"page": page, "may_sign": villages_covered(request.user, "sign_certificates").exists()},
    )


@login_required
@require_POST
@submitted_once
def issue(request, right_pk):
    right = get_object_or_404(rights_visible_to(request.user), pk=right_pk)
    try:
        certificate, created = certificate_issue(
            right=right, actor=request.user, base_url=public_url.for_request(request)
        )
    except RegistryError as exc:
        # Which row was refused, and why (a dispute holding the parcel, a right no longer current…): the
        # registrar clicked in a list of many.
        messages.error(
            request,
            _("No certificate issued for parcel %(parcel)s: %(reason)s")
            % {"parcel": right.parcel.number, "reason": exc},
        )
        # The queue's query string (its page, filters and order) comes with the form's address: back to the
        # same page of the same list, not to the first page of the whole queue.
        if isinstance(exc, PermissionDeniedError):  # refused, not redirected as if done: the queue, 403
            return _queue_page(request, status=403)
        where = request.GET.urlencode()
        return redirect(reverse("certificates:queue") + (f"?{where}" if where else ""))
    if created:
        messages.success(request, _("Certificate %(number)s issued.") % {"number": certificate.number})
    return redirect("certificates:detail", pk=certificate.pk)


@login_required
def detail(request, pk):
    return _detail_page(request, _visible(request, pk))


def _visible(request, pk) -> Certificate:
    return get_object_or_404(
        with_stage(certificates_visible_to(request.user).select_related("parcel", "right", "village")), pk=pk
    )


def _detail_page(request, certificate, *, delivery_form=None, revoke_form=None, lost_form=None, status=200):
    """The certificate's page; a form refused (delivery, revocation) comes back bound, with its errors."""
    user = request.user
    personal = has_unit_perm(user, "view_personal_data", certificate.village)
    may_issue = has_unit_perm(user, "issue_certificates", certificate.village)
    pages = holder_pages(user, certificate.right_id)
    handed = paper_delivery(certificate)
    stage = certificate_stage(certificate)
    changes = changes_since_issue(certificate)
    # Its right still in force on a current parcel: a new edition of the certificate is issued for it, once
    # this one is revoked (one certificate in force per right), as the print queue's « à rééditer » says.
    reissuable = certificate.right.is_in_force(clock.today()) and certificate.parcel.is_current
    to_reissue = certificate.status != CertificateStatus.REVOKED and bool(changes) and reissuable
    return render(
        request,
        "certificates/detail.html",
        {
            "certificate": certificate,
            # The holders as the certificate froze them, the identity document's kind in the reader's language
            # (the content keeps the word of the certificate's language, French unless the profile chose)
            "holders": [
                {
                    **holder,
                    "id_type": frozen_word_said(IdDocumentType, holder.get("id_type", "")),
                    "url": pages.get(holder.get("name", ""), ""),
                    "minor": _minor_said(holder.get("minor")),
                }
                for holder in certificate.content.get("holders", [])
            ],
            "events": certificate.events.select_related("actor"),
            # A revoked or superseded certificate leads to the one in force on its parcel (the heirs', the one
            # issued again after a loss); a superseded one is no longer printed or handed over.
            "replaced_by": certificates_replacing(certificate, user),
            "superseded": certificate.status != CertificateStatus.REVOKED and certificate.is_superseded,
            "changes": changes,
            "to_reissue": to_reissue,
            "reissuable": reissuable,
            # The parcel's mortgages in force today, whether the certificate printed them or not: a bank or a
            # buyer asks the land office whether the land is pledged.
            "mortgages": mortgages_said(parcel_id=certificate.parcel_id, on=clock.today()),
            "deliveries": deliveries_with_roles(certificate),
            # Where it stands on its path (print, sign, deliver: models.CertificateStage), and so which action
            # the page offers: the authority signs the printed paper; the paper printed last is handed once.
            "stage": stage,
            "handed": handed,
            # The holders to choose from are read only for whoever records deliveries.
            "delivery_form": delivery_form
            or (
                DeliveryForm(recipients=delivery_recipients(certificate))
                if may_issue and stage == CertificateStage.TO_DELIVER
                else None
            ),
            # The signer is led to revoke it before its new edition, the reason written for them.
            "revoke_form": revoke_form
            or RevokeForm(
                initial={"reason": _("New edition: the register has changed since issue.")}
                if to_reissue
                else None
            ),
            # « Déclarer perdu ou détruit… »: whoever prints and delivers, on a certificate in force whose
            # valid paper was made (signed, or printed where no signature is asked): none other was ever a
            # valid paper in anyone's hands.
            "lost_form": lost_form
            or (
                LostForm(recipients=delivery_recipients(certificate))
                if may_issue and certificate.paper_in_force and not certificate.is_superseded
                else None
            ),
            "may_issue": may_issue,
            "may_sign": has_unit_perm(user, "sign_certificates", certificate.village),
            "personal": personal,
            # The identity document presented and the power of attorney: the land office's, who delivers.
            "office": personal and may_issue,
        },
        status=status,
    )


def _action(request, pk, action, success: str):
    certificate = get_object_or_404(certificates_visible_to(request.user), pk=pk)
    try:
        action(certificate)
    except RegistryError as exc:
        messages.error(request, str(exc))
        if isinstance(exc, PermissionDeniedError):
            return _detail_page(request, _visible(request, pk), status=403)
    else:
        messages.success(request, success)
    return redirect("certificates:detail", pk=certificate.pk)


def _form_action(request, pk, form_name: str, make_form, action, success: str):
    """A form of the certificate's page: ``make_form(certificate)`` bound to what was sent and checked, then
    ``action(certificate, cleaned_data)``; a refusal (the form's, or the registry's: a wrong status, no right
    to do it) shows the page again with what was typed and why."""
    certificate = _visible(request, pk)
    form = make_form(certificate)
    status = 400
    if form.is_valid():
        try:
            action(certificate, form.cleaned_data)
        except RegistryError as exc:
            status = refused(form, exc)
        else:
            messages.success(request, success)
            return redirect("certificates:detail", pk=certificate.pk)
    return _detail_page(request, certificate, status=status, **{form_name: form})


def _pdf_answer(certificate, pdf: bytes) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.pdf"'
    return response


def _printed_again(request, answer: str, pk):
    """The print button's form sent again (a double click, a retry after a lost download): the same PDF as
    the first sending gave, the same original or duplicate number, and no print counted."""
    certificate = get_object_or_404(certificates_visible_to(request.user), pk=pk)
    if not answer.isdigit() or not has_unit_perm(request.user, "issue_certificates", certificate.village):
        return redirect("certificates:detail", pk=certificate.pk)
    return _pdf_answer(certificate, certificate_pdf(certificate, duplicate=int(answer)))


# A print sent again within a few minutes is the same print; later, the button prints a duplicate.
@login_required
@require_POST
@submitted_once(replay=_printed_again, within=timedelta(minutes=10))
def print_pdf(request, pk):
    certificate = get_object_or_404(certificates_visible_to(request.user), pk=pk)
    try:
        pdf = certificate_print(certificate=certificate, actor=request.user)
    except RegistryError as exc:
        messages.error(request, str(exc))
        if isinstance(exc, PermissionDeniedError):
            return _detail_page(request, _visible(request, pk), status=403)
        return redirect("certificates:detail", pk=certificate.pk)
    certificate.refresh_from_db(fields=["print_count"])
    remember(request, str(certificate.print_count - 1))  # the duplicate's number, 0 for the original
    return _pdf_answer(certificate, pdf)


@login_required
@require_POST
@submitted_once
def sign(request, pk):
    return _action(
        request, pk, lambda c: certificate_sign(certificate=c, actor=request.user), _("Signature recorded.")
    )


@login_required
@require_POST
@submitted_once
def revoke(request, pk):
    return _form_action(
        request,
        pk,
        "revoke_form",
        lambda _certificate: RevokeForm(request.POST),
        lambda c, values: certificate_revoke(certificate=c, actor=request.user, reason=values["reason"]),
        _("Certificate revoked."),
    )


@login_required
@require_POST
@submitted_once
def declare_lost(request, pk):
    return _form_action(
        request,
        pk,
        "lost_form",
        lambda certificate: LostForm(request.POST, recipients=delivery_recipients(certificate)),
        lambda certificate, values: certificate_declare_lost(
            certificate=certificate,
            actor=request.user,
            declared_on=values["declared_on"],
            declared_by=values["declared_by"],
            note=values["note"],
        ),
        _("Certificate declared lost; its right is back in the print queue for a new certificate."),
    )


@login_required
@require_POST
@submitted_once
def deliver(request, pk):
    return _form_action(
        request,
        pk,
        "delivery_form",
        lambda certificate: DeliveryForm(
            request.POST, request.FILES, recipients=delivery_recipients(certificate)
        ),
        lambda certificate, values: certificate_deliver(
            certificate=certificate,
            actor=request.user,
            party=values["party"],
            representative_name=values["representative_name"],
            proxy_reference=values["reference"],
            proxy_date=values["proxy_date"],
            proxy_file=values["file"],
            id_document_type=values["id_document_type"],
            id_document_number=values["id_document_number"],
            acknowledgement=values["acknowledgement"],
            marker=values["marker"],
        ),
        _("Delivery recorded."),
    )


PREVIEW_ROWS = 500


@login_required
def batch_preview(request):
    """What a print run would issue and print, before anything is numbered; the confirmation carries the
    list's fingerprint."""
    form = BatchChoiceForm(request.GET, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose a village or a commune where you print certificates."))
        return redirect("certificates:queue")
    unit, output_format = form.cleaned_data["unit"], form.cleaned_data["format"]
    rights = batch_candidates(unit)
    fingerprint = batch_fingerprint(rights)
    rows = list(
        rights.select_related("parcel__village", "right_type").prefetch_related("holders__party")[
            :PREVIEW_ROWS
        ]
    )
    numbers = dict(
        Certificate.objects.filter(right__in=[r.pk for r in rows])
        .exclude(status=CertificateStatus.REVOKED)
        .values_list("right_id", "number")
    )
    confirm = BatchConfirmForm(
        initial={"unit": unit.pk, "format": output_format, "fingerprint": fingerprint}, user=request.user
    )
    return render(
        request,
        "certificates/batch_preview.html",
        {
            "unit": unit,
            "output_format": output_format,
            "rows": [(right, numbers.get(right.pk, "")) for right in rows],
            "total": rights.count(),
            "shown": len(rows),
            "confirm": confirm,
        },
    )


@login_required
@submitted_once
def batch_create(request):
    if request.method != "POST":
        # The address a print run is confirmed to, opened by hand or from the history: the queue lists
        # the runs (Django answered a blank 405).
        return redirect("certificates:queue")
    form = BatchConfirmForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Preview the print run, then confirm it."))
        return redirect("certificates:queue")
    unit, output_format = form.cleaned_data["unit"], form.cleaned_data["format"]
    try:
        batch = batch_request(
            unit=unit,
            actor=request.user,
            output_format=output_format,
            fingerprint=form.cleaned_data["fingerprint"],
            base_url=public_url.for_request(request),
        )
    except RegistryError as exc:
        messages.error(request, str(exc))
        return redirect(
            f"{reverse('certificates:batch-preview')}?{urlencode({'unit': unit.pk, 'format': output_format})}"
        )
    messages.success(request, _("Print run queued."))
    return redirect("certificates:batch", pk=batch.pk)


@login_required
@submitted_once
def batch_detail(request, pk):
    # The run's page: for whoever prints in its village or commune, and for whoever signs in one of its
    # villages (a signer may not be the one who prints), who opens the signing page on it (« Signer ce lot »).
    printing = batches_visible_to(request.user)
    batch = get_object_or_404(printing | batches_signable_by(request.user), pk=pk)
    may_print = printing.filter(pk=batch.pk).exists()
    if request.method == "POST":
        if not may_print:  # restarting a run is the printer's
            raise PermissionDenied
        try:
            was_retryable = batch.may_retry
            batch_restart(batch=batch, actor=request.user)
            if was_retryable:
                messages.success(request, _("Print run restarted."))
            else:
                messages.info(request, _("This print run is already queued or running."))
        except RegistryError as exc:
            messages.error(request, str(exc))
        return redirect("certificates:batch", pk=batch.pk)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "status": batch.status,
                "done": batch.done,
                "total": batch.total,
                "percent": batch.progress_percent,
            }
        )
    return render(
        request,
        "certificates/batch.html",
        {
            "batch": batch,
            "may_print": may_print,
            "may_sign": batches_signable_by(request.user).filter(pk=batch.pk).exists(),
        },
    )


@login_required
def batch_download(request, pk):
    batch = get_object_or_404(batches_visible_to(request.user), pk=pk)
    if not batch.output:
        raise Http404
    filename = f"certificats-{batch.unit.code}.{batch.output_format}"
    # Through the storage: a stored name leading outside MEDIA_ROOT is refused (SuspiciousFileOperation).
    try:
        handle = default_storage.open(batch.output, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=filename)


@verification_throttle
def verify(request, token):
    """Public: what the QR code says. Never an error page, never personal data; a limited number a minute
    from one address (verification.throttle)."""
    verdict = verify_token(token)
    return render(request, "certificates/verify.html", {"verdict": verdict}, status=200)


@cache_control(public=True, max_age=3600)
def jwks(request):
    try:
        document = signing.jwks()
    except RegistryError:
        document = {"keys": []}
    return JsonResponse(document)


def _minor_said(minor: dict | None) -> dict | None:
    """A minor holder's representation as the certificate froze it, its basis in the reader's language."""
    if not minor:
        return None
    code = minor.get("basis_code", "")
    basis = RepresentationBasis(code).label if code in RepresentationBasis.values else minor.get("basis", "")
    return {**minor, "basis": basis}
