"""One way to page every list of the API: ``?page=&page_size=`` with a maximum page size.

The body is ``{"count", "next", "previous", "results"}``; ``count`` is exact up to COUNT_CAP and null
beyond (counting a million rows on every page costs more than the page), ``next`` is given whenever one
more row exists, so no list is ever cut short silently.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from landreg.core.db.ids import MAX_OFFSET, BadNumber, whole_number
from landreg.core.db.paging import COUNT_CAP, count_up_to


def page_size_asked(text, *, default: int, most: int) -> int:
    """``?page_size=`` as every list of the API reads it: a whole number from 1 (else BadNumber, naming it);
    above ``most``, however many digits it has, ``most`` rows (the schema's maximum)."""
    try:
        return min(whole_number(text, name="page_size", default=default, low=1), most)
    except BadNumber:
        digits = str(text).strip()
        if digits.isdigit() and int(digits) > most:  # a whole number past any list: the largest page
            return most
        raise


class RegistryPagination(BasePagination):
    page_size = 100
    max_page_size = 1000

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        try:
            self.number = whole_number(request.query_params.get("page"), name="page", default=1, low=1)
            self.size = page_size_asked(
                request.query_params.get("page_size"), default=self.page_size, most=self.max_page_size
            )
        except BadNumber as exc:
            raise NotFound(str(exc)) from exc
        start = (self.number - 1) * self.size
        if start > MAX_OFFSET:
            raise NotFound(_("Invalid page."))
        rows = list(queryset[start : start + self.size + 1])  # one more: is there a next page?
        if not rows and self.number > 1:
            raise NotFound(_("Invalid page."))
        self.has_next = len(rows) > self.size
        rows = rows[: self.size]
        self.count = count_up_to(queryset, COUNT_CAP) if self.has_next else start + len(rows)
        return rows

    def _link(self, number: int) -> str:
        url = self.request.build_absolute_uri()
        return remove_query_param(url, "page") if number == 1 else replace_query_param(url, "page", number)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.count,
                "next": self._link(self.number + 1) if self.has_next else None,
                "previous": self._link(self.number - 1) if self.number > 1 else None,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "nullable": True, "description": f"exact up to {COUNT_CAP}"},
                "next": {"type": "string", "format": "uri", "nullable": True},
                "previous": {"type": "string", "format": "uri", "nullable": True},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {"name": "page", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1}},
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]


PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description="Page number, from 1."),
    OpenApiParameter(
        "page_size", int, description=f"Rows per page (at most {RegistryPagination.max_page_size})."
    ),
]


def paged(name: str, results) -> serializers.Serializer:
    """The documented body of a page of ``results`` (a serializer instance with many=True)."""
    return inline_serializer(
        name,
        {
            "count": serializers.IntegerField(allow_null=True, help_text=f"exact up to {COUNT_CAP}"),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": results,
        },
    )
