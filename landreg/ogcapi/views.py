"""OGC API - Features Part 1 (core, geojson, html, oas30), Part 2 (crs) and Part 3 (queryables, CQL2 filter)
for the public register of parcels."""

import functools
import json
import uuid
from urllib.parse import urlencode

from django.contrib.gis.db.models import Extent
from django.db import DataError
from django.db.models import Min
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from landreg.core.db.ids import MAX_OFFSET, BadNumber, whole_number
from landreg.core.db.paging import COUNT_CAP, count_up_to
from landreg.ogcapi import features, openapi
from landreg.ogcapi.filtering import evaluation, parameters, parsing
from landreg.ogcapi.filtering.queryables import CONFORMANCE as FILTER_CONFORMANCE
from landreg.ogcapi.filtering.queryables import queryables_schema
from landreg.ogcapi.selectors import (
    CRS84,
    BadQuery,
    crs_named,
    offered_crs,
    parcels_at,
    parse_bbox,
    public_parcels,
    scoped_village_ids,
)
from landreg.parcels import geojson
from landreg.parcels.models import ParcelVersion
from landreg.parcels.topology import parcels_in_box

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    *FILTER_CONFORMANCE,
]
GEOJSON = "application/geo+json"
SCHEMA_JSON = "application/schema+json"
OGC_REL = "http://www.opengis.net/def/rel/ogc/1.0/"
# Large pages by default: a GIS client reading a commune asks 1,000 at a time, not 10 (GDAL ≥ 3.8 reads the
# limit's maximum from the OpenAPI document; a browser's HTML page shows HTML_LIMIT unless asked).
DEFAULT_LIMIT, MAX_LIMIT, HTML_LIMIT = 1000, 10_000, 100


# What ?f= may name, most pages' formats; the queryables and the OpenAPI document are JSON only.
FORMATS = ("json", "html")
JSON_ONLY = ("json",)


def formats(*supported: str):
    """The view answers ?f= with one of ``supported``, and any other value with 400 naming them (OGC API -
    Features: a parameter's invalid value is a 400); xml was ignored and answered in JSON. An empty f, or
    none, leaves the choice to the Accept header."""

    def decorate(view):
        @functools.wraps(view)
        def checked(request, *args, **kwargs):
            fmt = request.GET.get("f")
            if fmt and fmt not in supported:
                return _bad(
                    _("f: unsupported format; the supported formats are: %(list)s.")
                    % {"list": ", ".join(supported)}
                )
            return view(request, *args, **kwargs)

        return checked

    return decorate


def _wants_html(request) -> bool:
    fmt = request.GET.get("f")
    if fmt:
        return fmt == "html"
    first = request.headers.get("Accept", "").split(",")[0]
    return "text/html" in first


def _url(request, name, *args, **query) -> str:
    url = request.build_absolute_uri(reverse(f"ogcapi:{name}", args=args))
    if query:
        url += "?" + urlencode(query)
    return url


def _link(href, rel, media_type, title=""):
    return {"href": href, "rel": rel, "type": media_type, "title": title}


def _json(data, content_type="application/json", status=200):
    return HttpResponse(json.dumps(data, ensure_ascii=False), content_type=content_type, status=status)


def _bad(message: str):
    return _json({"code": "InvalidParameterValue", "description": message}, status=400)


@require_GET
@formats(*FORMATS)
def landing(request):
    data = {
        "title": _("Land registry: public parcels"),
        "description": _("Parcels of the public land register (no personal data)."),
        "links": [
            _link(_url(request, "landing", f="json"), "self", "application/json"),
            _link(_url(request, "landing", f="html"), "alternate", "text/html"),
            _link(_url(request, "openapi"), "service-desc", "application/vnd.oai.openapi+json;version=3.0"),
            _link(_url(request, "conformance"), "conformance", "application/json"),
            _link(_url(request, "collections"), "data", "application/json"),
        ],
    }
    if _wants_html(request):
        return render(request, "ogcapi/landing.html", {"data": data})
    return _json(data)


@require_GET
@formats(*FORMATS)
def conformance(request):
    data = {"conformsTo": CONFORMANCE}
    if _wants_html(request):
        return render(request, "ogcapi/conformance.html", {"data": data})
    return _json(data)


@require_GET
@formats(*JSON_ONLY)
def api_document(request):
    return _json(
        openapi.document(
            _url(request, "landing").rstrip("/"),
            default_limit=DEFAULT_LIMIT,
            max_limit=MAX_LIMIT,
            html_limit=HTML_LIMIT,
        ),
        "application/vnd.oai.openapi+json;version=3.0",
    )


