"""A unit's boundary read from a file the administrator gives (GeoJSON, GeoPackage, KML, zipped Shapefile),
through the registry's one guarded door for users' files (core.files.untrusted_files)."""

import tempfile
from pathlib import Path

from django.contrib.gis.gdal import CoordTransform, SpatialReference
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.utils.translation import gettext as _

from landreg.core.files.untrusted_files import UntrustedFileError, open_vector
from landreg.territory.exceptions import TerritoryError

ACCEPTED = (".geojson", ".json", ".gpkg", ".kml", ".zip")


def boundary_from_upload(upload) -> MultiPolygon:
    """Every polygon of the uploaded file, in EPSG:4326, as one multipolygon (a village drawn in several
    pieces stays several pieces). The file is written to a temporary directory under the name's extension,
    which chooses the drivers GDAL may use."""
    suffix = Path(upload.name).suffix.lower()
    if suffix not in ACCEPTED:
        raise TerritoryError(
            _("This kind of file is not accepted; accepted: %(kinds)s") % {"kinds": ", ".join(ACCEPTED)}
        )
    with tempfile.TemporaryDirectory(prefix="landreg-boundary-") as work:
        path = Path(work) / f"boundary{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            source = open_vector(str(path), declared_name=upload.name)
        except UntrustedFileError as exc:
            raise TerritoryError(str(exc)) from exc
        return _polygons_in(source)


def _polygons_in(source) -> MultiPolygon:
    to_wgs84 = {}
    polygons = []
    for layer in source:
        for feature in layer:
            geometry = feature.geom
            if geometry is None:
                continue
            geometry.set_3d(False)  # a KML's heights: boundaries are stored in two dimensions
            if geometry.srs is not None and geometry.srs.srid != 4326:
                key = geometry.srs.wkt
                if key not in to_wgs84:
                    to_wgs84[key] = CoordTransform(geometry.srs, SpatialReference(4326))
                geometry.transform(to_wgs84[key])
            shape = GEOSGeometry(geometry.wkb, srid=4326)
            if shape.geom_type == "Polygon":
                polygons.append(shape)
            elif shape.geom_type == "MultiPolygon":
                polygons.extend(shape)
    if not polygons:
        raise TerritoryError(_("The file holds no polygon."))
    return MultiPolygon(*[GEOSGeometry(p.wkb, srid=4326) for p in polygons], srid=4326)
