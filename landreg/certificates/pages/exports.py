"""The certificate list as a spreadsheet: the rows the list shows with the same filters, all pages, for
Excel as French offices set it up (``core.formats.spreadsheet``). Holders by name and share, never an ID
number."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from landreg.certificates.pages.filters import CertificateListFilter
from landreg.certificates.selectors import certificates_visible_to
from landreg.core.formats.spreadsheet import csv_for_excel


def _day(value) -> str:
    return date_format(value, "d/m/Y") if value else ""


def _holders(certificate) -> str:
    return "\n".join(
        f"{h.get('name', '')} ({h.get('share', '')})" for h in certificate.content.get("holders", [])
    )


@login_required
def certificate_list_csv(request):
    certificates = certificates_visible_to(request.user).select_related(
        "parcel", "village", "right__right_type"
    )
    filterset = CertificateListFilter(request.GET or None, queryset=certificates, request=request)
    if filterset.is_bound and not filterset.is_valid():
        return HttpResponseBadRequest(filterset.errors.as_text())
    header = [
        _("Number"),
        _("Village"),
        _("Parcel"),
        _("Right"),
        _("Holders and shares"),
        _("Status"),
        _("Issue date"),
        _("Signed on"),
        _("Prints"),
    ]
    rows = (
        [
            c.number,
            c.village.name,
            c.parcel.number,
            str(c.right.right_type),
            _holders(c),
            c.get_status_display(),
            _day(c.issue_date),
            _day(c.signed_at.date() if c.signed_at else None),
            c.print_count,
        ]
        for c in filterset.qs.order_by("village__name", "sequence", "pk").iterator(chunk_size=1000)
    )
    response = HttpResponse(csv_for_excel(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="certificats.csv"'
    return response
