"""What the public verification page says about a token: valid, superseded, revoked, unknown or invalid.

Never an error: a malformed or altered token is simply "invalid". Only the signed essential fields are
shown (no ID numbers, no birth dates).
"""

from dataclasses import dataclass, field

import jwt

from landreg.certificates import signing
from landreg.certificates.models import Certificate, CertificateStatus
from landreg.core.exceptions import RegistryError

VALID, SUPERSEDED, REVOKED, UNKNOWN, INVALID = "valid", "superseded", "revoked", "unknown", "invalid"


@dataclass
class Verdict:
    status: str
    claims: dict = field(default_factory=dict)
    certificate: Certificate | None = None
    reason: str = ""


def verify_token(token: str) -> Verdict:
    try:
        claims = signing.verify(token)
    except (jwt.PyJWTError, ValueError, TypeError, KeyError, AttributeError, RegistryError):
        # Malformed, altered, signed by an unknown key, or no keys configured: never an error page.
        return Verdict(INVALID)
    if not isinstance(claims.get("no"), str):
        return Verdict(INVALID)
    certificate = (
        Certificate.objects.select_related("right", "parcel").filter(number=claims.get("no")).first()
    )
    if certificate is None:
        return Verdict(UNKNOWN, claims)
    if certificate.token != token:
        # Signed by our key but not what was issued under this number: treat as a forgery.
        return Verdict(INVALID)
    if certificate.status == CertificateStatus.REVOKED:
        return Verdict(REVOKED, claims, certificate, certificate.revocation_reason)
    if certificate.is_superseded:
        return Verdict(SUPERSEDED, claims, certificate)
    return Verdict(VALID, claims, certificate)
