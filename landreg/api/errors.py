"""One mapping from the registry's errors to HTTP answers, for every API view.

Services raise errors from the registry's tree (``core.exceptions``); views let them through and this
handler answers with ``{"detail": <translated message>, "error": <error class>}``:

- PermissionDeniedError: 403; NotFoundError: 404; ConflictError (the record's state forbids it, or the
  procedure asks another way): 409; any other RegistryError: 400.
- DRF's own errors keep their bodies (a ValidationError names its fields) and gain ``error`` when they are a
  ``{"detail": ...}`` object, simplejwt's too (``{"detail", "code", "messages"}``: ``error`` is its code).
- DRF's texts written without gettext are translated on the way out (``library_messages.UNMARKED``).
- An ORM ValidationError (a malformed id reaching a query) is a 400, never a 500.
- A body over DATA_UPLOAD_MAX_MEMORY_SIZE (Django's RequestDataTooBig, raised when DRF reads it): a 400
  ``{"detail", "error": "too_large", "limit": <bytes>}`` saying the limit, and what to do when the view says
  it (``too_large_advice``). Django answered it with a bare HTML « Bad Request » page a device cannot read.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import status
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from landreg.api.library_messages import UNMARKED
from landreg.core.exceptions import ConflictError, NotFoundError, PermissionDeniedError, RegistryError
from landreg.core.formats.pdf import short_number_in_language


def status_for(exc: RegistryError) -> int:
    if isinstance(exc, PermissionDeniedError):
        return status.HTTP_403_FORBIDDEN
    if isinstance(exc, NotFoundError):
        return status.HTTP_404_NOT_FOUND
    if isinstance(exc, ConflictError):
        return status.HTTP_409_CONFLICT
    return status.HTTP_400_BAD_REQUEST


def error_response(exc: RegistryError) -> Response:
    return Response({"detail": str(exc), "error": type(exc).__name__}, status=status_for(exc))


def exception_handler(exc, context):
    if isinstance(exc, RegistryError):
        set_rollback()  # as DRF does for its own errors: nothing of a refused request is kept
        return error_response(exc)
    if isinstance(exc, DjangoValidationError):
        set_rollback()
        return Response({"detail": " ".join(exc.messages), "error": "invalid"}, status=400)
    if isinstance(exc, RequestDataTooBig):
        return too_large(getattr(context.get("view"), "too_large_advice", ""))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    response.data = _translated(response.data)
    if isinstance(response.data, dict) and "detail" in response.data and set(response.data) <= TOKEN_KEYS:
        code = response.data.get("code") or getattr(response.data["detail"], "code", None)
        response.data["error"] = code or type(exc).__name__
    return response


def too_large(advice) -> Response:
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE: the limit in the reader's words and in bytes (a device
    splits what it sends by it), and ``advice``, the view's word on what to do."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    detail = _(
        "The request carries more than %(limit)s MB of data besides its files, the most the registry reads "
        "at once."
    ) % {"limit": short_number_in_language(limit / 2**20, 1)}
    if advice:
        detail = f"{detail} {advice}"
    return Response({"detail": detail, "error": "too_large", "limit": limit}, status=400)


# simplejwt's refusal of a token: {"detail", "code", "messages": [{"token_class", "token_type", "message"}]}.
TOKEN_KEYS = {"detail", "code", "messages"}


def _translated(data):
    """``data`` with DRF's untranslated texts in the active language (ErrorDetail keeps its code)."""
    if isinstance(data, dict):
        return {key: _translated(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_translated(value) for value in data]
    if isinstance(data, ErrorDetail) and str(data) in UNMARKED:
        return ErrorDetail(str(UNMARKED[str(data)]), code=data.code)
    return data


def not_found(request, exception=None):
    """Django's 404 for an address no view matched (an id that is not a UUID, a misspelt path): under /api/
    in the API's own shape, {"detail", "error"}, as its every other refusal, so a client's JSON parser does
    not meet an HTML page; elsewhere Django's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found."), "error": "not_found"}, status=404)
    return defaults.page_not_found(request, exception)