def _collection(request) -> dict:
    current = public_parcels().filter(end_lifespan__isnull=True)
    box = current.aggregate(box=Extent("geometry"))["box"]
    bbox = list(box) if box else [-180.0, -90.0, 180.0, 90.0]
    # Time reaches back to the first version recorded (?datetime= answers from the history).
    first = ParcelVersion.objects.aggregate(first=Min("begin_lifespan"))["first"]
    first = first.isoformat().replace("+00:00", "Z") if first else None
    return {
        "id": "parcels",
        "title": _("Parcels"),
        "description": _("Parcels of the register with their number, village, land use and areas."),
        "itemType": "feature",
        "crs": list(offered_crs()),
        "storageCrs": CRS84,
        "extent": {
            "spatial": {"bbox": [bbox], "crs": CRS84},
            "temporal": {
                "interval": [[first, None]],
                "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian",
            },
        },
        "links": [
            _link(_url(request, "collection", f="json"), "self", "application/json"),
            _link(_url(request, "items", f="json"), "items", GEOJSON, _("Parcels")),
            _link(_url(request, "items", f="html"), "items", "text/html", _("Parcels")),
            _link(_url(request, "queryables"), f"{OGC_REL}queryables", SCHEMA_JSON, _("Queryables")),
        ],
    }


@require_GET
@formats(*FORMATS)
def collections(request):
    data = {
        "links": [_link(_url(request, "collections"), "self", "application/json")],
        "collections": [_collection(request)],
    }
    if _wants_html(request):
        return render(request, "ogcapi/collections.html", {"data": data})
    return _json(data)


@require_GET
@formats(*FORMATS)
def collection(request):
    data = _collection(request)
    if _wants_html(request):
        return render(request, "ogcapi/collections.html", {"data": {"collections": [data]}})
    return _json(data)


@require_GET
@formats(*JSON_ONLY)
def queryables(request):
    """The properties ?filter= may read (JSON Schema): those the items show to this caller, nothing else."""
    scope = scoped_village_ids(request.user)
    return _json(queryables_schema(scope, _url(request, "queryables")), SCHEMA_JSON)


def _limit(request, html: bool) -> int:
    # The standard lets a server answer a limit above its maximum with its maximum.
    default = HTML_LIMIT if html else DEFAULT_LIMIT
    value = whole_number(request.GET.get("limit"), name="limit", default=default, low=1, high=10**18)
    return min(value, MAX_LIMIT)


def _filtered(request, offered, scope: set | None):
    """The query of the items asked for, and their bbox (a polygon in EPSG:4326) if one is given. ``scope``:
    the caller's villages if already read (None: read here if a filter needs them)."""
    bbox_crs = crs_named("bbox-crs", request.GET.get("bbox-crs"), offered)
    queryset, box = parcels_at(request.GET.get("datetime")), None
    if request.GET.get("bbox"):
        box = parse_bbox(request.GET["bbox"], bbox_crs)
        queryset = parcels_in_box(queryset, box).filter(geometry__intersects=box)
    # CQL2 (Part 3) and the queryables as query parameters (Part 1) on top of the scoped query; filter-lang
    # and filter-crs are checked even without a filter.
    lang, text = request.GET.get("filter-lang"), request.GET.get("filter")
    filter_crs = crs_named("filter-crs", request.GET.get("filter-crs"), offered)
    if lang and lang not in parsing.LANGUAGES:
        raise BadQuery(_("filter-lang must be one of: %(list)s.") % {"list": ", ".join(parsing.LANGUAGES)})
    if text or any(request.GET.get(name) for name in parameters.PARAMETERS):
        scope = scoped_village_ids(request.user) if scope is None else scope
        queryset = evaluation.filtered(
            queryset, text=text, lang=lang, scope=scope, crs=filter_crs, parameters=request.GET
        )
    return queryset.order_by("number", "id"), box


def _matched(queryset, offset: int, read: int, limit: int) -> int | None:
    return features.number_matched(
        offset, read, limit, lambda: count_up_to(queryset, COUNT_CAP), cap=COUNT_CAP
    )


