"""The OpenRosa server ODK Collect and KoBoCollect talk to (form list, form, manifest, submission).

OpenRosa 1.0: every response carries `X-OpenRosa-Version: 1.0`; the client authenticates with HTTP Basic
(which ODK Collect sends over HTTPS; production settings redirect to HTTPS). A successful Basic login opens a
device session: ODK Collect keeps the session cookie, so later requests skip the password hash (PBKDF2, a
good part of a second each) while a changed password, a deactivated account or a logout still ends them, and
failed logins count towards the lockout (django-axes) and the limit per address as on the login page. A HEAD
on the submission URL asks for the largest accepted body; a POST sends `xml_submission_file` and the
attachments in one multipart body and gets an OpenRosaResponse: 201 for a new record, 202 for one already
received (the device then marks it sent and stops retrying), 4xx with a message the agent reads on the device
otherwise.
"""

import base64
import binascii
import hashlib
from xml.sax.saxutils import escape

from django.contrib.auth import authenticate, login
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from landreg.accounts.lockout import refusal
from landreg.accounts.selectors import villages_covered
from landreg.adjudication.profiles import NoProcedureError, profile_for
from landreg.adjudication.states import ClaimState
from landreg.collect.corrections import FILENAME as CORRECTIONS
from landreg.collect.corrections import corrections_csv
from landreg.collect.instance import InstanceError
from landreg.collect.models import SubmissionState
from landreg.collect.submissions import MAX_ATTACHMENT_BYTES, submission_receive
from landreg.collect.xforms import parcel_survey, village_code_of
from landreg.core.exceptions import PermissionDeniedError
from landreg.core.stored_messages import message_said
from landreg.parties.minority import DEFAULT_MAJORITY_AGE

OPENROSA_HEADERS = {"X-OpenRosa-Version": "1.0"}
MAX_SUBMISSION_BYTES = 50 * MAX_ATTACHMENT_BYTES // 10  # a record with a few photos
XML = "text/xml; charset=utf-8"


def _response(body: str, status: int = 200, content_type: str = XML) -> HttpResponse:
    response = HttpResponse(body, status=status, content_type=content_type)
    for name, value in OPENROSA_HEADERS.items():
        response[name] = value
    return response


def _message(text: str, status: int) -> HttpResponse:
    body = (
        '<OpenRosaResponse xmlns="http://openrosa.org/http/response">'
        f'<message nature="">{escape(text)}</message></OpenRosaResponse>'
    )
    return _response(body, status)


def _challenge() -> HttpResponse:
    response = _message(_("Log in with your registry account."), 401)
    response["WWW-Authenticate"] = 'Basic realm="landreg"'
    return response


# Set in the sessions a device's Basic login opens: a browser's session (the login page) is not one, so a
# page elsewhere cannot make a logged-in browser post records here (the submission URL takes no CSRF token).
DEVICE_SESSION = "openrosa_device"


def _basic_credentials(request) -> tuple[str, str] | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Basic "):
        return None
    try:
        username, _sep, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return username, password


def _device_user(request):
    """The device's user: from its session if it holds one (and the credentials it sends, if any, name the
    same user), else from HTTP Basic through the same authentication as the login page, which then opens a
    device session."""
    credentials = _basic_credentials(request)
    user = request.user
    if (
        user.is_authenticated
        and request.session.get(DEVICE_SESSION)
        and (credentials is None or credentials[0] == user.get_username())
    ):
        return user
    if credentials is None:
        return None
    user = authenticate(request, username=credentials[0], password=credentials[1])
    if user is None or not user.is_active:
        return None
    login(request, user)
    request.session[DEVICE_SESSION] = True
    return user


def openrosa_auth(view):
    def wrapped(request, *args, **kwargs):
        user = _device_user(request)
        if user is None:
            if getattr(request, "axes_locked_out", False):
                message, _code, seconds = refusal(request)
                response = _message(message, 429)
                response["Retry-After"] = str(seconds)
                return response
            return _challenge()
        request.user = user
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _villages(user):
    return villages_covered(user, "record_claims").order_by("code")


