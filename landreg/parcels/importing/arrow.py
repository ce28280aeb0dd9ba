"""GDAL's columnar reader (``OGR_L_GetArrowStream``, GDAL >= 3.6) read through the Arrow C data interface.

GDAL fills a batch of features column by column in C (the feature ids, each field asked for, the
geometries as WKB); Python then takes each column whole with numpy instead of asking GDAL for every value
of every feature (a ctypes call each). The structures are the Arrow C data interface's
(https://arrow.apache.org/docs/format/CDataInterface.html); only the column types a parcel file's fields
need are read: integers, reals, booleans, text and binary (the geometry). A layer with another type in a
field the import reads is refused here with ``Unsupported`` and read feature by feature instead.
"""

import ctypes
from collections.abc import Iterator

import numpy as np
from django.contrib.gis.gdal.libgdal import lgdal


class Unsupported(Exception):
    """The layer cannot be read through the Arrow stream (old GDAL, or a column type not handled here)."""


class ArrowSchema(ctypes.Structure):
    pass


ArrowSchema._fields_ = [
    ("format", ctypes.c_char_p),
    ("name", ctypes.c_char_p),
    ("metadata", ctypes.c_void_p),
    ("flags", ctypes.c_int64),
    ("n_children", ctypes.c_int64),
    ("children", ctypes.POINTER(ctypes.POINTER(ArrowSchema))),
    ("dictionary", ctypes.POINTER(ArrowSchema)),
    ("release", ctypes.CFUNCTYPE(None, ctypes.POINTER(ArrowSchema))),
    ("private_data", ctypes.c_void_p),
]


class ArrowArray(ctypes.Structure):
    pass


ArrowArray._fields_ = [
    ("length", ctypes.c_int64),
    ("null_count", ctypes.c_int64),
    ("offset", ctypes.c_int64),
    ("n_buffers", ctypes.c_int64),
    ("n_children", ctypes.c_int64),
    ("buffers", ctypes.POINTER(ctypes.c_void_p)),
    ("children", ctypes.POINTER(ctypes.POINTER(ArrowArray))),
    ("dictionary", ctypes.POINTER(ArrowArray)),
    ("release", ctypes.CFUNCTYPE(None, ctypes.POINTER(ArrowArray))),
    ("private_data", ctypes.c_void_p),
]


class ArrowArrayStream(ctypes.Structure):
    pass


ArrowArrayStream._fields_ = [
    (
        "get_schema",
        ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ArrowArrayStream), ctypes.POINTER(ArrowSchema)),
    ),
    (
        "get_next",
        ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ArrowArrayStream), ctypes.POINTER(ArrowArray)),
    ),
    ("get_last_error", ctypes.CFUNCTYPE(ctypes.c_char_p, ctypes.POINTER(ArrowArrayStream))),
    ("release", ctypes.CFUNCTYPE(None, ctypes.POINTER(ArrowArrayStream))),
    ("private_data", ctypes.c_void_p),
]

# Arrow format string -> numpy type of the values buffer (fixed-width columns).
_FIXED = {"l": np.int64, "i": np.int32, "s": np.int16, "c": np.int8, "g": np.float64, "f": np.float32}
_VARIABLE = {"u": np.int32, "z": np.int32, "U": np.int64, "Z": np.int64}  # offsets' type; u/U are UTF-8


def _function(name, restype, argtypes):
    try:
        function = getattr(lgdal, name)
    except AttributeError as exc:  # GDAL before 3.6
        raise Unsupported(name) from exc
    function.restype, function.argtypes = restype, argtypes
    return function


def _validity(array: ArrowArray, length: int, offset: int) -> np.ndarray | None:
    if array.null_count == 0 or not array.buffers[0]:
        return None
    nbytes = (offset + length + 7) // 8
    bits = np.frombuffer(ctypes.string_at(array.buffers[0], nbytes), dtype=np.uint8)
    return np.unpackbits(bits, bitorder="little")[offset : offset + length].astype(bool)


