"""API classes are thin: they read through selectors and write through services."""

import json

import django_filters
from django.contrib.gis.geos import Polygon
from django.db import connection
from django.db.models import Count, IntegerField, Value, Window
from django.http import HttpResponse
from django.utils.translation import gettext as _
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework_gis.pagination import GeoJsonPagination

from landreg.api.paging import page_size_asked
from landreg.api.serializers import ParcelFeatureSerializer
from landreg.core.db.ids import MAX_OFFSET, BadNumber, whole_number
from landreg.core.db.paging import COUNT_CAP, count_up_to
from landreg.parcels import geojson
from landreg.parcels.models import LandUse, Parcel
from landreg.parcels.selectors import parcels_visible_to


class ParcelPagination(GeoJsonPagination):
    page_size = 200
    page_size_query_param = "page_size"
    max_page_size = 1000


class BBoxFilter(django_filters.CharFilter):
    """``bbox=minx,miny,maxx,maxy`` in EPSG:4326; parcels that intersect the box (exact, index-assisted)."""

    def filter(self, qs, value):
        if not value:
            return qs
        try:
            minx, miny, maxx, maxy = (float(v) for v in value.split(","))
        except ValueError as exc:
            raise ValidationError({"bbox": _("Expected four numbers: minx,miny,maxx,maxy.")}) from exc
        if (
            minx > maxx
            or miny > maxy
            or not (-180 <= minx <= 180 and -90 <= miny <= 90 and maxx <= 180 and maxy <= 90)
        ):
            raise ValidationError({"bbox": _("The box must be minx,miny,maxx,maxy in longitude/latitude.")})
        box = Polygon.from_bbox((minx, miny, maxx, maxy))
        box.srid = 4326
        return qs.filter(**{f"{self.field_name}__intersects": box})


class ParcelFilter(django_filters.FilterSet):
    bbox = BBoxFilter(field_name="geometry", label="minx,miny,maxx,maxy (EPSG:4326)")
    village = django_filters.CharFilter(field_name="village__code", label="village code")
    land_use = django_filters.ChoiceFilter(choices=LandUse.choices)
    current = django_filters.BooleanFilter(
        field_name="end_lifespan", lookup_expr="isnull", label="current only"
    )

    class Meta:
        model = Parcel
        fields = ["bbox", "village", "land_use", "current"]


class ParcelListApi(generics.ListAPIView):
    """Parcels the caller may see, as a GeoJSON FeatureCollection (``?bbox=minx,miny,maxx,maxy``)."""

    serializer_class = ParcelFeatureSerializer
    pagination_class = ParcelPagination
    filterset_class = ParcelFilter

    def get_queryset(self):
        return parcels_visible_to(self.request.user).select_related("village").order_by("number")

    def list(self, request, *args, **kwargs):
        # The same FeatureCollection the serializer gives, with the GeoJSON written by the database.
        queryset = self.filter_queryset(self.get_queryset())
        page = CountCappedPage(request, self.paginator)
        if connection.vendor == "postgresql":
            # One statement writes the page from the list's own query. With a box, PostgreSQL reads every
            # match to sort them anyway, so it counts them in the same pass.
            box = bool(request.GET.get("bbox"))
            matched = Window(Count("pk")) if box else Value(None, output_field=IntegerField())
            rows = queryset.annotate(matched=matched).values_list("id", "number", "matched")
            features = page.database_page(rows)
        else:
            features = ", ".join(geojson.feature(row) for row in page.rows(geojson.rows(queryset)))
        head = json.dumps(
            {
                "type": "FeatureCollection",
                "count": page.count(queryset),
                "next": page.next_link(),
                "previous": page.previous_link(),
            }
        )
        return HttpResponse(f'{head[:-1]}, "features": [{features}]}}', content_type="application/json")


class CountCappedPage:
    """One page of ``?page=&page_size=`` with a count that costs little.

    Counting every matching row costs more than writing a page (an exact count over a million parcels is
    about ten pages' worth of work, paid again by each page request). So: a last page counts itself; a
    query that reads every match anyway (a box) counts in the same pass; otherwise the count is exact up to
    COUNT_CAP and null beyond. Paging never needs it: the next link is given when one more row exists.
    """

    COUNT_CAP = COUNT_CAP

    def __init__(self, request, paginator: ParcelPagination):
        self.request = request
        # Read as every other list of the API reads it (api.paging): a size that is not one is refused by
        # name, not replaced by the default.
        try:
            self.size = page_size_asked(
                request.query_params.get("page_size"),
                default=paginator.page_size,
                most=paginator.max_page_size,
            )
        except BadNumber as exc:
            raise NotFound(str(exc)) from exc
        self.number = page_number(request.query_params.get(paginator.page_query_param))
        self.start = (self.number - 1) * self.size
        if self.start > MAX_OFFSET:  # beyond any list, and beyond what the databases' integers hold
            raise NotFound(_("Invalid page."))
        self.has_next, self.returned, self.matched = False, 0, None

    def rows(self, queryset) -> list:
        rows = list(queryset[self.start : self.start + self.size + 1])  # one more: is there a next page?
        self._seen(len(rows))
        return rows[: self.size]

    def database_page(self, queryset) -> str:
        features, read, self.matched = geojson.page_in_database(
            queryset[self.start : self.start + self.size + 1], self.size
        )
        self._seen(read)
        return features

    def _seen(self, read: int) -> None:
        self.has_next = read > self.size
        if not read and self.number > 1:
            raise NotFound(_("Invalid page."))
        self.returned = min(read, self.size)

    def count(self, queryset) -> int | None:
        if self.matched is not None:
            return self.matched
        if not self.has_next:
            return self.start + self.returned  # the last page: nothing more to count
        return count_up_to(queryset, self.COUNT_CAP)

    def _link(self, number: int) -> str:
        url = self.request.build_absolute_uri()
        return remove_query_param(url, "page") if number == 1 else replace_query_param(url, "page", number)

    def next_link(self) -> str | None:
        return self._link(self.number + 1) if self.has_next else None

    def previous_link(self) -> str | None:
        return self._link(self.number - 1) if self.number > 1 else None


def page_number(text) -> int:
    """The page asked for (1 when absent); anything that is not a page of a list is a 404, as DRF does."""
    try:
        return whole_number(text, name="page", default=1, low=1)
    except BadNumber as exc:
        raise NotFound(_("Invalid page.")) from exc


class ParcelDetailApi(generics.RetrieveAPIView):
    serializer_class = ParcelFeatureSerializer

    def get_queryset(self):
        return parcels_visible_to(self.request.user).select_related("village")
