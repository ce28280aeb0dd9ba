"""The address a certificate's QR code points at: ``<base>/verify/<token>``.

The base is ``LANDREG_PUBLIC_URL`` when it is set (a production registry has one public name). Otherwise it
is the scheme, host and port of the request that issues the certificate, so a demo served on any port prints
QR codes that work there. Without a request (commands, the worker), a base given to the command, or
``LANDREG_PUBLIC_URL``, or in demo mode only the demo's address. The base is stored on the certificate at
issue, since its QR code is encoded once: reprints and signed tokens keep the same address.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from landreg.certificates.exceptions import CertificateError

DEMO_BASE = "http://127.0.0.1:8000"


def _checked(base: str) -> str:
    parts = urlsplit(base.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise CertificateError(
            _("The public address %(url)s is not an http(s) address such as https://foncier.example.org.")
            % {"url": base}
        )
    return base.strip().rstrip("/")


def configured() -> str:
    return _checked(settings.LANDREG_PUBLIC_URL) if settings.LANDREG_PUBLIC_URL else ""


def for_request(request) -> str:
    """LANDREG_PUBLIC_URL, else the address this request came to (its Host header, already checked
    against ALLOWED_HOSTS by Django)."""
    return configured() or _checked(request.build_absolute_uri("/"))


def without_request(given: str = "") -> str:
    if given:
        return _checked(given)
    if configured():
        return configured()
    if settings.DEMO_MODE:
        return DEMO_BASE
    raise CertificateError(
        _("Set LANDREG_PUBLIC_URL (the registry's public address) to issue certificates from a command.")
    )


def verify_url(base: str, token: str) -> str:
    return f"{base}/verify/{token}"
