"""GeoJSON's legacy ``crs`` member (GeoJSON 2008; RFC 7946 dropped it): honoured where it names a coordinate
system by its EPSG code (or CRS84), refused by name otherwise.

Files and request bodies written by older tools (QGIS 2, ArcGIS, GeoServer) say their coordinates are, say,
UTM 30N metres with ``{"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32630"}}}``.
GDAL honours such a member when it can read it; one it cannot read (an unknown code, a typo, a link to a URL,
which it would also try to fetch) it drops without a word: a file was then read as longitude/latitude
(measured with GDAL 3.6: the layer's CRS is EPSG:4326), and a request body's geometry came without a CRS,
which the API took for longitude/latitude. Degrees in another datum or unit (grads) then placed the parcel
elsewhere without a warning. Here the member is read strictly, in the forms GDAL documents, without following
a link or reading a file: a ``name`` that is an EPSG URN, ``EPSG:code``, an OGC http URI or CRS84, or the
old ``{"type": "EPSG", "properties": {"code": 32630}}``, naming a coordinate system PROJ knows. Anything else
is refused with a message that says what was given and what to give instead.
"""

import json
import re

from django.contrib.gis.gdal import GDALException, SpatialReference
from django.contrib.gis.geos import GEOSGeometry
from django.utils.translation import gettext as _

from landreg.core.exceptions import RegistryError

WGS84 = 4326
_EPSG = re.compile(
    r"^(?:urn:ogc:def:crs:EPSG:[0-9.]*:|EPSG::?|https?://www\.opengis\.net/def/crs/EPSG/[0-9.]+/)(\d{1,6})$",
    re.IGNORECASE,
)
_CRS84 = re.compile(
    r"^(?:urn:ogc:def:crs:OGC:(?:1\.3)?:CRS84|https?://www\.opengis\.net/def/crs/OGC/1\.3/CRS84|CRS84)$",
    re.IGNORECASE,
)
# A crs member as it appears in a file's text: an object whose properties are an object (one level nested).
CRS_MEMBER = re.compile(rb'"crs"\s*:\s*(\{(?:[^{}]|\{[^{}]*\})*\})')


class LegacyCrsError(RegistryError):
    """A crs member this registry does not read; the message says what it was given."""


def _said(member) -> str:
    text = json.dumps(member, ensure_ascii=False)
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= 120 else text[:119] + "…"


# A coordinate system written out (a PROJ string, WKT): a file's member GDAL reads through its definition, as
# it reads a .prj without EPSG code (untrusted_files.file_crs then refuses one that names files).
_DEFINITION = re.compile(r"^\s*(?:\+proj=|(?:PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS)\[)", re.IGNORECASE)


def crs_member_srid(member, *, definitions: bool = False) -> int | None:
    """The EPSG code a GeoJSON crs member names (4326 for CRS84), or LegacyCrsError. ``definitions``: a
    PROJ string or WKT that PROJ reads is taken too, and gives None (no EPSG code)."""
    code = None
    properties = member.get("properties") if isinstance(member, dict) else None
    if isinstance(properties, dict):
        kind = str(member.get("type", "")).lower()
        name = properties.get("name")
        if kind == "name" and isinstance(name, str):
            if _CRS84.match(name.strip()):
                return WGS84
            if definitions and _DEFINITION.match(name):
                try:
                    SpatialReference(name)
                except (GDALException, ValueError):
                    pass  # refused below, as any name not read
                else:
                    return None
            found = _EPSG.match(name.strip())
            code = int(found.group(1)) if found else None
        elif kind == "epsg" and str(properties.get("code", "")).isdigit():
            code = int(properties["code"])
    if code is None:
        raise LegacyCrsError(
            _(
                "The GeoJSON's crs member %(crs)s is not one the registry reads: name the coordinate system "
                "by its EPSG code (e.g. urn:ogc:def:crs:EPSG::32630), or give longitude/latitude without a "
                "crs member."
            )
            % {"crs": _said(member)}
        )
    try:
        SpatialReference(code)
    except (GDALException, ValueError) as exc:
        raise LegacyCrsError(
            _("The GeoJSON's crs member names EPSG:%(code)d, a coordinate system the registry does not know.")
            % {"code": code}
        ) from exc
    return code


def geometry_in_wgs84(value) -> GEOSGeometry:
    """A geometry given as GeoJSON (text or a dict), WKT or EWKT, in EPSG:4326: transformed from the
    coordinate system its legacy crs member (or EWKT's SRID) names; without one, GeoJSON and WKT are
    longitude/latitude (RFC 7946). LegacyCrsError for a crs member not read; ValueError, TypeError,
    GEOSException or GDALException for what is not a geometry, as GEOSGeometry raises them."""
    data = value if isinstance(value, dict) else None
    if data is None and isinstance(value, str) and value.lstrip().startswith("{"):
        data = json.loads(value)
    srid = None
    if isinstance(data, dict):
        if "crs" in data:
            srid = crs_member_srid(data["crs"])
        # Without the member: GDAL never sees it (nor a link to follow).
        value = json.dumps({key: item for key, item in data.items() if key != "crs"})
    elif not isinstance(value, str):
        raise TypeError(type(value).__name__)
    geometry = GEOSGeometry(value)
    geometry.srid = srid or geometry.srid or WGS84
    if geometry.srid != WGS84:
        geometry.transform(WGS84)
    return geometry
