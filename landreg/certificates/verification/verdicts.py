"""What the public verification page says about a token.

valid (in force), not_in_force (issued, but the procedure requires the authority's signature and it has not
signed yet), superseded, revoked, unknown, invalid, or unavailable (this server holds no verification key, so
it cannot check the signature here: the code may well be genuine; check it against the registry's keys).
Never an error. Only the signed essential fields are shown (no ID numbers, no birth dates).
"""

import base64
import hashlib
import hmac
import uuid
from dataclasses import dataclass, field

import jwt
from django.utils.translation import gettext as _

from landreg.certificates.exceptions import SigningKeyError
from landreg.certificates.models import Certificate, CertificateStatus
from landreg.certificates.verification import signing
from landreg.core.db.kept import KeptQuery, loaded
from landreg.core.exceptions import RegistryError
from landreg.disputes.cases.freeze import open_cases
from landreg.parcels.models import Parcel
from landreg.rights.models import Right

VALID, NOT_IN_FORCE, SUPERSEDED, REVOKED = "valid", "not_in_force", "superseded", "revoked"
UNKNOWN, INVALID, UNAVAILABLE = "unknown", "invalid", "unavailable"
# What a verdict reads of the certificate, its right and its parcel (is_superseded, signed_at, the dispute
# check): not the frozen content, the QR matrix or the parcel's geometry, which cost the page a GEOS parse.
# As values, the certificate's columns first (its attnames), then its right's and its parcel's.
CERTIFICATE_COLUMNS = (
    "id",
    "number",
    "token",
    "issued_token",
    "status",
    "revocation_reason",
    "lost_on",
    "signature_required",
    "signed_at",
    "right_version",
    "parcel_version",
    "right_id",
    "parcel_id",
)
RELATED_COLUMNS = ("end_lifespan", "version")
VERDICT_FIELDS = CERTIFICATE_COLUMNS + tuple(
    f"{related}__{column}" for related in ("right", "parcel") for column in RELATED_COLUMNS
)
# Both statements built once per process on PostgreSQL (core.db.kept): building them with the ORM was most of
# a verification's Python.
_CERTIFICATE = KeptQuery(
    lambda number: Certificate.objects.filter(number=number).order_by("pk").values_list(*VERDICT_FIELDS)[:1],
    number=f"number-{uuid.uuid4()}",
)
_DISPUTED = KeptQuery(
    lambda right, parcel: (
        open_cases(rights=[Right(pk=right)], parcels=[Parcel(pk=parcel)]).order_by().values_list("pk")[:1]
    ),
    right=uuid.uuid4(),
    parcel=uuid.uuid4(),
)


def _certificate(number: str) -> Certificate | None:
    """The certificate of this number with the verdict's columns and those of its right and parcel, as
    ``select_related("right", "parcel").only(*VERDICT_FIELDS)`` loads them."""
    for row in _CERTIFICATE.rows(number=number):
        columns = dict(zip(VERDICT_FIELDS, row, strict=True))
        certificate = loaded(Certificate, {name: columns[name] for name in CERTIFICATE_COLUMNS})
        for related, model in (("right", Right), ("parcel", Parcel)):
            values = {column: columns[f"{related}__{column}"] for column in RELATED_COLUMNS}
            setattr(certificate, related, loaded(model, {"id": columns[f"{related}_id"], **values}))
        return certificate
    return None


@dataclass
class Verdict:
    status: str
    claims: dict = field(default_factory=dict)
    certificate: Certificate | None = None
    reason: str = ""
    # An open dispute case holds the parcel or the right: said publicly, without the case or its parties.
    dispute_pending: bool = False
    # Declared lost: the number of the certificate issued in its place, if any (never its holders).
    replaced_by: str = ""

    @property
    def lost_on(self):
        certificate = self.certificate
        return certificate.lost_on if certificate and self.status == REVOKED else None

    @property
    def signed_at(self):
        # A certificate signed and later revoked was signed: « Non signé par l'autorité » under « RÉVOQUÉ »
        # told a bank it had never been in force (found on the walk of the demo).
        certificate = self.certificate
        return certificate.signed_at if certificate else None


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
    certificate = _certificate(claims["no"])
    if certificate is None:
        return Verdict(UNKNOWN, claims)
    if not any(_same(issued, token) for issued in (certificate.token, certificate.issued_token)):
        # Signed by our key but not what was issued under this number: treat as a forgery.
        return Verdict(INVALID)
    if certificate.status == CertificateStatus.REVOKED:
        if certificate.lost_on is not None:
            # The note of a loss (the police declaration's number) is the office's: the public reads the date.
            replacement = Certificate.objects.filter(replaces_id=certificate.pk).order_by("issued_at")
            number = replacement.values_list("number", flat=True).first() or ""
            return Verdict(REVOKED, claims, certificate, replaced_by=number)
        return Verdict(REVOKED, claims, certificate, certificate.revocation_reason)
    if certificate.is_superseded:
        return Verdict(SUPERSEDED, claims, certificate)
    pending = bool(_DISPUTED.rows(right=certificate.right_id, parcel=certificate.parcel_id))
    if certificate.signature_required and certificate.status != CertificateStatus.SIGNED:
        return Verdict(NOT_IN_FORCE, claims, certificate, dispute_pending=pending)
    return Verdict(VALID, claims, certificate, dispute_pending=pending)


def short_code(token: str) -> str:
    """The code printed under the QR code for someone without a QR reader to type with the certificate's
    number: 40 bits of the token's hash in base 32 (A–Z, 2–7), as two groups of four (7K2M-Q9XD). With the
    number it finds the token; the number alone, printed in sequence, would open every certificate's
    holders to anyone counting."""
    letters = base64.b32encode(hashlib.sha256(token.encode()).digest()[:5]).decode()
    return f"{letters[:4]}-{letters[4:]}"


# What a person may type for a letter of the code: no 0, 1 or 8 in base 32.
_TYPED = str.maketrans({"0": "O", "1": "I", "8": "B", "-": None, " ": None, ".": None})


def token_of(number: str, code: str) -> str | None:
    """The token whose short code was typed with the certificate's number: the one printed at issue or the
    one printed after signature; None when the number is unknown or the code is not one of its own."""
    typed = code.upper().translate(_TYPED)
    found = Certificate.objects.filter(number__iexact=number.strip()).values_list("token", "issued_token")
    for tokens in found:
        for token in filter(None, tokens):
            if _same(short_code(token).replace("-", ""), typed):
                return token
    return None


def _same(genuine: str | None, given: str) -> bool:
    """Whether what a visitor gave is the stored secret, in a time that does not tell how much of it matched
    (``==`` stops at the first differing character, letting someone time the code out letter by letter)."""
    return genuine is not None and hmac.compare_digest(genuine.encode(), given.encode())


def certificate_problems(certificate: Certificate) -> list[str]:
    """What is wrong with a stored certificate's tokens (an empty list when it verifies): each token is
    signed by a published key and signs what the certificate froze at issue."""
    from landreg.certificates.issuing.content import token_claims

    problems = []
    expected = token_claims(certificate.content, certificate.geometry_hash)
    for token in filter(None, [certificate.token, certificate.issued_token]):
        try:
            claims = signing.verify(token)
        except (jwt.PyJWTError, ValueError, TypeError, KeyError, AttributeError) as exc:
            problems.append(_("signature does not verify (%(error)s)") % {"error": exc})
            continue
        for name in ("no", "parcel", "holders", "area_m2", "issued", "geom"):
            if claims.get(name) != expected[name]:
                problems.append(_("the token's %(claim)s differs from the certificate's") % {"claim": name})
    return problems
