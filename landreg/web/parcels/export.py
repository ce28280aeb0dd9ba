"""The parcel list as a spreadsheet: the rows the list shows, with its filters and sort, all pages, for Excel
as French offices set it up (``core.formats.spreadsheet``: UTF-8 with its mark, ``;``, French titles and
labels). The list's « CSV » is the GIS export (``parcels.exporting``: codes, WKT, every village of the
scope), which a French Excel opened as one column of « Ã© »: the land office had no list to open in a
spreadsheet. Holders by name, never an ID number, as the list shows them."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from landreg.core.formats.spreadsheet import csv_for_excel
from landreg.parcels.models import LandUse
from landreg.parcels.selectors import parcels_visible_to
from landreg.web.parcels.listing import SORTS, ParcelListFilter
from landreg.web.parcels.rows import rights_of

CHUNK = 1000  # parcels read, and their rights, a chunk at a time


@login_required
def parcel_list_csv(request):
    filterset = ParcelListFilter(
        request.GET or None, queryset=parcels_visible_to(request.user), request=request
    )
    if not filterset.is_valid():
        return HttpResponseBadRequest(filterset.errors.as_text())
    sort = request.GET.get("sort", "number")
    fields = SORTS.get(sort.lstrip("-"), SORTS["number"])
    order = [f"-{f}" if sort.startswith("-") else f for f in fields]
    parcels = filterset.qs.order_by(*order, "pk").values_list(
        "pk", "number", "village__name", "local_name", "land_use", "area_m2", "begin_lifespan", "end_lifespan"
    )
    header = [
        _("Number"),
        _("Village"),
        _("Place"),
        _("Land use"),
        _("Area (ha)"),
        _("Rights and holders"),
        _("Recorded"),
        _("Status"),
    ]
    response = HttpResponse(csv_for_excel(header, _rows(parcels)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="parcelles.csv"'
    return response


def _rows(parcels):
    land_uses = {value: str(label) for value, label in LandUse.choices}
    current, retired = _("current"), _("retired")
    chunk = []
    for parcel in parcels.iterator(chunk_size=CHUNK):
        chunk.append(parcel)
        if len(chunk) == CHUNK:
            yield from _chunk_rows(chunk, land_uses, current, retired)
            chunk = []
    yield from _chunk_rows(chunk, land_uses, current, retired)


def _chunk_rows(chunk, land_uses, current, retired):
    decimal = "," if (get_language() or "fr").startswith("fr") else "."
    rights = rights_of([pk for pk, *_rest in chunk]) if chunk else {}
    for pk, number, village, place, land_use, area, recorded, ended in chunk:
        yield [
            number,
            village,
            place or "",
            land_uses.get(land_use, land_use or ""),
            # The hectares as the reader's Excel reads a number: a decimal comma in French, no grouping.
            f"{(area or 0) / 10_000:.4f}".replace(".", decimal),
            "\n".join(f"{kind} — {', '.join(names)}" for kind, names in rights.get(pk, {}).values()),
            timezone.localtime(recorded).strftime("%d/%m/%Y"),
            current if ended is None else retired,
        ]
