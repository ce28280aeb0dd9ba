"""Geometry helpers: projected CRS per place, cached transformations, areas.

Parcels are stored in EPSG:4326; areas and lengths are computed in a metric CRS suited to the place:
the country's official CRS when one is set, else the UTM zone of the parcel's centroid. Building a
CoordTransform costs ~6 ms; a cached one ~0.17 ms per use, so they are cached per (source, target).
"""

import functools
import math
import struct
from dataclasses import dataclass

import numpy as np
from django.contrib.gis.gdal import CoordTransform, SpatialReference
from django.contrib.gis.geos import GEOSGeometry

WGS84 = 4326


@dataclass(frozen=True, slots=True)
class WKBGeometry:
    """A 2-D geometry already serialised as WKB, with its SRID: written as it is where a GEOS geometry would
    be serialised again (``core.db.bulk.insert_values``; GDAL reads it for a version's GeoJSON). A sync batch
    serialises each boundary once, for the checks, the screenings, the row and the version."""

    wkb: bytes
    srid: int


def ewkb_hex(wkb: bytes, srid: int) -> str:
    """PostGIS's hex EWKB of a WKB geometry: its type word flagged as carrying an SRID, then the SRID (in
    the WKB's own byte order), then the rest of the WKB unchanged."""
    order = "<" if wkb[0] == 1 else ">"
    (kind,) = struct.unpack_from(f"{order}I", wkb, 1)
    return (wkb[:1] + struct.pack(f"{order}II", kind | 0x20000000, srid) + wkb[5:]).hex()


@functools.lru_cache(maxsize=64)
def spatial_reference(srid: int) -> SpatialReference:
    return SpatialReference(srid)


@functools.lru_cache(maxsize=256)
def coord_transform(source_srid: int, target_srid: int) -> CoordTransform:
    return CoordTransform(spatial_reference(source_srid), spatial_reference(target_srid))


def utm_srid_for(lon: float, lat: float) -> int:
    """EPSG code of the WGS 84 / UTM zone holding (lon, lat): 326xx north, 327xx south."""
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValueError(f"({lon}, {lat}) is not a longitude/latitude pair")
    zone = min(int(math.floor((lon + 180) / 6)) + 1, 60)
    return (32600 if lat >= 0 else 32700) + zone


def utm_srids_for(lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    """``utm_srid_for`` over arrays of points (already checked to be longitudes and latitudes): an import
    asks it for every parcel of a file."""
    zones = np.minimum(np.floor((np.asarray(lons, dtype=float) + 180) / 6).astype(np.int64) + 1, 60)
    return np.where(np.asarray(lats, dtype=float) >= 0, 32600, 32700) + zones


def projected_srid_for(geom: GEOSGeometry, country_srid: int | None = None) -> int:
    if country_srid:
        return country_srid
    centroid = geom.centroid
    return utm_srid_for(centroid.x, centroid.y)


def to_srid(geom: GEOSGeometry, target_srid: int) -> GEOSGeometry:
    """A transformed copy; the source geometry is never changed."""
    source_srid = geom.srid or WGS84
    if source_srid == target_srid:
        return geom.clone()
    return geom.transform(coord_transform(source_srid, target_srid), clone=True)


def projected_area_m2(geom: GEOSGeometry, country_srid: int | None = None) -> tuple[float, int]:
    """Area in square metres and the SRID it was computed in."""
    srid = projected_srid_for(geom, country_srid)
    return to_srid(geom, srid).area, srid


def hectares_ares_centiares(area_m2: float) -> tuple[int, int, int]:
    """Split an area into ha, a, ca as certificates write it (1 ca = 1 m², 1 a = 100 m²)."""
    total = round(area_m2)
    return total // 10_000, (total % 10_000) // 100, total % 100


def format_ha_a_ca(area_m2: float) -> str:
    """An area as French land offices write it, "1 ha 23 a 45 ca": ares and centiares on two digits, thousands
    of hectares apart by a narrow no-break space, no-break spaces inside so that the quantity never wraps."""
    ha, a, ca = hectares_ares_centiares(area_m2)
    hectares = f"{ha:,}".replace(",", "\u202f")
    return f"{hectares}\u00a0ha\u00a0{a:02d}\u00a0a\u00a0{ca:02d}\u00a0ca"
