"""The OpenAPI 3.0 description of /ogcapi/ (OGC API - Features Part 1, conformance class oas30)."""

from landreg.ogcapi.filtering import parameters, queryables


def _queryable_parameters() -> list[dict]:
    """Each queryable as a query parameter (Part 1, "parameters for filtering on feature properties")."""
    described = []
    for name, kind in parameters.PARAMETERS.items():
        schema = dict(queryables.SCHEMA[kind])
        if name in parameters.PARAMETER_ALIASES:
            text = f"equal to {parameters.PARAMETER_ALIASES[name]} (the village's code)"
        elif name in queryables.SCOPED_NAMES:
            text = f"equal to {name} (a logged-in user, on the parcels of their own villages)"
        else:
            text = f"equal to {name}"
        described.append(_param(name, text, schema))
    return described


def _param(name, description, schema, where="query"):
    return {
        "name": name,
        "in": where,
        "description": description,
        "required": where == "path",
        "schema": schema,
    }


def _format(*formats: str) -> dict:
    """The ?f= parameter; another value is answered 400 (views.formats)."""
    formats = formats or ("json", "html")
    return _param("f", f"{' or '.join(formats)} (else 400)", {"type": "string", "enum": list(formats)})


def _get(summary: str, operation: str, ok: dict, *parameters: dict, **responses: dict) -> dict:
    """A path's GET with its parameters (``f`` always) and answers (400: a parameter's invalid value)."""
    formats = ("json", "html") if "text/html" in ok["content"] else ("json",)
    return {
        "get": {
            "summary": summary,
            "operationId": operation,
            "parameters": [*parameters, _format(*formats)],
            "responses": {"200": ok, "400": {"description": "Bad query"}, **responses},
        }
    }


def document(base: str, *, default_limit: int, max_limit: int, html_limit: int) -> dict:
    items_params = [
        _param("bbox", "minx,miny,maxx,maxy in bbox-crs", {"type": "array", "items": {"type": "number"}}),
        _param("bbox-crs", "CRS of bbox (default CRS84)", {"type": "string", "format": "uri"}),
        _param("crs", "CRS of the coordinates returned (default CRS84)", {"type": "string", "format": "uri"}),
        # GDAL's OGC API reader (≥ 3.8) takes its page size from this maximum: large pages, few requests.
        _param(
            "limit",
            f"features per page (1-{max_limit}; default {default_limit}, {html_limit} on the HTML page)",
            {"type": "integer", "minimum": 1, "maximum": max_limit, "default": default_limit},
        ),
        _param("offset", "features to skip", {"type": "integer", "minimum": 0}),
        _param(
            "datetime",
            "instant or interval on the lifespan (RFC 3339 with its time zone, or a date: a/b, ../b, a/..)",
            {"type": "string"},
        ),
        # OGC API - Features Part 3: CQL2 on the queryables (/collections/parcels/queryables).
        _param(
            "filter",
            "CQL2 filter on the queryables, e.g. land_use IN ('pasture','fallow') AND area_m2 > 5000 AND "
            "T_INTERSECTS(INTERVAL(begin_lifespan, end_lifespan), INTERVAL('2024-01-01', '..'))",
            {"type": "string"},
        ),
        _param(
            "filter-lang",
            "language of filter (default cql2-text)",
            {"type": "string", "enum": ["cql2-text", "cql2-json"], "default": "cql2-text"},
        ),
        _param(
            "filter-crs",
            "CRS of the geometries in filter (default CRS84; the CRS offered for crs)",
            {"type": "string", "format": "uri"},
        ),
        *_queryable_parameters(),
    ]
    ok = {"description": "OK", "content": {"application/json": {}, "text/html": {}}}
    geo = {"description": "OK", "content": {"application/geo+json": {}, "text/html": {}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Landreg OGC API - Features", "version": "1.0.0", "license": {"name": "AGPL-3.0"}},
        "servers": [{"url": base}],
        "paths": {
            "/": _get("Landing page", "getLandingPage", ok),
            "/conformance": _get("Conformance classes", "getConformance", ok),
            "/collections": _get("Collections", "getCollections", ok),
            "/collections/parcels": _get("The parcels collection", "describeParcels", ok),
            "/collections/parcels/queryables": _get(
                "The properties the parcels may be filtered on (JSON Schema)",
                "getParcelsQueryables",
                {"description": "OK", "content": {"application/schema+json": {}}},
            ),
            "/collections/parcels/items": _get("Parcels", "getParcels", geo, *items_params),
            "/collections/parcels/items/{featureId}": _get(
                "One parcel",
                "getParcel",
                geo,
                _param("featureId", "parcel id (UUID)", {"type": "string"}, "path"),
                _param("crs", "CRS of the coordinates (default CRS84)", {"type": "string"}),
                **{"404": {"description": "Not found"}},
            ),
        },
    }
