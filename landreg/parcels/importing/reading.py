"""Reading a user's file: its layer (opened through the guarded door), its columns, its features in batches.

The features come a batch at a time (``BATCH`` features), never all at once, so that memory does not grow
with the file: from GDAL's columnar stream where it serves the layer (``arrow``), else feature by feature
through GeoDjango. Each feature is ``(source id, {field: value}, WKB or None)``.

A feature's source id is the file's own identifier when it has one (an ``id``, a French ``IDU``, an
INSPIRE ``localId``...); otherwise it is the file's name, its layer and the feature's number in it, so the
sheets of one commune (each numbering its features from 0) never take each other's parcels for their own.
"""

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path
from queue import Empty, Full, Queue

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.gdal.libgdal import gdal_version_info
from django.utils.translation import gettext as _

from landreg.core.files.untrusted_files import UntrustedFileError, open_vector, shown
from landreg.parcels.exceptions import ParcelError
from landreg.parcels.importing import arrow

FIELDS = ("source_id", "number", "official_area_m2", "local_name", "land_use", "accuracy_m")
# Read when the file has no column named as the field itself (the registry's export names them so).
GUESSES = {
    # IDU: the French cadastre's parcel identifier (EDIGEO writes it IDU_id); idpar: the same in MAJIC.
    "source_id": ("idu", "idu_id", "idpar", "id", "localid", "gml_id", "identifier", "uid", "name"),
    # SUPF: the French cadastre's fiscal area (EDIGEO SUPF_id).
    "official_area_m2": ("contenance", "supf", "supf_id", "areavalue", "area", "surface", "superficie"),
}
BATCH = 5000  # features read, checked and staged at a time: memory is bounded by this, not by the file


def open_layer(path: str | Path, layer: str | None = None, *, declared_name: str | None = None):
    """The file's layer to import (the one named, else the first with polygons), opened through the
    guarded door for users' files."""
    source = open_vector(path, declared_name=declared_name)
    layers = list(source)
    if layer:
        chosen = next((lyr for lyr in layers if lyr.name == layer), None)
        if chosen is None:
            raise ParcelError(
                _("No layer %(layer)s in the file; it has: %(names)s")
                % {"layer": shown(layer), "names": ", ".join(shown(lyr.name) for lyr in layers[:20])}
            )
        return source, chosen
    rank = {"Polygon": 0, "MultiPolygon": 0, "LineString": 1, "MultiLineString": 1}
    candidates = [lyr for lyr in layers if len(lyr)]
    if not candidates:
        raise ParcelError(_("The file holds no features."))
    # Polygons first; then lines (a GPS track walked around the parcel); then anything (rejected per feature).
    candidates.sort(key=lambda lyr: rank.get(lyr.geom_type.name.replace("25D", ""), 2))
    return source, candidates[0]


def field_map(layer, mapping: dict[str, str] | None) -> dict[str, str]:
    """Target field -> the file's column: as mapped, else the column named as the field, else a guess."""
    names = {name.lower(): name for name in layer.fields}
    result = {}
    for target, source in (mapping or {}).items():
        if target not in FIELDS:
            raise ParcelError(
                _("Unknown target field %(f)s; use one of %(all)s")
                % {"f": shown(target), "all": ", ".join(FIELDS)}
            )
        if source.lower() not in names:
            raise ParcelError(
                _("The file has no field %(f)s; it has: %(all)s")
                % {"f": shown(source), "all": ", ".join(shown(f) for f in layer.fields[:50])}
            )
        result[target] = names[source.lower()]
    for target in FIELDS:
        # A Shapefile cuts column names to 10 characters: its export's official_area_m2 is official_a.
        found = next((names[n] for n in (target, target[:10]) if n in names), None)
        if target not in result and found:
            result[target] = found
    for target, guesses in GUESSES.items():
        if target not in result:
            found = next((names[g] for g in guesses if g in names), None)
            if found:
                result[target] = found
    return result


class Batch(list):
    """A batch of rows; ``screened``: what ``screen`` made of their geometries, a row each (or None)."""

    screened = None


