"""A page's form recorded once, however often it is sent.

Land offices click twice, press reload on a slow answer, and their networks retry. Each form that records
something renders a one-use token (``{% submission_token %}``, templatetags/submitted_once.py); its view,
wrapped in ``submitted_once``, writes a ``FormSubmission`` keyed by that token, the user, the address and
what was sent, in the same transaction as what the view records. The same sending again finds the row (a
unique key: a second request racing the first waits for it on the index, then finds it) and is answered
with where the first one led, with a message, instead of being recorded twice.

Rows older than ``LANDREG_FORM_SUBMISSION_RETENTION_DAYS`` (30 by default) are deleted every night
(``sendings_forget``, from web/tasks.py and ``manage.py purge_form_submissions``): a page left open a month
is sent as a new form.

What the key covers: a page restored by the back button keeps its token; if something else is typed into it
and sent, that is another sending, recorded as such. A refused form (400, 403) keeps no row, so the same
form corrected, or sent again unchanged, runs again. A POST without a token (the API, scripts) is left alone.
"""

import hashlib
import re
import secrets
from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from landreg.core import clock
from landreg.core.models import FormSubmission

FIELD = "submission_token"
_TOKEN = re.compile(r"[0-9a-f]{32}")
# Never part of what was sent: Django masks the CSRF token anew on every page it renders.
_NOT_SENT = {FIELD, "csrfmiddlewaretoken"}


def new_token() -> str:
    return secrets.token_hex(16)


def _file_digest(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)  # the view reads it again
    return digest.hexdigest()


def sending_key(request: HttpRequest) -> str | None:
    """The key of this sending of a form (its token, the user, the address, the fields and files sent), or
    None for a POST that carries no token."""
    token = request.POST.get(FIELD, "")
    if not _TOKEN.fullmatch(token):
        return None
    parts = [token, str(request.user.pk), request.path]
    for name in sorted(set(request.POST) - _NOT_SENT):
        parts.extend([name, *request.POST.getlist(name)])
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            parts.extend([name, upload.name or "", _file_digest(upload)])
    # Lengths first, so that no two different lists of parts give the same text.
    text = "".join(f"{len(part)}:{part}" for part in parts)
    return hashlib.sha256(text.encode()).hexdigest()


def remember(request: HttpRequest, answer: str) -> None:
    """For a view whose answer is not a redirect (a PDF): what its ``replay`` needs to give it again."""
    request._submission_answer = answer


def _led_to(request, response: HttpResponse) -> str:
    """What the first sending led to, or "" when it was refused: a page shown again with its errors, or a
    redirect with an error message (the one-click buttons' way of refusing)."""
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", [])
    if any(message.level >= messages.ERROR for message in queued):
        return ""
    if response.status_code in (301, 302, 303):
        return response["Location"]
    return getattr(request, "_submission_answer", "")


def _again(request, first: FormSubmission, replay, args, kwargs) -> HttpResponse:
    if replay is not None:
        return replay(request, first.answer, *args, **kwargs)
    messages.info(request, _("This form was sent twice: it is recorded once, as shown here."))
    return redirect(first.answer or "/")


def submitted_once(
    view: Callable | None = None,
    *,
    replay: Callable[..., HttpResponse] | None = None,
    within: timedelta | None = None,
):
    """Decorate a view that records what its form sends: the same sending is recorded once, and answered
    again with the first's redirect (and a message), or by ``replay(request, answer, *args, **kwargs)`` for
    a view that answers with a document and ``remember``s what it gave. With ``within``, a sending older
    than that is a new one (a certificate printed again minutes later is a duplicate, not a retry)."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            key = sending_key(request) if request.method == "POST" else None
            if key is None:
                return view(request, *args, **kwargs)
            with transaction.atomic():
                if within is not None:
                    FormSubmission.objects.filter(key=key, sent_at__lt=clock.now() - within).delete()
                try:
                    with transaction.atomic():
                        sent = FormSubmission.objects.create(
                            key=key,
                            user=request.user if request.user.is_authenticated else None,
                            path=request.path[:500],
                            sent_at=clock.now(),
                        )
                except IntegrityError:
                    # Sent before (and committed: a racing insert waits on the unique index until then).
                    return _again(request, FormSubmission.objects.get(key=key), replay, args, kwargs)
                response = view(request, *args, **kwargs)
                answer = _led_to(request, response)
                if answer and len(answer) <= 2000:
                    sent.answer = answer
                    sent.save(update_fields=["answer"])
                else:  # refused: the form, corrected or not, may be sent again
                    sent.delete()
            return response

        return wrapper

    return decorate(view) if view is not None else decorate


def sendings_forget(*, older_than: timedelta | None = None) -> int:
    """Delete the rows of forms sent longer ago than ``older_than`` (the retention setting by default), and
    say how many: a form sent that long ago is no double click or retry any more."""
    if older_than is None:
        older_than = timedelta(days=settings.LANDREG_FORM_SUBMISSION_RETENTION_DAYS)
    deleted, _by_model = FormSubmission.objects.filter(sent_at__lt=clock.now() - older_than).delete()
    return deleted