@require_GET
@formats(*FORMATS)
def items(request):
    try:
        html = _wants_html(request)
        limit = _limit(request, html)
        offset = whole_number(request.GET.get("offset"), name="offset", default=0, high=MAX_OFFSET)
        offered = offered_crs()
        crs = crs_named("crs", request.GET.get("crs"), offered)
        # The user's villages are read once for the page, not once a feature (the HTML page needs them only
        # for a filter).
        scope = None if html else scoped_village_ids(request.user)
        queryset, box = _filtered(request, offered, scope)
        # One row more than the page says whether there is a next one; the count is only what is cheap
        # (numberMatched is optional in OGC API - Features and is omitted beyond the cap).
        if html:
            page = list(queryset[offset : offset + limit + 1])
            read, page = len(page), page[:limit]
            matched = _matched(queryset, offset, read, limit)
        else:
            written, read, matched = features.page(queryset, offset, limit, crs, scope, COUNT_CAP, box=box)
        has_next, shown = read > limit, min(read, limit)
    except (BadQuery, BadNumber) as exc:
        return _bad(str(exc))
    except DataError:
        # PostgreSQL stops a statement whose filter computes a number past a double's range (area_m2 ^ 500)
        # or reads a LIKE pattern ending with its escape character from a property: the filter's fault.
        if not request.GET.get("filter"):
            raise
        return _bad(_("filter: an expression could not be computed (a number out of range?)."))
    links = _page_links(request, html, offset, limit, has_next)
    if html:
        return render(
            request,
            "ogcapi/items.html",
            {"parcels": page, "links": links, "matched": matched, "offset": offset, "limit": limit},
        )
    counts = {"numberMatched": matched} if matched is not None else {}
    body = geojson.collection(
        written,
        timeStamp=timezone.now().isoformat().replace("+00:00", "Z"),
        **counts,
        numberReturned=shown,
        links=links,
    )
    return _with_crs(HttpResponse(body, content_type=GEOJSON), crs)


def _page_links(request, html: bool, offset: int, limit: int, has_next: bool) -> list[dict]:
    """The page's links: the request's query with each page's offset and format last. The items' URL and
    the query's encoding are built once for the four links (a reverse and an absolute URI each were a
    tenth of a page's Python)."""
    query = urlencode({k: v for k, v in request.GET.items() if k not in ("offset", "f")})
    items_url = f"{_url(request, 'items')}?{query}&" if query else f"{_url(request, 'items')}?"

    def at(start: int, fmt: str) -> str:
        return items_url + urlencode({"offset": start, "f": fmt})

    fmt = "html" if html else "json"
    links = [
        _link(at(offset, fmt), "self", "text/html" if html else GEOJSON),
        _link(at(offset, "html" if not html else "json"), "alternate", GEOJSON if html else "text/html"),
        _link(_url(request, "collection"), "collection", "application/json"),
    ]
    if has_next:
        links.append(_link(at(offset + limit, fmt), "next", GEOJSON))
    if offset > 0:
        links.append(_link(at(max(offset - limit, 0), fmt), "prev", GEOJSON))
    return links


def _with_crs(response, crs):
    response["Content-Crs"] = f"<{crs.uri}>"  # OGC API - Features Part 2: the CRS of the coordinates
    return response


@require_GET
@formats(*FORMATS)
def item(request, pk):
    # Any text, so that an id that is not a parcel's (not even a UUID) gets the OGC API's own 404 in JSON, not
    # Django's HTML page.
    try:
        pk = uuid.UUID(pk)
    except ValueError:
        if _wants_html(request):
            raise Http404 from None
        return JsonResponse({"code": "NotFound", "description": _("No such parcel.")}, status=404)
    queryset = public_parcels().filter(pk=pk)
    if _wants_html(request):
        parcel = queryset.first()
        if parcel is None:
            raise Http404
        return render(request, "ogcapi/item.html", {"parcel": parcel})
    try:
        crs = crs_named("crs", request.GET.get("crs"), offered_crs())
    except BadQuery as exc:
        return _bad(str(exc))
    feature = features.feature_by_id(pk, crs, scoped_village_ids(request.user))
    if not feature:
        return JsonResponse({"code": "NotFound", "description": _("No such parcel.")}, status=404)
    links = [
        _link(_url(request, "item", pk), "self", GEOJSON),
        _link(_url(request, "collection"), "collection", "application/json"),
    ]
    # The feature's text as written, its links added as its last member.
    body = f'{feature[:-1]}, "links": {json.dumps(links, ensure_ascii=False)}}}'
    return _with_crs(HttpResponse(body, content_type=GEOJSON), crs)
