"""A parcel boundary from what a GPS gives: a track walked around the parcel, its corner points, or
coordinates typed from a receiver's screen or a survey sheet.

The polygon returned is only assembled (the ring closed, repeated points dropped); whether it is a valid
boundary inside its village is for ``checks.check_boundary``, as for a boundary drawn on the map.
"""

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path

from django.contrib.gis.gdal import CoordTransform, DataSource, OGRGeometry, SpatialReference
from django.contrib.gis.geos import Polygon
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from landreg.core.files.untrusted_files import UntrustedFileError, file_crs, open_vector
from landreg.parcels.exceptions import GeometryError

MAX_FILE_BYTES = 5_000_000  # a parcel's track is a few hundred kB at most
MAX_POINTS = 20_000
# Extension of the name the user gave -> GDAL drivers that read it (the guarded door landreg.core.
# untrusted_files allows them by that extension; CSV is read here by Python's csv, not by GDAL).
DRIVERS = {".gpx": ("GPX",), ".kml": ("LIBKML", "KML"), ".geojson": ("GeoJSON",), ".json": ("GeoJSON",)}
ACCEPTED = ".gpx, .kml, .geojson, .json, .csv"
_NUMBER = r"[-+]?\d+(?:[.,]\d+)?"


class TrackError(GeometryError):
    """No boundary can be made from what was given; the message says why."""


def polygon_from_points(points: Sequence[tuple[float, float]], *, srid: int = 4326) -> Polygon:
    """The ring through the points in their order, closed; repeated consecutive points dropped."""
    ring = []
    for x, y in points:
        if not ring or ring[-1] != (x, y):
            ring.append((float(x), float(y)))
    if len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()
    if len(set(ring)) < 3:
        raise TrackError(
            ngettext(
                "A boundary needs at least three distinct points; %(n)d given.",
                "A boundary needs at least three distinct points; %(n)d given.",
                len(set(ring)),
            )
            % {"n": len(set(ring))}
        )
    if len(ring) > MAX_POINTS:
        raise TrackError(_("Too many points (more than %(n)d) for one parcel.") % {"n": MAX_POINTS})
    polygon = Polygon([*ring, ring[0]], srid=srid)
    return polygon if srid == 4326 else polygon.transform(4326, clone=True)


def _numbers(line: str) -> list[str]:
    if ";" in line or "\t" in line:
        return [part.strip() for part in re.split(r"[;\t]", line) if part.strip()]
    words = line.split()
    if len(words) == 2 and all("," in word for word in words):  # "12,3456 -1,2345": decimal commas
        return words
    return [part.strip() for part in re.split(r"[,\s]+", line) if part.strip()]


def points_from_text(text: str, *, latitude_first: bool = False) -> list[tuple[float, float]]:
    """One point a line: two numbers separated by a space, a comma, a semicolon or a tab; a decimal comma is
    understood where the separator is not a comma ("12,3456; -1,2345")."""
    points = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        values = _numbers(line)
        if len(values) != 2 or not all(re.fullmatch(_NUMBER, v) for v in values):
            raise TrackError(
                _("Line %(line)d: give two numbers, longitude and latitude (or X and Y).") % {"line": number}
            )
        a, b = (float(v.replace(",", ".")) for v in values)
        points.append((b, a) if latitude_first else (a, b))
    return points


def _points_from_csv(data: bytes) -> list[tuple[float, float]]:
    text = data.decode("utf-8-sig", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [row for row in csv.reader(io.StringIO(text), dialect) if any(cell.strip() for cell in row)]
    if not rows:
        raise TrackError(_("The file holds no points."))
    header = [cell.strip().lower() for cell in rows[0]]
    x_col = next((i for i, h in enumerate(header) if h in ("lon", "long", "longitude", "lng", "x")), None)
    y_col = next((i for i, h in enumerate(header) if h in ("lat", "latitude", "y")), None)
    if x_col is None or y_col is None:
        if re.fullmatch(_NUMBER, rows[0][0].strip() if rows[0] else ""):
            x_col, y_col = 0, 1  # no header: longitude, latitude
        else:
            raise TrackError(_("The CSV file needs a longitude and a latitude column (lon, lat)."))
    else:
        rows = rows[1:]
    points = []
    for number, row in enumerate(rows, start=2):
        try:
            points.append((float(row[x_col].replace(",", ".")), float(row[y_col].replace(",", "."))))
        except (IndexError, ValueError) as exc:
            raise TrackError(_("Line %(line)d of the CSV file is not a point.") % {"line": number}) from exc
    return points


def open_track_file(path: str, declared_name: str) -> DataSource:
    """A user's track file opened by GDAL through the registry's one guarded door (drivers allowed by the
    declared extension, VRT, /vsi paths, KML network links and XML entities refused, size bounded)."""
    try:
        return open_vector(path, declared_name=declared_name)
    except UntrustedFileError as exc:
        raise TrackError(str(exc)) from exc


def _to_wgs84(geometry: OGRGeometry, declared_name: str) -> OGRGeometry:
    try:
        srs = file_crs(geometry.srs, declared_name=declared_name)
    except UntrustedFileError as exc:
        raise TrackError(str(exc)) from exc
    if srs is not None and srs.srid != 4326:
        geometry.transform(CoordTransform(srs, SpatialReference(4326)))
    return geometry


def _boundary_in(source: DataSource, declared_name: str) -> Polygon:
    """The file's polygon if it has one, else its track (lines joined in order), else its points."""
    polygons, lines, points = [], [], []
    for layer in source:
        for feature in layer:
            geometry = feature.geom
            if geometry is None:
                continue
            geometry = _to_wgs84(geometry, declared_name)
            kind = geometry.geom_type.name.replace("25D", "")
            if kind in ("Polygon", "MultiPolygon"):
                polygons += list(geometry) if kind == "MultiPolygon" else [geometry]
            elif kind in ("LineString", "MultiLineString"):
                parts = list(geometry) if kind == "MultiLineString" else [geometry]
                lines.append([pt[:2] for part in parts for pt in part.tuple])
            elif kind == "Point":
                points.append(geometry.tuple[:2])
    if len(polygons) > 1 or len(lines) > 1:
        raise TrackError(_("The file holds several shapes; keep only the one of this parcel."))
    if polygons:
        return polygon_from_points([pt[:2] for pt in polygons[0].tuple[0]])
    if lines:
        return polygon_from_points(lines[0])
    if points:
        return polygon_from_points(points)
    raise TrackError(_("The file holds no track, points or polygon."))


def boundary_from_file(path: str, declared_name: str) -> Polygon:
    """A GPX track (or its points), a KML or GeoJSON shape or points, or a CSV of longitude/latitude."""
    suffix = Path(declared_name).suffix.lower()
    if suffix not in (*DRIVERS, ".csv"):
        raise TrackError(_("This kind of file is not accepted; accepted: %(kinds)s") % {"kinds": ACCEPTED})
    if Path(path).stat().st_size > MAX_FILE_BYTES:
        raise TrackError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_FILE_BYTES // 1_000_000})
    if suffix == ".csv":
        return polygon_from_points(_points_from_csv(Path(path).read_bytes()))
    return _boundary_in(open_track_file(path, declared_name), declared_name)
