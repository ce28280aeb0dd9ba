"""Workflow moves of a certificate: the authority signs it once printed (one, or those ticked after a print
run); a certificate is revoked with a reason; the land office records that its holder declared it lost or
destroyed.

Each move locks the row, checks the allowed-moves table and the actor's permission on the village, writes
an append-only event and saves only the fields it changes.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from landreg.audit.rows import register_write
from landreg.certificates.exceptions import CertificateError
from landreg.certificates.issuing.services import require_perm, signed_token
from landreg.certificates.models import Certificate, CertificateEvent, CertificateStatus, EventKind
from landreg.certificates.selectors import delivery_recipients
from landreg.core import clock
from landreg.core.exceptions import RegistryError
from landreg.parties.models import Party

S = CertificateStatus
ALLOWED_MOVES = {
    (S.ISSUED, S.SIGNED): "sign_certificates",
    (S.ISSUED, S.REVOKED): "sign_certificates",
    (S.SIGNED, S.REVOKED): "sign_certificates",
}


def _move(certificate: Certificate, *, to: str, actor, reason: str, kind: str) -> Certificate:
    # The lock makes "check the status, then change it" one step: two clicks cannot both sign or revoke.
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    codename = ALLOWED_MOVES.get((certificate.status, to))
    if codename is None:
        raise CertificateError(
            _("A %(old)s certificate cannot become %(new)s.")
            % {"old": certificate.get_status_display(), "new": S(to).label}
        )
    require_perm(actor, codename, certificate.village)
    if to == S.SIGNED and certificate.is_superseded:
        # Its right or parcel ended or changed since issue (a succession, a split): signing would put in force
        # a paper that no longer says what the register says. It is revoked; the right's new one is signed.
        raise CertificateError(
            _("Certificate %(number)s is superseded (its right or its parcel changed); it cannot be signed.")
            % {"number": certificate.number}
        )
    if to == S.SIGNED and certificate.print_count == 0:
        # The path is print, sign, deliver (models.CertificateStage): the authority signs the paper.
        raise CertificateError(
            _(
                "Certificate %(number)s has not been printed yet: the authority signs the printed paper. "
                "The land office prints it first."
            )
            % {"number": certificate.number}
        )
    old = certificate.status
    certificate.status = to
    fields = ["status", "updated_at"]
    if to == S.SIGNED:
        certificate.signed_at, certificate.signed_by = clock.now(), actor
        # The QR of later prints says the authority signed; the paper printed before keeps verifying.
        certificate.issued_token = certificate.token
        certificate.token, certificate.qr_matrix = signed_token(
            certificate, signed_on=timezone.localdate(certificate.signed_at)
        )
        fields += ["signed_at", "signed_by", "issued_token", "token", "qr_matrix"]
    if to == S.REVOKED:
        certificate.revoked_at, certificate.revocation_reason = clock.now(), reason
        fields += ["revoked_at", "revocation_reason"]
    certificate.save(update_fields=fields)
    event = CertificateEvent.objects.create(
        certificate=certificate, kind=kind, old_status=old, new_status=to, actor=actor, reason=reason
    )
    register_write(action=f"certificate.{kind}", rows=[certificate, event], actor=actor)
    return certificate


@transaction.atomic
def certificate_sign(*, certificate: Certificate, actor) -> Certificate:
    return _move(certificate, to=S.SIGNED, actor=actor, reason="", kind=EventKind.SIGNED)


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, actor, reason: str) -> Certificate:
    if not reason.strip():
        raise CertificateError(_("A revocation needs its reason."))
    current = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if current.status == S.REVOKED:
        # Asked again (a second click, a page sent again): revoked once, with its first reason.
        require_perm(actor, ALLOWED_MOVES[(S.SIGNED, S.REVOKED)], current.village)
        return current
    return _move(certificate, to=S.REVOKED, actor=actor, reason=reason.strip(), kind=EventKind.REVOKED)


@transaction.atomic
def certificate_declare_lost(
    *, certificate: Certificate, actor, declared_on: dt.date, declared_by: Party, note: str
) -> Certificate:
    """A holder (or the holding's mandatary) declares the paper lost or destroyed at the land office: the
    certificate is revoked (it no longer verifies as valid) and its right goes back to the print queue for a
    new certificate, which names this one (never a duplicate of a paper someone else may hold). Declared
    again (a second click, another tab), it is refused with the first declaration's date: one event."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    require_perm(actor, "issue_certificates", certificate.village)
    if certificate.lost_on is not None:
        raise CertificateError(
            _("Certificate %(number)s was already declared lost on %(date)s.")
            % {"number": certificate.number, "date": certificate.lost_on.strftime("%d/%m/%Y")}
        )
    if certificate.status == S.REVOKED:
        raise CertificateError(
            _("Certificate %(number)s is revoked; it cannot be declared lost.")
            % {"number": certificate.number}
        )
    if not certificate.paper_in_force:
        # No valid paper of it was ever made (not signed yet, or not printed where no signature is asked), so
        # none can be lost. Declaring it lost revoked a certificate nobody held and took a new number for its
        # replacement; the desk prints (or has signed) the one it has.
        if certificate.signature_required:
            raise CertificateError(
                _(
                    "Certificate %(number)s is not signed yet: no valid paper of it can have been lost. "
                    "Print it again at the desk."
                )
                % {"number": certificate.number}
            )
        raise CertificateError(
            _("Certificate %(number)s is not printed yet: no paper of it can have been lost.")
            % {"number": certificate.number}
        )
    if certificate.is_superseded:
        # Its parcel split or its right transferred: the paper is no longer in force, nothing to replace; the
        # parcel's current certificate is the one a holder may declare lost.
        raise CertificateError(
            _(
                "Certificate %(number)s is superseded (its right or its parcel changed); "
                "it cannot be declared lost."
            )
            % {"number": certificate.number}
        )
    note = note.strip()
    if not note:
        raise CertificateError(_("Say how the loss was declared (e.g. the police declaration's number)."))
    if declared_on > clock.today() or declared_on < certificate.issue_date:
        raise CertificateError(_("The declaration is dated between the certificate's issue and today."))
    if declared_by.pk not in {r.party.pk for r in delivery_recipients(certificate)}:
        raise CertificateError(
            _("%(name)s is not a holder of this certificate (nor the mandatary of its holding group).")
            % {"name": declared_by.display_name}
        )
    old = certificate.status
    certificate.status = S.REVOKED
    certificate.revoked_at, certificate.revocation_reason = clock.now(), note
    certificate.lost_on, certificate.lost_declared_by = declared_on, declared_by
    certificate.save(
        update_fields=[
            "status",
            "revoked_at",
            "revocation_reason",
            "lost_on",
            "lost_declared_by",
            "updated_at",
        ]
    )
    event = CertificateEvent.objects.create(
        certificate=certificate,
        kind=EventKind.LOST,
        old_status=old,
        new_status=S.REVOKED,
        actor=actor,
        reason=note,
    )
    register_write(action="certificate.lost", rows=[certificate, event], actor=actor)
    return certificate


@dataclass
class SigningReport:
    """What became of each certificate sent to ``certificates_sign``."""

    signed: list[Certificate] = field(default_factory=list)
    already_signed: list[Certificate] = field(default_factory=list)
    refused: list[tuple[Certificate, str]] = field(default_factory=list)


def certificates_sign(*, certificates: Iterable[Certificate], actor) -> SigningReport:
    """The signing authority signs several certificates at once (after a print run), in the order of their
    numbers, each by the same move as one signed on its own page (``certificate_sign``: locked, checked,
    its event written and chained).

    Each signature is a step of its own (a savepoint): one that cannot be signed (revoked since the page was
    shown, a village the signer no longer covers) is reported with its reason and leaves the others signed,
    as each is a legal act of its own. One already signed (another tab, the page sent again) is reported as
    such, never signed twice: sending the same choice again is harmless."""
    report = SigningReport()
    for certificate in sorted(certificates, key=lambda c: (c.series_id, c.sequence)):
        try:
            with transaction.atomic():
                # Locked before its status is read: a signature racing this one waits, then is seen here.
                current = Certificate.objects.select_for_update().get(pk=certificate.pk)
                if current.status == S.SIGNED:
                    require_perm(actor, ALLOWED_MOVES[(S.ISSUED, S.SIGNED)], current.village)
                    report.already_signed.append(current)
                else:
                    report.signed.append(certificate_sign(certificate=current, actor=actor))
        except RegistryError as exc:
            report.refused.append((certificate, str(exc)))
    return report
