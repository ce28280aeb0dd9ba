"""The registers page (village and period filters) and each register as PDF or CSV.

A register is printed in French, the language of the land office's books, whatever the interface language.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from landreg.parcels.selectors import parcels_visible_to
from landreg.registers.csv_export import register_csv
from landreg.registers.extract import extract_again, parcel_extract
from landreg.registers.extract_pdf import extract_pdf
from landreg.registers.forms import RegisterFilterForm
from landreg.registers.kinds import RegisterKind
from landreg.registers.pdf import register_pdf
from landreg.registers.selectors import kinds_readable, register_read, villages_with_registers
from landreg.web.once import remember, submitted_once

FORMATS = {
    "pdf": (register_pdf, "application/pdf", "inline"),
    "csv": (register_csv, "text/csv; charset=utf-8", "attachment"),
}


@login_required
def register_list(request):
    villages = villages_with_registers(request.user)
    # Every filter is optional: the page opens on all the user's villages, this year so far.
    form = RegisterFilterForm(request.GET, villages=villages)
    rows, period = [], None
    if form.is_valid():
        data = form.cleaned_data
        chosen = [data["village"]] if data.get("village") else villages
        period = {"start": data["start"].isoformat(), "end": data["end"].isoformat()}
        rows = [(village, kinds_readable(request.user, village)) for village in chosen]
    return render(request, "registers/list.html", {"form": form, "rows": rows, "period": period})


@login_required
def register_download(request, village_code: str, kind: str, fmt: str):
    if kind not in RegisterKind.values or fmt not in FORMATS:
        raise Http404
    village = villages_with_registers(request.user).filter(code=village_code).first()
    if village is None:
        raise Http404
    form = RegisterFilterForm(request.GET, villages=villages_with_registers(request.user))
    if not form.is_valid():
        return HttpResponseBadRequest(" ".join(form.errors.get("__all__", [])) or form.errors.as_text())
    render_as, content_type, disposition = FORMATS[fmt]
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    with translation.override("fr"):
        try:
            register = register_read(
                user=request.user, kind=RegisterKind(kind), village=village, start=start, end=end
            )
        except LookupError:
            raise Http404 from None
        body = render_as(register)
    response = HttpResponse(body, content_type=content_type)
    name = f"registre-{kind}-{village.code}-{start.isoformat()}-{end.isoformat()}.{fmt}"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


def _extract_answer(parcel, extract) -> HttpResponse:
    # In the reader's language (registers/extract_pdf.py says why the extract is not always in French).
    body = extract_pdf(extract)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="extrait-{parcel.number}.pdf"'
    return response


def _extract_again(request, answer: str, pk):
    """The extract's button sent again (a double click, a retry after a lost download): the same paper, the
    first sending's event, nothing recorded; if the register was written since, the parcel's page says so and
    its button (a new form) prints the register as it now stands."""
    parcel = get_object_or_404(parcels_visible_to(request.user).select_related("village"), pk=pk)
    extract = None
    if answer.isdigit():
        extract = extract_again(parcel=parcel, actor=request.user, extract_seq=int(answer))
    if extract is None:
        messages.info(request, _("The register changed since this extract was printed: print it again."))
        return redirect("web:parcel-detail", pk=parcel.pk)
    return _extract_answer(parcel, extract)


# Sent again within a few minutes, the button gives the paper it gave; later it prints a new extract.
@login_required
@require_POST
@submitted_once(replay=_extract_again, within=timedelta(minutes=10))
def parcel_extract_pdf(request, pk):
    """The extract of the registers for one parcel, as a PDF to print at the counter; a parcel the user may
    not see is not found (404), as on its page."""
    parcel = get_object_or_404(parcels_visible_to(request.user).select_related("village"), pk=pk)
    extract = parcel_extract(parcel=parcel, actor=request.user)
    remember(request, str(extract.state.extract_seq))
    return _extract_answer(parcel, extract)
