"""What the public verification page says about a token.

valid (in force), not_in_force (issued, but the procedure requires the authority's signature and it has not
signed yet), superseded, revoked, unknown, invalid, or unavailable (this server holds no verification key, so
it cannot check the signature here: the code may well be genuine; check it against the registry's keys).
Never an error. Only the signed essential fields are shown (no ID numbers, no birth dates), and what the
register recorded since issue on the certificate's right, parcel and holders (certificates.standing: a
transfer, a split, a lease ended, a holder's name corrected...), with the day and without names, so that
whoever checks a certificate knows whether it still says what the register says.

Two statements at most (tests/web/test_statements_per_page, the load test's read mix): the certificate with
whether a dispute holds it and whether the register moved around it, then, only for a certificate the register
changed since (or one declared lost), what changed (or its replacement's number).
"""

import base64
import datetime as dt
import hashlib
import hmac
import uuid
from dataclasses import dataclass, field

import jwt
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef
from django.utils.translation import gettext as _

from landreg.certificates.exceptions import SigningKeyError
from landreg.certificates.models import Certificate, CertificateStatus
from landreg.certificates.standing import (
    RegisterChange,
    changes_from_rows,
    changes_read,
    register_moved_q,
)
from landreg.certificates.verification import signing
from landreg.core import clock
from landreg.core.db.kept import KeptQuery, loaded, rows_together
from landreg.core.exceptions import RegistryError
from landreg.disputes.cases.freeze import frozen_rights_q
from landreg.parcels.models import Parcel
from landreg.parties.models import PartyKind
from landreg.rights.models import Right
from landreg.rights.mortgages import mortgages_in_force

VALID, NOT_IN_FORCE, SUPERSEDED, REVOKED = "valid", "not_in_force", "superseded", "revoked"
UNKNOWN, INVALID, UNAVAILABLE = "unknown", "invalid", "unavailable"
# What a verdict reads of the certificate, its right and its parcel (is_superseded, signed_at, what changed
# since issue): not the frozen content, the QR matrix or the parcel's geometry (a GEOS parse).
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
    "issued_at",
    "right_version",
    "parcel_version",
    "right_id",
    "parcel_id",
)
RELATED_COLUMNS = ("end_lifespan", "version")
VERDICT_FIELDS = CERTIFICATE_COLUMNS + tuple(
    f"{related}__{column}" for related in ("right", "parcel") for column in RELATED_COLUMNS
)
# Whether an open dispute case holds the certificate's right or parcel, whether the register moved around it
# since issue (certificates.standing) and whether its parcel is mortgaged today, asked in the certificate's
# statement: most certificates checked are unchanged and unpledged, and their page reads that one statement.
MARKS = ("dispute_pending", "register_moved", "mortgaged")
# A day no call passes: the placeholder of the day the parcel's mortgages are read in force on.
_NO_DAY = dt.date(1, 1, 1)
# The statements built once per process on PostgreSQL (core.db.kept): building them with the ORM was most of a
# verification's Python.
_CERTIFICATE = KeptQuery(
    lambda number, on: (
        Certificate.objects.filter(number=number)
        .annotate(
            dispute_pending=ExpressionWrapper(
                frozen_rights_q(right="right_id", parcel="parcel_id"), output_field=BooleanField()
            ),
            register_moved=ExpressionWrapper(register_moved_q(), output_field=BooleanField()),
            mortgaged=Exists(mortgages_in_force(on).filter(parcel=OuterRef("parcel_id"))),
        )
        .order_by("pk")
        .values_list(*VERDICT_FIELDS, *MARKS)[:1]
    ),
    number=f"number-{uuid.uuid4()}",
    on=_NO_DAY,
)
# The parcel's mortgages in force: when each was inscribed and its creditor (an organisation, never a person:
# adjudication.changes.mortgages), not the amount it secures, which is the holder's debt.
_MORTGAGES = KeptQuery(
    lambda parcel, on: (
        mortgages_in_force(on)
        .filter(parcel_id=parcel)
        .order_by("mortgage__registered_at", "pk")
        .values_list("mortgage__registered_at", "holders__party__kind", "holders__party__name")
    ),
    parcel=uuid.uuid4(),
    on=_NO_DAY,
)
# A certificate's issue as the placeholders of the read of its changes: values no certificate has.
_CHANGES = KeptQuery(
    changes_read,
    right=uuid.uuid4(),
    parcel=uuid.uuid4(),
    issued=dt.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=dt.UTC),
    right_version=2_000_000_011,
    parcel_version=2_000_000_013,
)