def batches(
    source, layer, fields: dict[str, str], *, file_name: str, max_features: int, screen=None
) -> Iterator[Batch]:
    """The layer's features, a batch at a time, named by their source id. ``screen``: a function of a
    batch's geometries (WKB, None where missing) run in GDAL's reading thread, while the caller checks
    the batch before (``checking.screen``); its result is the batch's ``screened``."""
    count = 0
    for fids, columns, wkbs, screened in _columns(source, layer, sorted(set(fields.values())), screen):
        count += len(fids)
        if count > max_features:  # the announced count may lie
            raise UntrustedFileError(
                _("The file holds more than %(max)d features; at most that many are imported at once.")
                % {"max": max_features}
            )
        rows = Batch()
        rows.screened = screened
        for k, fid in enumerate(fids):
            values = {target: _value(columns[source][k]) for target, source in fields.items()}
            own = values.get("source_id")
            # Without an identifier of its own, the feature is named by file, layer and position: the
            # sheets of a commune each number their features from 0. (Names are cut, never the number.)
            values["source_id"] = (
                shown(own, 128) if own else f"{shown(file_name, 80)}:{shown(layer.name, 30)}:{fid}"
            )
            rows.append((str(values["source_id"]), values, wkbs[k]))
        yield rows


def _value(value):
    return None if value in ("", None) else value


def _columns(source, layer, names: list[str], screen=None):
    """(fids, {column: values}, wkbs, screened) per batch: GDAL's columnar stream, else feature by feature
    (``screened`` None: the caller screens the batch itself)."""
    if source.driver.name == "GPKG" and gdal_version_info() < (3, 7):
        # GDAL 3.6's own GeoPackage stream repeats features (264 for 186 in the Spanish cadastre).
        yield from _unscreened(_by_feature(layer, names))
        return
    stream = arrow.batches(layer, names, batch_size=BATCH)
    try:
        first = next(stream, None)
    except arrow.Unsupported:
        yield from _unscreened(_by_feature(layer, names))
        return
    if first is not None:
        yield (*first, None)
        yield from _ahead(stream, screen)


def _unscreened(stream):
    for batch in stream:
        yield (*batch, None)


def _ahead(stream, screen=None):
    """The stream's batches, the next one read by GDAL in a thread while the caller checks this one
    (GDAL parses without Python's lock; at most two batches wait, so memory stays bounded), and screened
    there by ``screen`` (shapely too works without the lock). Only that thread touches the layer until
    the stream ends."""
    queue = Queue(maxsize=2)
    stop = threading.Event()

    def read():
        try:
            for fids, columns, wkbs in stream:
                batch = (fids, columns, wkbs, screen(wkbs) if screen else None)
                while not stop.is_set():
                    try:
                        queue.put((batch, None), timeout=0.1)
                        break
                    except Full:
                        continue
                if stop.is_set():
                    break
            queue.put((None, None))
        except BaseException as exc:  # noqa: BLE001 - handed over to the caller's thread, raised there
            queue.put((None, exc))
        finally:
            stream.close()

    thread = threading.Thread(target=read, name="landreg-import-reader", daemon=True)
    thread.start()
    try:
        while True:
            batch, error = queue.get()
            if error is not None:
                raise error
            if batch is None:
                return
            yield batch
    finally:
        stop.set()
        while thread.is_alive():  # let the reader see ``stop`` (it may wait on a full queue)
            with contextlib.suppress(Empty):
                queue.get_nowait()
            thread.join(timeout=0.05)


def _by_feature(layer, names: list[str]):
    fids, columns, wkbs = [], {name: [] for name in names}, []
    for feature in _features(layer):
        fids.append(feature.fid)
        for name in names:
            try:
                columns[name].append(feature.get(name))
            except (GDALException, IndexError):
                columns[name].append(None)
        try:
            wkbs.append(bytes(feature.geom.wkb))
        except (GDALException, TypeError):
            wkbs.append(None)
        if len(fids) == BATCH:
            yield fids, columns, wkbs
            fids, columns, wkbs = [], {name: [] for name in names}, []
    if fids:
        yield fids, columns, wkbs


def _features(layer):
    # Django's Layer iterates over the announced feature count; a GeoPackage whose metadata announces
    # more rows than it holds ends in a NULL feature: stop there (the report gives the real count).
    iterator = iter(layer)
    while True:
        try:
            yield next(iterator)
        except (StopIteration, GDALException):
            return