@require_GET
@openrosa_auth
def form_list(request):
    """The parcel survey of each village the agent records claims in."""
    items = []
    for village in _villages(request.user):
        form = village_survey(village)
        download = request.build_absolute_uri(reverse("collect:form", args=[form.form_id]))
        manifest = request.build_absolute_uri(reverse("collect:manifest", args=[form.form_id]))
        items.append(
            f"<xform><formID>{escape(form.form_id)}</formID><name>{escape(form.title)}</name>"
            f"<version>{escape(form.version)}</version><hash>md5:{form.md5}</hash>"
            f"<downloadUrl>{escape(download)}</downloadUrl><manifestUrl>{escape(manifest)}</manifestUrl></xform>"
        )
    body = '<?xml version="1.0" encoding="UTF-8"?><xforms xmlns="http://openrosa.org/xforms/xformsList">'
    return _response(body + "".join(items) + "</xforms>")


def _form_for(request, form_id: str):
    code = village_code_of(form_id)
    village = _villages(request.user).filter(code=code).first() if code else None
    if village is None:
        raise Http404
    return village_survey(village), village


def village_survey(village):
    """The village's form, asking a claimant younger than its profile's age of majority for their legal
    representative (a commune without a procedure: the default age; its records wait with that reason)."""
    try:
        majority_age = profile_for(village).majority_age
    except NoProcedureError:
        majority_age = DEFAULT_MAJORITY_AGE
    return parcel_survey(village.code, village.name, majority_age)


@require_GET
@openrosa_auth
def form_download(request, form_id: str):
    return _response(_form_for(request, form_id)[0].xml)


@require_GET
@openrosa_auth
def manifest(request, form_id: str):
    """The form's media file: the agent's records to correct, with its hash so the device fetches it again
    when it changes (see collect/corrections.py)."""
    form, village = _form_for(request, form_id)
    content = corrections_csv(agent=request.user, village=village)
    url = request.build_absolute_uri(reverse("collect:corrections", args=[form.form_id]))
    md5 = hashlib.md5(content, usedforsecurity=False).hexdigest()
    return _response(
        '<?xml version="1.0" encoding="UTF-8"?><manifest xmlns="http://openrosa.org/xforms/xformsManifest">'
        f"<mediaFile><filename>{CORRECTIONS}</filename><hash>md5:{md5}</hash>"
        f"<downloadUrl>{escape(url)}</downloadUrl></mediaFile></manifest>"
    )


@require_GET
@openrosa_auth
def corrections(request, form_id: str):
    _form, village = _form_for(request, form_id)
    return _response(
        corrections_csv(agent=request.user, village=village), content_type="text/csv; charset=utf-8"
    )


@csrf_exempt  # a device posting with HTTP Basic credentials, not a browser session: no cookie to ride on
@require_http_methods(["HEAD", "POST"])
@openrosa_auth
def submission(request):
    if request.method == "HEAD":
        response = _response("", 204)
        response["X-OpenRosa-Accept-Content-Length"] = str(MAX_SUBMISSION_BYTES)
        return response
    xml_file = request.FILES.get("xml_submission_file")
    if xml_file is None:
        return _message(_("The record (xml_submission_file) is missing."), 400)
    if xml_file.size > MAX_ATTACHMENT_BYTES:
        return _message(_("The record is too large."), 413)
    files = {name: upload for name, upload in request.FILES.items() if name != "xml_submission_file"}
    try:
        received = submission_receive(
            agent=request.user,
            xml=xml_file.read(),
            files=files,
            # OpenRosa: a record too large for one POST comes in parts, all but the last marked so.
            complete=request.POST.get("*isIncomplete*", "").lower() != "yes",
        )
    except InstanceError as error:
        return _message(str(error), 400)
    except PermissionDeniedError as error:
        return _message(str(error), 403)
    if not received.created:
        return _message(_("Already received."), 202)
    if received.submission.state == SubmissionState.RECEIVED:
        return _message(_("Received: part of the record; waiting for its other files."), 201)
    if received.submission.reasons:
        text = _("Received; to be corrected: %(reasons)s") % {
            # sentences, each with its full stop
            "reasons": " ".join(message_said(reason) for reason in received.submission.reasons)
        }
    elif _corrects_a_returned_claim(received.submission):
        # Not a new draft: the claim the land office returned is edited, and stays with the agent until
        # they submit it again (the phone cannot): said so, with its receipt, so they know what is left.
        text = _(
            "Received: the returned claim %(receipt)s is corrected; submit it again from the registry's "
            "claim page."
        ) % {"receipt": received.submission.claim.receipt_number}
    else:
        text = _("Received: draft claim recorded.")
    return _message(text, 201)


def _corrects_a_returned_claim(submission) -> bool:
    claim = submission.claim
    return claim is not None and claim.state == ClaimState.RETURNED
