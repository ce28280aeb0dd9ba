"""The office's own base map: imagery or a topographic map in one local file, served as tiles by the
registry itself, so agents draw on it with no internet (fit-for-purpose boundaries drawn on imagery).

``LANDREG_BASEMAP_FILE`` names an MBTiles file (SQLite, the usual export of QGIS, gdal_translate, MOBAC…)
or a PMTiles file (one archive, read with the ``pmtiles`` package). Tiles are served at
``/basemap/{z}/{x}/{y}`` to logged-in users (web/basemap.py); every map asks here for that address
(``basemap_url``) and for the file's last zoom level: the site's pages and the admin's map widget alike
(core/admin_scoping.MapAdminMixin), which is why this reading sits in core.
"""

import functools
import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from pmtiles.reader import MmapSource, Reader
from pmtiles.tile import Compression, TileType

logger = logging.getLogger(__name__)
CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp"}
PMTILES_FORMATS = {TileType.PNG: "png", TileType.JPEG: "jpg", TileType.WEBP: "webp"}


class BasemapError(Exception):
    """The configured file is not a base map this server can serve (the message says why)."""


@dataclass(frozen=True)
class Basemap:
    path: Path
    kind: str  # "mbtiles" or "pmtiles"
    image_format: str  # png, jpg, webp
    min_zoom: int
    max_zoom: int

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.image_format]

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        if not (self.min_zoom <= z <= self.max_zoom and 0 <= x < 2**z and 0 <= y < 2**z):
            return None
        if self.kind == "mbtiles":
            with _connect(self.path) as db:  # MBTiles rows count from the south (TMS): flip y
                row = db.execute(
                    "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
                    (z, x, 2**z - 1 - y),
                ).fetchone()
            return bytes(row[0]) if row else None
        with open(self.path, "rb") as handle:
            return Reader(MmapSource(handle)).get(z, x, y)


def _connect(path: Path) -> sqlite3.Connection:
    # Read-only: the server never writes the office's file, and a second process may be copying it in.
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _read_mbtiles(path: Path) -> Basemap:
    try:
        with _connect(path) as db:
            meta = dict(db.execute("SELECT name, value FROM metadata").fetchall())
            zooms = db.execute("SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BasemapError(f"{path}: not an MBTiles file ({exc})") from exc
    image_format = meta.get("format", "png").lower()
    if image_format not in CONTENT_TYPES:
        raise BasemapError(
            f"{path}: tiles in {image_format}; a base map of png, jpg or webp images is served"
        )
    min_zoom = int(meta.get("minzoom", zooms[0] if zooms[0] is not None else 0))
    max_zoom = int(meta.get("maxzoom", zooms[1] if zooms[1] is not None else 0))
    return Basemap(path, "mbtiles", image_format, min_zoom, max_zoom)


def _read_pmtiles(path: Path) -> Basemap:
    with open(path, "rb") as handle:
        try:
            header = Reader(MmapSource(handle)).header()
        except Exception as exc:  # the package raises bare exceptions on a file that is not PMTiles v3
            raise BasemapError(f"{path}: not a PMTiles v3 file") from exc
    if header["tile_type"] not in PMTILES_FORMATS or header["tile_compression"] not in (
        Compression.NONE,
        Compression.UNKNOWN,
    ):
        raise BasemapError(f"{path}: a base map of uncompressed png, jpg or webp images is served")
    return Basemap(
        path, "pmtiles", PMTILES_FORMATS[header["tile_type"]], header["min_zoom"], header["max_zoom"]
    )


@functools.lru_cache(maxsize=4)
def _open(path: str, modified: float) -> Basemap:
    # Cached per file and modification time: replacing the file is seen at the next request.
    file = Path(path)
    return _read_pmtiles(file) if file.suffix.lower() == ".pmtiles" else _read_mbtiles(file)


def configured_basemap() -> Basemap | None:
    """The configured base map, or None; a file that cannot be served is logged, and the maps go without."""
    path = getattr(settings, "LANDREG_BASEMAP_FILE", "")
    if not path:
        return None
    try:
        return _open(str(path), os.stat(path).st_mtime)
    except OSError as exc:
        logger.warning("LANDREG_BASEMAP_FILE %s cannot be read: %s", path, exc.strerror)
    except BasemapError as exc:
        logger.warning("LANDREG_BASEMAP_FILE %s", exc)
    return None


def basemap_url() -> str:
    """Tile address for the maps: the office's own file if configured, else LANDREG_BASEMAP_URL, else ''."""
    if configured_basemap() is not None:
        return reverse("web:basemap-tile", args=[0, 0, 0]).replace("/0/0/0", "/{z}/{x}/{y}")
    return getattr(settings, "LANDREG_BASEMAP_URL", "")


def basemap_max_zoom() -> int | None:
    basemap = configured_basemap()
    return basemap.max_zoom if basemap else None
