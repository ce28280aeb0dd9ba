"""The parcel list: filtered, sorted and paged, with the page's parcels on a map above it.

What it shows under the header is kept until the registry changes, for the user's scope, the query and the
language (web.kept_until_write): a registrar paging through a commune of 100,000 parcels between two writes
reads the chain's head instead of the page's parcels, rights and count, and nothing is rendered but the
header."""

import django_filters
from django.contrib.auth.decorators import login_required
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.core.cache import caches
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from landreg.audit.kept import AUDIT_HEAD
from landreg.core.db.kept import KeptQuery, loaded
from landreg.parcels.models import LandUse
from landreg.parcels.selectors import parcels_visible_to
from landreg.rights.models import Right, RightType
from landreg.web.kept_until_write import KEPT_SECONDS, kept_keys
from landreg.web.lists.filters import (
    DATE_INPUTS,
    SEX_CHOICES,
    ListFilterSet,
    ModelChoiceFilter,
    held_by_sex,
    read_once,
    read_once_together,
    village_filter,
    villages_read,
)
from landreg.web.lists.page import list_page
from landreg.web.parcels.rows import COLUMNS, parcel_rows

# The exports the list offers (parcels.exporting): the format's key and its name on the link.
EXPORTS = [
    ("csv", "CSV"),
    ("geojson", "GeoJSON"),
    ("gpkg", "GeoPackage"),
    ("shp", _("Shapefile (zip)")),
    ("ladm", _("LADM (GeoPackage)")),
]
STATUS_CHOICES = [("current", _("current")), ("retired", _("retired")), ("all", _("all"))]


# The right types the filter offers, by code (its statement built once per process, core.db.kept).
_RIGHT_TYPES = KeptQuery(
    lambda: RightType.objects.order_by("code").values_list("code", "label_fr", "label_en")
)


class ParcelListFilter(ListFilterSet):
    defaults = {"status": "current"}

    village = village_filter()
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method="by_status", empty_label=None
    )
    land_use = django_filters.ChoiceFilter(label=_("Land use"), choices=LandUse.choices)
    right_type = ModelChoiceFilter(
        label=_("Right type"),
        queryset=RightType.objects.only("code", "label_fr", "label_en").order_by("code"),
        method="by_right_type",
        listed=lambda request: [
            loaded(RightType, {"code": code, "label_fr": label_fr, "label_en": label_en})
            for code, label_fr, label_en in read_once(request, "right types", _RIGHT_TYPES.rows)
        ],
    )
    holder_sex = django_filters.ChoiceFilter(label=_("Held by"), choices=SEX_CHOICES, method="by_holder_sex")
    recorded = django_filters.DateFromToRangeFilter(
        label=_("Recorded between"), field_name="begin_lifespan", widget=DATE_INPUTS
    )

    def by_status(self, queryset, name, value):
        if value == "current":
            return queryset.filter(end_lifespan__isnull=True)
        if value == "retired":
            return queryset.filter(end_lifespan__isnull=False)
        return queryset

    def by_right_type(self, queryset, name, value):
        # An IN over the rights of that type, not a correlated EXISTS: SQLite answered the EXISTS by reading
        # every right of the type for each parcel (0.3 s at 2,000 parcels, quadratic; bench/bench_lists.py).
        current = Right.objects.in_force().filter(right_type=value).values("parcel_id")
        return queryset.filter(pk__in=current)

    def by_holder_sex(self, queryset, name, value):
        return queryset.filter(held_by_sex("right__parcel", value))


SORTS = {
    "number": ("number",),
    "village": ("village__name", "number"),
    "area": ("area_m2",),
    "recorded": ("begin_lifespan",),
}


@login_required
def parcel_list(request):
    # What the page shows under the header is the same for every user of a scope, for the same query and
    # language, until the registry changes: kept (web.kept_until_write), the header (the user's name, the
    # CSRF tokens of its forms) written for each page. Rendering a page of 50 rows, their map and the
    # filters' form was most of the page's time (bench/profile_load.py).
    # The key holds, besides the chain's head and the user's scope, what the page prints that is not a
    # registry write: the villages of the scope (their codes and names, a village added or renamed) and the
    # right types' labels, as read at this request.
    # Read with the chain's head in one round trip, and once for the key and the filters' choices
    # (lists.filters.read_once_together).
    found = read_once_together(
        request,
        {
            "audit head": (AUDIT_HEAD, {}),
            "villages:view_records": villages_read(request.user, "view_records"),
            "right types": (_RIGHT_TYPES, {}),
        },
    )
    reference = repr((found["villages:view_records"], found["right types"]))
    key = kept_keys(request.user, head=next(iter(found["audit head"]), (0, "")))
    kept = key("parcel-list", get_language(), request.META.get("QUERY_STRING", ""), reference)
    pages = caches["pages"]  # shared by the server's processes (settings)
    content = pages.get(kept)
    if content is None:
        # And the count of the list's rows kept for its filters, whatever the page, sort and language.
        content = _content(request, count_key=lambda filters: key("parcel-list-count", filters, reference))
        pages.set(kept, content, KEPT_SECONDS)
    return render(request, "web/parcel_list.html", {"content": SafeString(content)})


def _content(request, count_key) -> str:
    # The columns the rows show, as values, and the map's GeoJSON written by the database (parcels.rows).
    parcels = parcels_visible_to(request.user).annotate(shape=AsGeoJSON("geometry"))
    page = list_page(
        request,
        parcels,
        filterset_class=ParcelListFilter,
        sorts=SORTS,
        default_sort="number",
        columns=COLUMNS,
        count_key=count_key,
    )
    page.rows = parcel_rows(page.rows)
    # Rendered to a plain string, which the cache keeps as it is.
    return str(render_to_string("web/parcel_list_content.html", {"page": page, "exports": EXPORTS}, request))
