"""Public pages, without login: the register search, a village's parcels, a parcel, the map, verification.

Every page reads through ``register`` (plain values, no personal data) and is throttled per address.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe

from landreg.core.geometry import format_ha_a_ca
from landreg.web.lists.page import detail_url
from landreg.web.public import register
from landreg.web.public.forms import PublicSearchForm, VerifyForm
from landreg.web.public.throttle import public_throttle
from landreg.web.views import map_options
from landreg.web.widgets import escaped

LIMIT = 20  # rows per kind of result: enough to pick one, too few to copy the register through
PAGE_SIZE = 50


@public_throttle
def register_search(request):
    form = PublicSearchForm(request.GET or None)
    parcels = villages = None
    if form.is_valid():
        text = form.cleaned_data["q"]
        parcels = list(register.parcels_numbered(text)[: LIMIT + 1])
        villages = list(register.villages_named(text)[: LIMIT + 1])
    return render(
        request,
        "web/public/register.html",
        {
            "form": form,
            "parcels": parcels[:LIMIT] if parcels is not None else None,
            "villages": villages[:LIMIT] if villages is not None else None,
            "more": bool(parcels and len(parcels) > LIMIT or villages and len(villages) > LIMIT),
        },
    )


@public_throttle
def village_parcels(request, code):
    # The village, its parcels' count and the page asked for, in one round trip (register.village_page).
    village, parcels = register.village_page(code, PAGE_SIZE, request.GET.get("page"))
    if village is None:
        raise Http404
    page = Paginator(parcels, PAGE_SIZE).get_page(request.GET.get("page"))
    url = detail_url("web:public-parcel")  # reversed once, not once a row
    # Each row written here, each value escaped as the template escapes (widgets.escaped, as the parcel
    # list's rows): the template's loop over 50 rows of four cells was a third of the page's Python time.
    rows = [
        mark_safe(  # noqa: S308 - every value escaped
            f'<tr><td><a href="{escaped(url(pk))}">{escaped(number)}</a></td>'
            f"<td>{escaped(local_name)}</td><td>{escaped(format_ha_a_ca(area_m2))}</td></tr>"
        )
        for pk, number, local_name, area_m2 in page.object_list
    ]
    return render(request, "web/public/village.html", {"village": village, "page": page, "rows": rows})


@public_throttle
def parcel_page(request, pk):
    parcel = register.public_parcel(pk)
    if parcel is None:
        raise Http404
    return render(request, "web/public/parcel.html", {"parcel": parcel})


@public_throttle
def public_map(request):
    return render(request, "web/public/map.html", map_options())


@public_throttle
def verify_form(request):
    """The QR code's address, or the certificate's number and the code under its QR code, typed by someone
    without a phone that reads QR codes (throttled: a number and a code are looked up)."""
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        return redirect("certificates:verify", token=form.cleaned_data["token"])
    return render(request, "web/public/verify.html", {"form": form})
