"""What a document's bytes are, read from the bytes (never from the name or the browser's claim).

Evidence is scanned or photographed: PDF and the common image formats. Anything else (HTML, SVG, office
files, archives) is refused, because a file is later opened by other users. A short signature table is
enough for this allow-list, so no detection library is needed.
"""

import dataclasses

from django.conf import settings
from django.utils.translation import gettext as _

from landreg.core.exceptions import RegistryError

HEAD_BYTES = 16


class DocumentFileError(RegistryError):
    """The file is refused as a document; the message says which kinds are accepted."""


@dataclasses.dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str


def _is_webp(head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


SIGNATURES: list[tuple[object, Kind]] = [
    (b"%PDF-", Kind("application/pdf", ".pdf")),
    (b"\xff\xd8\xff", Kind("image/jpeg", ".jpg")),
    (b"\x89PNG\r\n\x1a\n", Kind("image/png", ".png")),
    (b"II*\x00", Kind("image/tiff", ".tif")),
    (b"MM\x00*", Kind("image/tiff", ".tif")),
    (_is_webp, Kind("image/webp", ".webp")),
]
ACCEPTED = "PDF, JPEG, PNG, TIFF, WebP"


def kind_of(head: bytes) -> Kind | None:
    for signature, kind in SIGNATURES:
        if (callable(signature) and signature(head)) or (
            isinstance(signature, bytes) and head.startswith(signature)
        ):
            return kind
    return None


def read_kind(file) -> Kind | None:
    """The kind of a stored or uploaded file from its first bytes (the file position is restored)."""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(position)
    return kind_of(head)


def check_document(file) -> Kind:
    """The document's kind, or DocumentFileError when it is too large or not an accepted kind."""
    limit = int(settings.LANDREG_DOCUMENT_MAX_MB * 1_000_000)
    if file.size > limit:
        raise DocumentFileError(
            _("The document is larger than %(mb)d MB.") % {"mb": settings.LANDREG_DOCUMENT_MAX_MB}
        )
    kind = read_kind(file)
    if kind is None:
        raise DocumentFileError(
            _("The document must be a scan or a photograph (%(kinds)s).") % {"kinds": ACCEPTED}
        )
    return kind
