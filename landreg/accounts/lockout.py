"""What a locked-out login gets (django-axes calls these, see AXES_* in settings).

A page for people (login page, admin) and JSON for the API, both 429 with Retry-After, so a script backs off
and a person reads, in French first, how long to wait. Two locks answer here: the lockout of one user name
from one address (axes), and the block of an address with too many failures whatever the user names
(accounts/address_limit.py), each with its own message and wait.
"""

import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from landreg.accounts.address_limit import blocked_seconds_of


def cool_off_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def lockout_message() -> str:
    minutes = cool_off_seconds() // 60
    return _(
        "Too many failed login attempts. For security, logging in as this user from this address is "
        "blocked for %(minutes)s minutes."
    ) % {"minutes": minutes}


def address_blocked_message(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    return ngettext(
        "Too many failed login attempts from your network address. For security, every login from this "
        "address is blocked for %(minutes)s minute.",
        "Too many failed login attempts from your network address. For security, every login from this "
        "address is blocked for %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}


def refusal(request: HttpRequest) -> tuple[str, str, int]:
    """Why a locked-out login is refused: (message, code, seconds to wait)."""
    seconds = blocked_seconds_of(request)
    if seconds:
        return address_blocked_message(seconds), "address_blocked", seconds
    return lockout_message(), "locked_out", cool_off_seconds()


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    if original_response is not None and original_response.has_header("X-OpenRosa-Version"):
        return original_response  # ODK Collect's server answered in its own format (collect/openrosa.py)
    message, code, seconds = refusal(request)
    if wants_json(request):
        response = JsonResponse({"detail": message, "code": code, "retry_after": seconds}, status=429)
    else:
        response = render(
            request, "accounts/locked_out.html", {"message": message, "minutes": seconds // 60}, status=429
        )
    response["Retry-After"] = str(seconds)
    return response


def client_address(request: HttpRequest) -> str | None:
    """The address a lockout is counted for.

    Behind a reverse proxy every request comes from the proxy: with LANDREG_TRUST_PROXY_HEADERS the proxy's
    X-Forwarded-For is used, its last entry (the one the proxy itself added; earlier ones are whatever the
    client sent, so they could be forged to dodge the lockout).
    """
    if getattr(settings, "LANDREG_TRUST_PROXY_HEADERS", False):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")