def _column(fmt: str, array: ArrowArray) -> list:
    """A column's values as Python objects (None where null); text as str, binary as bytes."""
    length, offset = array.length, array.offset
    valid = _validity(array, length, offset)
    if fmt in _FIXED:
        dtype = np.dtype(_FIXED[fmt])
        raw = ctypes.string_at(array.buffers[1], (offset + length) * dtype.itemsize)
        values = np.frombuffer(raw, dtype=dtype)[offset:].tolist()
    elif fmt == "b":
        nbytes = (offset + length + 7) // 8
        bits = np.frombuffer(ctypes.string_at(array.buffers[1], nbytes), dtype=np.uint8)
        values = np.unpackbits(bits, bitorder="little")[offset : offset + length].astype(bool).tolist()
    elif fmt in _VARIABLE:
        dtype = np.dtype(_VARIABLE[fmt])
        raw = ctypes.string_at(array.buffers[1], (offset + length + 1) * dtype.itemsize)
        offsets = np.frombuffer(raw, dtype=dtype)[offset:]
        start, end = int(offsets[0]), int(offsets[-1])
        data = ctypes.string_at(array.buffers[2] + start, end - start) if end > start else b""
        bounds = (offsets - start).tolist()
        values = [data[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
        if fmt in "uU":
            values = [v.decode("utf-8", "replace") for v in values]
    else:
        raise Unsupported(fmt)
    if valid is not None:
        values = [v if ok else None for v, ok in zip(values, valid.tolist(), strict=True)]
    return values


def batches(layer, fields: list[str], *, batch_size: int) -> Iterator[tuple[list, dict[str, list], list]]:
    """(feature ids, {field: values}, WKB geometries) for each batch of at most ``batch_size`` features.

    Only ``fields`` are read (GDAL is told to ignore the others). Raises Unsupported before the first
    batch when the stream cannot serve this layer.
    """
    get_stream = _function(
        "OGR_L_GetArrowStream",
        ctypes.c_bool,
        [ctypes.c_void_p, ctypes.POINTER(ArrowArrayStream), ctypes.POINTER(ctypes.c_char_p)],
    )
    set_ignored = _function(
        "OGR_L_SetIgnoredFields", ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p)]
    )
    ignored = [name.encode() for name in layer.fields if name not in fields] + [b"OGR_STYLE"]
    set_ignored(layer.ptr, (ctypes.c_char_p * (len(ignored) + 1))(*ignored, None))
    options = [f"MAX_FEATURES_IN_BATCH={batch_size}".encode(), b"INCLUDE_FID=YES", b"FID=OGC_FID"]
    stream = ArrowArrayStream()
    if not get_stream(layer.ptr, ctypes.byref(stream), (ctypes.c_char_p * 4)(*options, None)):
        raise Unsupported("stream")
    get_fid_column = _function("OGR_L_GetFIDColumn", ctypes.c_char_p, [ctypes.c_void_p])
    fid_column = (get_fid_column(layer.ptr) or b"").decode() or "OGC_FID"
    try:
        yield from _read(stream, fields, fid_column)
    finally:
        if stream.release:
            stream.release(ctypes.byref(stream))
        set_ignored(layer.ptr, None)


def _read(stream: ArrowArrayStream, fields: list[str], fid_column: str):
    schema = ArrowSchema()
    if stream.get_schema(ctypes.byref(stream), ctypes.byref(schema)) != 0:
        raise Unsupported("schema")
    try:
        columns = [
            ((schema.children[k].contents.name or b"").decode(), schema.children[k].contents.format.decode())
            for k in range(schema.n_children)
        ]
    finally:
        schema.release(ctypes.byref(schema))
    names = [name for name, _fmt in columns]
    if fid_column not in names:
        raise Unsupported("fid")
    fid = names.index(fid_column)
    geometry = next((k for k, (name, fmt) in enumerate(columns) if fmt in "zZ" and name not in fields), None)
    wanted = {name: k for k, (name, _fmt) in enumerate(columns) if name in fields and k != fid}
    for name, k in wanted.items():
        if columns[k][1] not in _FIXED and columns[k][1] not in _VARIABLE and columns[k][1] != "b":
            raise Unsupported(f"{name}: {columns[k][1]}")
    while True:
        array = ArrowArray()
        if stream.get_next(ctypes.byref(stream), ctypes.byref(array)) != 0:
            error = stream.get_last_error(ctypes.byref(stream))
            raise OSError((error or b"").decode(errors="replace") or "reading the layer failed")
        if not array.release:  # end of stream
            return
        try:
            child = [array.children[k].contents for k in range(array.n_children)]
            fids = _column(columns[fid][1], child[fid])
            values = {name: _column(columns[k][1], child[k]) for name, k in wanted.items()}
            wkbs = _column(columns[geometry][1], child[geometry]) if geometry is not None else []
            if geometry is None:
                wkbs = [None] * array.length
        finally:
            array.release(ctypes.byref(array))
        yield fids, values, wkbs
