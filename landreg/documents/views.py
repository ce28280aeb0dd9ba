"""Reading a document's file: only through here, after the reader's permission on its village is checked.

The file is always handed out as an attachment with the type read from its bytes, ``nosniff`` and a CSP
sandbox, so even a file that slipped past the upload check (or predates it) never runs in the browser.
"""

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from landreg.documents.content import read_kind
from landreg.documents.selectors import sources_openable_by


@login_required
def source_file(request, pk):
    # Identity papers are personal data: the selector lets only roles that may see ID numbers open them.
    source = get_object_or_404(sources_openable_by(request.user).exclude(file=""), pk=pk)
    try:
        handle = source.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    kind = read_kind(handle)
    extension = kind.extension if kind else Path(source.file.name).suffix.lower()[:8]
    filename = f"{source.source_type}-{slugify(source.reference)[:40] or source.pk}{extension}"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
