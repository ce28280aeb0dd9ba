"""Read the text operators of a reportlab PDF (page streams are ASCII85- and Flate-encoded)."""

import base64
import re
import zlib


def _decode(stream: bytes) -> bytes:
    data = stream.strip()
    if data.endswith(b"~>"):
        body = data.removeprefix(b"<~").removesuffix(b"~>")
        data = base64.a85decode(body, adobe=False, ignorechars=b" \t\n\r\x0b")
    try:
        return zlib.decompress(data)
    except zlib.error:
        return data


def pdf_text(pdf: bytes) -> str:
    streams = re.findall(rb"(?<!end)stream\r?\n(.*?)endstream", pdf, re.S)
    return b"\n".join(_decode(s) for s in streams).decode("latin-1")
