"""What the public verification page says about a token.

valid (in force), not_in_force (issued, but the procedure requires the authority's signature and it has not
signed yet), superseded, revoked, unknown, invalid, or unavailable (this server holds no verification key, so
it cannot check the signature here: the code may well be genuine; check it against the registry's keys).
Never an error. Only the signed essential fields are shown (no ID numbers, no birth dates).
"""

from dataclasses import dataclass, field

import jwt

from landreg.certificates import signing
from landreg.certificates.exceptions import SigningKeyError
from landreg.certificates.models import Certificate, CertificateStatus
from landreg.core.exceptions import RegistryError
from landreg.disputes.freeze import has_open_case

VALID, NOT_IN_FORCE, SUPERSEDED, REVOKED = "valid", "not_in_force", "superseded", "revoked"
UNKNOWN, INVALID, UNAVAILABLE = "unknown", "invalid", "unavailable"
# What a verdict reads of the certificate, its right and its parcel (is_superseded, signed_at, the dispute
# check): not the frozen content, the QR matrix or the parcel's geometry, which cost the page a GEOS parse.
VERDICT_FIELDS = (
    "number",
    "token",
    "issued_token",
    "status",
    "revocation_reason",
    "signature_required",
    "signed_at",
    "right_version",
    "parcel_version",
    "right__end_lifespan",
    "right__version",
    "parcel__end_lifespan",
    "parcel__version",
)


@dataclass
class Verdict:
    status: str
    claims: dict = field(default_factory=dict)
    certificate: Certificate | None = None
    reason: str = ""
    # An open dispute case holds the parcel or the right: said publicly, without the case or its parties.
    dispute_pending: bool = False

    @property
    def signed_at(self):
        certificate = self.certificate
        return (
            certificate.signed_at if certificate and certificate.status == CertificateStatus.SIGNED else None
        )


def verify_token(token: str) -> Verdict:
    try:
        claims = signing.verify(token)
    except SigningKeyError:
        # No key on this server: saying "invalid" would call a genuine certificate a forgery.
        return Verdict(UNAVAILABLE)
    except (jwt.PyJWTError, ValueError, TypeError, KeyError, AttributeError, RegistryError):
        # Malformed, altered or signed by an unknown key: never an error page.
        return Verdict(INVALID)
    if not isinstance(claims.get("no"), str):
        return Verdict(INVALID)
    certificate = (
        Certificate.objects.select_related("right", "parcel")
        .only(*VERDICT_FIELDS)
        .filter(number=claims.get("no"))
        .first()
    )
    if certificate is None:
        return Verdict(UNKNOWN, claims)
    if token not in {certificate.token, certificate.issued_token}:
        # Signed by our key but not what was issued under this number: treat as a forgery.
        return Verdict(INVALID)
    if certificate.status == CertificateStatus.REVOKED:
        return Verdict(REVOKED, claims, certificate, certificate.revocation_reason)
    if certificate.is_superseded:
        return Verdict(SUPERSEDED, claims, certificate)
    pending = has_open_case(rights=[certificate.right], parcels=[certificate.parcel])
    if certificate.signature_required and certificate.status != CertificateStatus.SIGNED:
        return Verdict(NOT_IN_FORCE, claims, certificate, dispute_pending=pending)
    return Verdict(VALID, claims, certificate, dispute_pending=pending)


def certificate_problems(certificate: Certificate) -> list[str]:
    """What is wrong with a stored certificate's tokens (an empty list when it verifies): each token is
    signed by a published key and signs what the certificate froze at issue."""
    from landreg.certificates.content import token_claims

    problems = []
    expected = token_claims(certificate.content, certificate.geometry_hash)
    for token in filter(None, [certificate.token, certificate.issued_token]):
        try:
            claims = signing.verify(token)
        except (jwt.PyJWTError, ValueError, TypeError, KeyError, AttributeError) as exc:
            problems.append(f"signature does not verify ({exc})")
            continue
        for name in ("no", "parcel", "holders", "area_m2", "issued", "geom"):
            if claims.get(name) != expected[name]:
                problems.append(f"the token's {name} differs from the certificate's")
    return problems
