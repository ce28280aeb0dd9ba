"""Writes of source documents."""

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable

from django.core.files import File
from django.db import transaction

from landreg.documents.content import check_document
from landreg.documents.models import Source
from landreg.territory.models import AdministrativeUnit


@transaction.atomic
def source_attach(
    *,
    source_type: str,
    document_date: dt.date,
    village: AdministrativeUnit,
    reference: str = "",
    file: File | None = None,
    file_stored: bool = False,
    description: str = "",
    parcels: Iterable = (),
    parties: Iterable = (),
    rights: Iterable = (),
    recorded_by=None,
) -> Source:
    source = Source(
        source_type=source_type,
        document_date=document_date,
        village=village,
        reference=reference,
        description=description,
        recorded_by=recorded_by,
    )
    if file is not None:
        kind = check_document(file)
        if file_stored:
            # ``file`` is already in the storage under its name (a field photo kept with its submission,
            # under a name as unguessable): the source points at that file rather than writing it twice.
            # Stored files are never deleted, so the two rows sharing one file lose nothing.
            source.file.name = file.name
        else:
            # Stored under a name that tells nothing and cannot be guessed, with the extension of what it is.
            source.file.save(f"{uuid.uuid4().hex}{kind.extension}", file, save=False)
    source.full_clean()
    source.save()
    source.parcels.add(*parcels)
    source.parties.add(*parties)
    source.rights.add(*rights)
    return source


def _digest(file) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1 << 16), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def _same_as(sources: Iterable[Source], file: File | None) -> Source | None:
    """The first of ``sources`` (already matched on type, date and reference) holding the same bytes as
    ``file``, or like it no file at all: the document sent again by a retry (a double click, a page posted
    again after a network cut), which the caller attaches once. Sizes are compared before any hash."""
    digest = _digest(file) if file is not None else None
    for source in sources:
        if not source.file or file is None:
            if not source.file and file is None:
                return source
            continue
        if source.file.size != file.size:
            continue
        with source.file.open("rb") as stored:
            if _digest(stored) == digest:
                return source
    return None


def source_matching(
    *, among, source_type: str, document_date: dt.date, reference: str = "", file: File | None = None
) -> Source | None:
    """The document of ``among`` with this type, date, reference and bytes (or, like the one sent, no file),
    if there is one: what a retry sends again."""
    same = among.filter(source_type=source_type, document_date=document_date, reference=reference)
    return _same_as(same, file)


def source_holding(*, among, file: File) -> Source | None:
    """The document of ``among`` holding the same bytes as ``file``, whatever its date and reference: an
    attachment a field app sends again (collect.sync_attachments)."""
    return _same_as(among, file)


def source_attach_once(
    *,
    among,
    source_type: str,
    document_date: dt.date,
    village: AdministrativeUnit,
    reference: str = "",
    description: str = "",
    file: File | None = None,
    recorded_by=None,
) -> tuple[Source, bool]:
    """The document of ``among`` (a claim's or a case's documents, the caller's row locked) with this type,
    date, reference and bytes, if sent before (``False``); else a new source of ``village`` (``True``), for
    the caller to attach."""
    source = source_matching(
        among=among, source_type=source_type, document_date=document_date, reference=reference, file=file
    )
    if source is not None:
        return source, False
    source = source_attach(
        source_type=source_type,
        document_date=document_date,
        village=village,
        reference=reference,
        description=description,
        file=file,
        recorded_by=recorded_by,
    )
    return source, True
