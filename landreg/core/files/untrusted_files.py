"""The one door through which GDAL opens a file a user gave (import page, import_parcels, boundary files).

GDAL picks its reader from the content, not the name: an OGR VRT (XML) uploaded as ``parcelles.geojson``
would open whatever its ``<SrcDataSource>`` names (the signing key as CSV, the live database, a URL). So:
the name's extension chooses an allow-list of drivers, GDAL is asked to try only those
(``GDALOpenEx``'s allowed drivers) and the driver that actually opened the file is checked again; paths
that name a GDAL virtual file system (``/vsi...``) or a driver prefix (``CSV:``, ``http:``) are refused, as
is content that holds either; a zip is checked member by member before /vsizip/ reads it; a GeoPackage
holding a view is refused (a view is the file's own SQL, run by our worker: one that counts to 10^12 held an
import for ever); a coordinate system that names files on the server (a grid, an init file) is refused at
``file_crs``; sizes are bounded by settings; and gdal_guard keeps GDAL off the network whatever a reader
follows.

Messages name the file by its declared name (made safe by ``shown``) and never repeat GDAL's own error,
which may quote the file's content.
"""

import contextlib
import ctypes
import dataclasses
import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.gis.gdal import DataSource, SpatialReference
from django.contrib.gis.gdal.driver import Driver
from django.contrib.gis.gdal.error import GDALException
from django.contrib.gis.gdal.prototypes import ds as capi
from django.utils.translation import gettext as _

from landreg.core.exceptions import RegistryError
from landreg.core.files import gdal_guard
from landreg.core.files.safe_zip import check_zip
from landreg.core.geojson_crs import CRS_MEMBER, LegacyCrsError, crs_member_srid

# Extension of the declared name -> GDAL drivers allowed to read it, and the label users know it by.
FORMATS: dict[str, tuple[tuple[str, ...], str]] = {
    ".geojson": (("GeoJSON",), "GeoJSON"),
    ".json": (("GeoJSON",), "GeoJSON"),
    ".gpkg": (("GPKG",), "GeoPackage"),
    ".zip": (("ESRI Shapefile",), "zipped Shapefile"),
    ".shp": (("ESRI Shapefile",), "Shapefile"),
    # LIBKML reads ExtendedData (the parcels' attributes); the NetworkLinks it could follow are refused below.
    ".kml": (("LIBKML", "KML"), "KML"),
    ".gpx": (("GPX",), "GPX"),
    ".csv": (("CSV",), "CSV"),
}
SHAPEFILE_PARTS = {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qpj", ".sbn", ".sbx", ".xml", ".qix"}
# Never from users: GDAL virtual file systems, driver or URL prefixes ("CSV:/etc/...", "http://", "PG:...");
# in content, also a VRT, a KML NetworkLink and XML entities (a parcel file needs none of them).
_VIRTUAL = re.compile(rb"/vsi[a-z0-9_]*/|<OGRVRTDataSource|<NetworkLink|<!ENTITY", re.IGNORECASE)
_PREFIX = re.compile(r"^[A-Za-z][A-Za-z0-9_ +.-]*:")
# A CRS that makes PROJ open a file when coordinates are transformed: a datum or geoid grid (other than PROJ's
# built-in "@null", which EPSG:3857's own definition names), an init file, WKT2's grid parameter file. PROJ
# opens whatever path is named (a .prj reading "+nadgrids=/dev/stdin" or a named pipe stops the worker).
_CRS_FILES = re.compile(
    r"(?:nadgrids|geoidgrids|grids|init)\s*=\s*(?!@null\b)|PARAMETERFILE\[|gridshift", re.IGNORECASE
)
SNIFF_BYTES = 4 * 1024 * 1024


class UntrustedFileError(RegistryError):
    """The file is refused before or while opening it; the message says why without quoting it."""


@dataclasses.dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_features: int
    max_vertices: int  # per feature
    max_zip_members: int = 50

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            max_bytes=int(settings.LANDREG_IMPORT_MAX_MB * 1_000_000),
            max_features=settings.LANDREG_IMPORT_MAX_FEATURES,
            max_vertices=settings.LANDREG_IMPORT_MAX_VERTICES,
        )