def _certificate(number: str) -> Certificate | None:
    """The certificate of this number with the verdict's columns and those of its right and parcel, as
    ``select_related("right", "parcel").only(*VERDICT_FIELDS)`` loads them, and its MARKS as attributes."""
    for row in _CERTIFICATE.rows(number=number, on=clock.today()):
        columns = dict(zip((*VERDICT_FIELDS, *MARKS), row, strict=True))
        certificate = loaded(Certificate, {name: columns[name] for name in CERTIFICATE_COLUMNS})
        for related, model in (("right", Right), ("parcel", Parcel)):
            values = {column: columns[f"{related}__{column}"] for column in RELATED_COLUMNS}
            setattr(certificate, related, loaded(model, {"id": columns[f"{related}_id"], **values}))
        for mark in MARKS:
            setattr(certificate, mark, bool(columns[mark]))
        return certificate
    return None


@dataclass(frozen=True)
class PublicMortgage:
    """A mortgage the parcel is pledged under, as the public reads it: its creditor and its inscription."""

    creditor: str
    registered_at: dt.datetime


def _changes_and_mortgages(certificate: Certificate) -> tuple[list[RegisterChange], list[PublicMortgage]]:
    """What the register recorded since issue, for a certificate it changed only, and the parcel's mortgages,
    for a mortgaged parcel only: in a second round trip, together when both are read."""
    reads = []
    if certificate.is_superseded or certificate.register_moved:
        values = {
            "right": certificate.right_id,
            "parcel": certificate.parcel_id,
            "issued": certificate.issued_at,
            "right_version": certificate.right_version,
            "parcel_version": certificate.parcel_version,
        }
        reads.append((_CHANGES, values))
    if certificate.mortgaged:
        reads.append((_MORTGAGES, {"parcel": certificate.parcel_id, "on": clock.today()}))
    found = dict(zip((read for read, _values in reads), rows_together(*reads), strict=True)) if reads else {}
    # An organisation's name only: a person recorded as creditor before the service refused one stays unnamed.
    mortgages = [
        PublicMortgage(name if kind == PartyKind.NON_NATURAL else "", registered)
        for registered, kind, name in found.get(_MORTGAGES, [])
    ]
    return changes_from_rows(found.get(_CHANGES, [])), mortgages


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
    # What the register recorded since issue that the certificate does not say (certificates.standing): when
    # there is any, the certificate no longer reflects the register.
    changes: list[RegisterChange] = field(default_factory=list)
    # The parcel's mortgages in force today, whenever inscribed: a bank or a buyer checking a certificate
    # learns that the land is pledged, and to whom, even from a paper that would not say it.
    mortgages: list[PublicMortgage] = field(default_factory=list)

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
    changes, mortgages = _changes_and_mortgages(certificate)
    if certificate.is_superseded:
        return Verdict(SUPERSEDED, claims, certificate, changes=changes, mortgages=mortgages)
    said = {"dispute_pending": certificate.dispute_pending, "changes": changes, "mortgages": mortgages}
    if certificate.signature_required and certificate.status != CertificateStatus.SIGNED:
        return Verdict(NOT_IN_FORCE, claims, certificate, **said)
    return Verdict(VALID, claims, certificate, **said)


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