def shown(value, limit: int = 40) -> str:
    """A value read from a user's file, fit to appear in a message: control characters removed, cut short."""
    if isinstance(value, str) and len(value) <= limit and value.isprintable():
        return value  # the usual case, without a look at each character (an import names 100,000 ids)
    text = "".join(ch if ch.isprintable() else "?" for ch in str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def accepted_extensions() -> str:
    return ", ".join(FORMATS)


def open_vector(
    file_or_path, *, declared_name: str | None = None, limits: Limits | None = None
) -> DataSource:
    """Open a user's vector file read-only with the drivers its declared name allows, or refuse it.

    ``file_or_path``: a path, or a stored file (anything with ``.path``). ``declared_name``: the name the
    user gave it (the upload's name); by default the path's own name. The caller keeps the returned
    DataSource alive while it reads the layers.
    """
    gdal_guard.apply()
    limits = limits or Limits.from_settings()
    path = str(getattr(file_or_path, "path", file_or_path))
    name = shown(Path(declared_name or path).name, 80)
    if _PREFIX.match(path) or _VIRTUAL.search(path.encode(errors="replace")):
        raise UntrustedFileError(
            _("%(file)s: only a plain file can be imported, not a path GDAL would follow.") % {"file": name}
        )
    if not os.path.isfile(path):
        raise UntrustedFileError(_("%(file)s: no such file.") % {"file": name})
    suffix = Path(declared_name or path).suffix.lower()
    if suffix not in FORMATS:
        raise UntrustedFileError(
            _("%(file)s: this kind of file is not accepted; accepted: %(kinds)s")
            % {"file": name, "kinds": accepted_extensions()}
        )
    drivers, label = FORMATS[suffix]
    size = os.path.getsize(path)
    if size > limits.max_bytes:
        raise UntrustedFileError(
            _("%(file)s is larger than %(mb)d MB.") % {"file": name, "mb": limits.max_bytes // 1_000_000}
        )
    if suffix == ".zip":
        check_zip(
            path,
            allowed_suffixes=SHAPEFILE_PARTS,
            max_members=limits.max_zip_members,
            max_bytes=limits.max_bytes,
        )
        path = "/vsizip/" + os.path.abspath(path)
    else:
        _refuse_references(path, name)
    if drivers == ("GeoJSON",):
        _refuse_unread_crs(path, name)
    if suffix == ".gpkg":
        _refuse_views(path, name)
    return _open(path, drivers, name, label)


def file_crs(srs: SpatialReference | None, *, declared_name: str) -> SpatialReference | None:
    """The coordinate system a user's file states (a layer's or a geometry's ``srs``), fit to transform
    from: as it is, unless it names files on the server, for PROJ to open; then rebuilt from its EPSG code
    when it states one (what the file says it is, without the extras), else refused."""
    if srs is None:
        return None
    if not _CRS_FILES.search(f"{srs.wkt}\n{_proj_or_empty(srs)}"):
        return srs
    if srs.srid:
        return SpatialReference(srs.srid)
    raise UntrustedFileError(
        _("%(file)s: its coordinate system refers to files on the server; give its EPSG code instead.")
        % {"file": shown(Path(declared_name).name, 80)}
    )


def _proj_or_empty(srs: SpatialReference) -> str:
    try:
        return srs.proj
    except GDALException:  # a CRS PROJ cannot write as a string: its WKT is checked alone
        return ""


def _refuse_views(path: str, name: str) -> None:
    """A GeoPackage is a SQLite database; a view in it is a query GDAL would run for us (a parcel file needs
    tables only). Read without GDAL, read-only and without locks, before it opens the file."""
    try:
        with contextlib.closing(
            sqlite3.connect(f"file:{quote(str(Path(path).absolute()))}?mode=ro&immutable=1", uri=True)
        ) as db:
            views = db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'view'").fetchone()[0]
    except sqlite3.Error:
        return  # not a database: the GeoPackage reader refuses it with its usual message
    if views:
        raise UntrustedFileError(
            _("%(file)s holds views (queries); only a GeoPackage of tables can be imported.") % {"file": name}
        )


@contextlib.contextmanager
def stored_file_path(
    stored, *, declared_name: str | None = None, limits: Limits | None = None
) -> Iterator[str]:
    """A stored file (a FieldFile, whatever the storage) as a path on this disk for ``open_vector``: its own
    path when the storage keeps files here, else a copy read through the storage API into a temporary
    directory, removed on leaving (an S3 bucket has no path; GDAL reads local files only, and
    ``open_vector`` refuses its /vsis3/ and URLs anyway). The copy keeps the declared name's extension,
    which chooses the drivers, and stops at the size limit."""
    try:
        local = stored.path
    except NotImplementedError:  # Storage.path: "storage systems that can't be accessed locally"
        local = None
    if local is not None:
        yield local
        return
    limits = limits or Limits.from_settings()
    name = shown(Path(declared_name or stored.name).name, 80)
    suffix = Path(declared_name or stored.name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="landreg-upload-") as work:
        target = Path(work) / f"upload{suffix}"
        copied = 0
        with stored.open("rb") as source, target.open("wb") as out:
            for chunk in source.chunks():
                copied += len(chunk)
                if copied > limits.max_bytes:
                    raise UntrustedFileError(
                        _("%(file)s is larger than %(mb)d MB.")
                        % {"file": name, "mb": limits.max_bytes // 1_000_000}
                    )
                out.write(chunk)
        yield str(target)


def _refuse_references(path: str, name: str) -> None:
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if _VIRTUAL.search(head):
        raise UntrustedFileError(
            _("%(file)s refers to other files or addresses; such files are not accepted.") % {"file": name}
        )


def _refuse_unread_crs(path: str, name: str) -> None:
    """A GeoJSON's legacy crs members, read as core.geojson_crs reads them: GDAL reads a member it does not
    know (a link, an unknown code) as no member at all and the coordinates as longitude/latitude, so a parcel
    in other units was placed elsewhere without a word. Every member of the file, wherever it stands: a
    FeatureCollection's member may come before its features or after them, and other members after it (GDAL
    honours one it reads anywhere)."""
    for text in _crs_members(path):
        try:
            member = json.loads(text)
        except ValueError:
            continue  # not a crs member after all (a property's text): GDAL reads the file as it is
        if _CRS_FILES.search(json.dumps(member)):
            raise UntrustedFileError(
                _(
                    "%(file)s: its coordinate system refers to files on the server; give its EPSG code "
                    "instead."
                )
                % {"file": name}
            )
        try:
            crs_member_srid(member, definitions=True)
        except LegacyCrsError as exc:
            raise UntrustedFileError(f"{name}: {exc}") from exc


# The longest crs member read whole (a coordinate system written out as WKT is a few kB): the file is read in
# pieces of SNIFF_BYTES that overlap by this much, so that a member across two pieces is whole in the second.
CRS_MEMBER_BYTES = 65_536


def _crs_members(path: str) -> Iterator[bytes]:
    """The text of every crs member of the file, read in pieces (a 250 MB file in some 2 s, in the import's
    job: GDAL takes far longer to read it)."""
    with open(path, "rb") as handle:
        carried, offset, last = b"", 0, -1  # offset: where ``carried`` starts in the file
        while piece := handle.read(SNIFF_BYTES):
            text = carried + piece
            for found in CRS_MEMBER.finditer(text):
                if offset + found.start() > last:  # one in the overlap was found with the piece before
                    last = offset + found.start()
                    yield found.group(1)
            carried = text[-CRS_MEMBER_BYTES:]
            offset += len(text) - len(carried)


def _open(path: str, drivers: tuple[str, ...], name: str, label: str) -> DataSource:
    Driver.ensure_registered()
    allowed = (ctypes.c_char_p * (len(drivers) + 1))(*[d.encode() for d in drivers], None)
    try:
        pointer = capi.open_ds(
            path.encode(), capi.GDAL_OF_READONLY | capi.GDAL_OF_VECTOR, allowed, None, None
        )
    except GDALException as exc:
        raise UntrustedFileError(
            _("%(file)s cannot be read as %(format)s.") % {"file": name, "format": label}
        ) from exc
    source = DataSource(pointer, capi.get_dataset_driver(pointer))
    if source.driver.name not in drivers:  # GDAL honours the list; checked again because it is the lock
        raise UntrustedFileError(
            _("%(file)s cannot be read as %(format)s.") % {"file": name, "format": label}
        )
    return source
