"""Writes of certificates: issue (numbered, signed, QR encoded), print and reprint, delivery."""

import datetime as dt

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from landreg.accounts.selectors import has_unit_perm
from landreg.audit.rows import register_write
from landreg.certificates.exceptions import CertificateError
from landreg.certificates.issuing.chain import certificate_event_chain
from landreg.certificates.issuing.content import certificate_content, primary_right_of, token_claims
from landreg.certificates.issuing.numbering import next_number
from landreg.certificates.issuing.procedure import (
    certificate_language,
    majority_age,
    procedure_of,
    signature_required,
)
from landreg.certificates.models import (
    Acknowledgement,
    Certificate,
    CertificateDelivery,
    CertificateEvent,
    CertificateStatus,
    EventKind,
)
from landreg.certificates.papers import qr
from landreg.certificates.papers.certificate import render_certificate
from landreg.certificates.selectors import delivery_recipients, paper_delivery
from landreg.certificates.verification import public_url, signing
from landreg.core import clock
from landreg.core.exceptions import PermissionDeniedError
from landreg.disputes.cases.freeze import require_no_open_case
from landreg.documents.models import Source, SourceType
from landreg.documents.services import source_attach_once
from landreg.parcels.models import Parcel
from landreg.parties.models import IdDocumentType, Party
from landreg.rights.models import Right, RRRKind
from landreg.territory.models import UnitLevel

# Copied from the procedure's records into the certificate's own columns (queries, admin); the committee
# and approval dates live in the frozen content only.
REFERENCE_COLUMNS = (
    "application_reference",
    "application_date",
    "notice_start",
    "notice_end",
    "site_record_reference",
    "site_record_date",
)


def certificate_verify_url(certificate: Certificate) -> str:
    """The address in the certificate's QR code (certificates issued before the address was stored on
    them use today's address)."""
    return public_url.verify_url(certificate.public_url or public_url.without_request(), certificate.token)


def require_perm(actor, codename: str, unit) -> None:
    if not has_unit_perm(actor, codename, unit):
        raise PermissionDeniedError(
            _("You may not do this in %(unit)s (permission “%(perm)s” needed).")
            % {"unit": unit.name, "perm": codename}
        )


def _check_issuable(right: Right) -> None:
    # In force (rights.models.in_force_on), as the print queue lists it: none for a right past its term.
    if not right.is_in_force(clock.today()) or not right.parcel.is_current:
        raise CertificateError(
            _("This right or its parcel is no longer current; no certificate can be issued.")
        )
    if right.right_type.kind != RRRKind.RIGHT or right.right_type.is_secondary:
        raise CertificateError(
            _("A certificate is issued for a primary right, not a secondary right or restriction.")
        )
    if not right.holders.exists():
        raise CertificateError(_("The right has no holder."))


@transaction.atomic
def certificate_issue(
    *, right: Right, actor, issue_date: dt.date | None = None, base_url: str = ""
) -> tuple[Certificate, bool]:
    """Issue the certificate of a primary right, or return the one already in force (created=False).

    Idempotent, so a retried request or a restarted batch never takes a second number. The procedure's
    references come from its own records only (``procedure_of``): nobody types them. ``base_url`` is the
    address the QR code points at (``public_url.for_request`` on a page; commands and the worker leave it
    empty for ``LANDREG_PUBLIC_URL`` or the demo's).
    """
    base_url = public_url.without_request(base_url)
    # Lock order is always right, then the commune's counter, so concurrent issues cannot deadlock.
    right = Right.objects.select_for_update().select_related("right_type", "parcel__village").get(pk=right.pk)
    require_perm(actor, "issue_certificates", right.parcel.village)
    require_no_open_case(rights=[right], parcels=[right.parcel])
    existing = Certificate.objects.filter(right=right).exclude(status=CertificateStatus.REVOKED).first()
    if existing is not None:
        return existing, False
    _check_issuable(right)
    village = right.parcel.village
    commune = village.ancestor_at(UnitLevel.COMMUNE)
    if commune is None:
        raise CertificateError(_("The village %(village)s is not in a commune.") % {"village": village.name})
    issue_date = issue_date or clock.today()
    procedure = procedure_of(right)
    required = signature_required(right)
    series, sequence, number = next_number(commune=commune, village=village)
    content, geometry_hash = certificate_content(
        right=right,
        series=series,
        number=number,
        issue_date=issue_date,
        references=procedure.references,
        limits=procedure.limits,
        neighbour_gap_m=procedure.neighbour_gap_m,
        signature_required=required,
        language=certificate_language(right),
        majority_age=majority_age(right),
    )
    # Issued again after its holder declared the last one lost: the new paper says which one it replaces.
    lost = (
        Certificate.objects.filter(right=right, lost_on__isnull=False, replacements__isnull=True)
        .order_by("-lost_on", "-revoked_at")
        .first()
    )
    if lost is not None:
        content["replaces"] = {"number": lost.number, "lost_on": lost.lost_on.isoformat()}
    token, kid = signing.sign(token_claims(content, geometry_hash))
    certificate = Certificate.objects.create(
        number=number,
        series=series,
        sequence=sequence,
        parcel=right.parcel,
        right=right,
        parcel_version=right.parcel.version,
        right_version=right.version,
        village=village,
        issue_date=issue_date,
        issued_by=actor,
        legal_basis=content["legal_basis"],  # as printed, in the certificate's language
        content=content,
        token=token,
        key_id=kid,
        geometry_hash=geometry_hash,
        qr_matrix=qr.encode(public_url.verify_url(base_url, token)),
        public_url=base_url,
        claim=procedure.claim,
        replaces=lost,
        signature_required=required,
        **{name: procedure.references.get(name, "") for name in REFERENCE_COLUMNS if "reference" in name},
        **{name: procedure.references.get(name) for name in REFERENCE_COLUMNS if "reference" not in name},
    )
    event = CertificateEvent.objects.create(
        certificate=certificate, kind=EventKind.ISSUED, new_status=certificate.status, actor=actor
    )
    register_write(action="certificate.issue", rows=[certificate, event], actor=actor)
    return certificate, True


def signed_token(certificate: Certificate, *, signed_on: dt.date) -> tuple[str, str]:
    """The token that replaces the issue's at signature: it says the authority signed, and when."""
    token, _kid = signing.sign(
        token_claims(certificate.content, certificate.geometry_hash, signed_on=signed_on.isoformat())
    )
    base_url = certificate.public_url or public_url.without_request()
    return token, qr.encode(public_url.verify_url(base_url, token))


def certificate_issue_for_parcel(
    *, parcel: Parcel, actor, issue_date: dt.date | None = None, base_url: str = ""
) -> tuple[Certificate, bool]:
    right = primary_right_of(parcel)
    if right is None:
        raise CertificateError(
            _("Parcel %(number)s has no current primary right to certify.") % {"number": parcel.number}
        )
    return certificate_issue(right=right, actor=actor, issue_date=issue_date, base_url=base_url)


def refuse_superseded(certificate: Certificate) -> None:
    """A certificate whose right or parcel ended or changed since issue no longer says what the register
    says (the holder died and the heirs hold the land, the parcel was split): a duplicate of it, or handing it
    over, would put a paper in someone's hands that names who no longer holds the land."""
    if certificate.is_superseded:
        raise CertificateError(
            _(
                "Certificate %(number)s is superseded: its right or its parcel changed since it was issued. "
                "It is no longer printed or handed over; the parcel's current certificate is."
            )
            % {"number": certificate.number}
        )


REPRINT = gettext_noop("Duplicate no. %(number)s")
# A representative's power of attorney, as its document's description: stored in the active language before
# (« Procuration pour recevoir le certificat … »), said again in the reader's by core.stored_messages.
POWER_OF_ATTORNEY = gettext_noop("Power of attorney to receive certificate %(number)s")


@transaction.atomic
def certificate_print(*, certificate: Certificate, actor) -> bytes:
    """The PDF. The first print is the original; every later one is a DUPLICATA, and counted."""
    # Locked so two simultaneous reprints get distinct duplicate numbers.
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    require_perm(actor, "issue_certificates", certificate.village)
    if certificate.status == CertificateStatus.REVOKED:
        raise CertificateError(
            _("Certificate %(number)s is revoked; it cannot be printed.") % {"number": certificate.number}
        )
    refuse_superseded(certificate)
    require_no_open_case(rights=[certificate.right], parcels=[certificate.parcel])
    duplicate = certificate.print_count
    certificate.print_count += 1
    certificate.save(update_fields=["print_count", "updated_at"])
    event = CertificateEvent.objects.create(
        certificate=certificate,
        kind=EventKind.REPRINTED if duplicate else EventKind.PRINTED,
        actor=actor,
        # Kept as the registry's message (its English, with the number), said in the reader's language on the
        # certificate's page: « DUPLICATA n° 2 » was kept in French and shown so on English pages.
        reason=REPRINT % {"number": duplicate} if duplicate else "",
    )
    certificate_event_chain(certificate=certificate, event=event)
    return certificate_pdf(certificate, duplicate=duplicate)


def certificate_pdf(certificate: Certificate, *, duplicate: int = 0) -> bytes:
    """Renders without recording a print (previews, tests, the batch writer records its own prints)."""
    return render_certificate(
        certificate.content,
        qr_matrix=certificate.qr_matrix,
        verify_url=certificate_verify_url(certificate),
        duplicate=duplicate,
    )


@transaction.atomic
def certificate_deliver(
    *,
    certificate: Certificate,
    actor,
    acknowledgement: str,
    id_document_type: str,
    id_document_number: str,
    party: Party | None = None,
    representative_name: str = "",
    proxy_reference: str = "",
    proxy_date: dt.date | None = None,
    proxy_file: File | None = None,
    marker: str = "",
    delivered_at: dt.datetime | None = None,
) -> CertificateDelivery:
    """The signed, printed certificate handed over: to ``party``, one of its holders (for a collective
    holding, the group's mandatary or a member: ``selectors.delivery_recipients``), or to a representative
    (``representative_name``) holding a power of attorney, the paper's file checked or its reference alone
    (``proxy_*``, kept once as a mandate of the certificate's village); in both cases with the identity
    document the registrar checked at the counter. A paper is handed over once: sent again, the same delivery
    is recorded once, another one refused until a duplicate is printed (``selectors.paper_delivery``)."""
    # Locked so that two sends of one delivery cannot both find it missing, nor attach its proxy twice.
    certificate = Certificate.objects.select_for_update().select_related("right").get(pk=certificate.pk)
    require_perm(actor, "issue_certificates", certificate.village)
    if certificate.status == CertificateStatus.REVOKED or (
        certificate.status == CertificateStatus.ISSUED and certificate.signature_required
    ):
        raise CertificateError(
            _("Only a signed certificate can be delivered (this one is %(status)s).")
            % {"status": certificate.get_status_display()}
        )
    refuse_superseded(certificate)
    if certificate.print_count == 0:
        raise CertificateError(_("The certificate has not been printed yet."))
    handed = paper_delivery(certificate)
    if acknowledgement not in Acknowledgement.values:
        raise CertificateError(_("The receipt is acknowledged by a signature or a fingerprint."))
    if id_document_type not in IdDocumentType.values or not id_document_number.strip():
        raise CertificateError(_("Give the kind and number of the identity document presented."))
    representative_name = " ".join(representative_name.split())
    if (party is None) == (not representative_name):
        raise CertificateError(_("Hand the certificate to one of its holders or to a representative."))
    proxy = None
    if party is not None:
        if party.pk not in {r.party.pk for r in delivery_recipients(certificate)}:
            raise CertificateError(
                _("%(name)s is not a holder of this certificate (nor a member of its holding group).")
                % {"name": party.display_name}
            )
        delivered_to = party.display_name
    else:
        delivered_to = representative_name
    values = {
        "delivered_to": delivered_to,
        "party": party,
        "by_representative": party is None,
        "id_document_type": id_document_type,
        "id_document_number": id_document_number.strip(),
        "acknowledgement": acknowledgement,
        "marker": marker,
    }
    if delivered_at is not None:
        values["delivered_at"] = delivered_at
    if handed is not None:
        # The paper printed last was handed over already: the same delivery sent again (a second click, a page
        # posted again after a cut) is recorded once; another one is refused, as the paper is no longer here
        # (asked before a power of attorney's file is kept, and again with it).
        _refuse_another(certificate, handed, values)
    if party is None:
        proxy = _proxy_attach(
            certificate, actor=actor, reference=proxy_reference.strip(), date=proxy_date, file=proxy_file
        )
    values["proxy_document"] = proxy
    if handed is not None:
        _refuse_another(certificate, handed, values)
        return handed
    values.setdefault("delivered_at", clock.now())
    delivery = CertificateDelivery.objects.create(certificate=certificate, recorded_by=actor, **values)
    # The event names who received it, never the identity document's number (personal data).
    event = CertificateEvent.objects.create(
        certificate=certificate,
        kind=EventKind.DELIVERED,
        actor=actor,
        reason=f"{delivered_to} ({acknowledgement})",
    )
    certificate_event_chain(certificate=certificate, event=event, delivery=delivery)
    return delivery


def _proxy_attach(certificate: Certificate, *, actor, reference: str, date, file) -> Source:
    """The representative's power of attorney: the one this certificate's deliveries hold already if the
    same (type, date, reference, bytes) was sent before, else a new mandate of the certificate's village."""
    if file is None and not reference:
        raise CertificateError(
            _("A representative brings a power of attorney: its file, or the reference of the paper.")
        )
    if date is None:
        raise CertificateError(_("Give the date of the power of attorney."))
    if date > clock.today():
        raise CertificateError(_("A power of attorney is dated the day it was made, not later."))
    source, _added = source_attach_once(
        among=Source.objects.filter(proxied_deliveries__certificate=certificate).distinct(),
        source_type=SourceType.MANDATE,
        document_date=date,
        village=certificate.village,
        reference=reference,
        # The registry's message, kept in English and said in the reader's language (core.stored_messages).
        description=POWER_OF_ATTORNEY % {"number": certificate.number},
        file=file,
        recorded_by=actor,
    )
    return source


def _refuse_another(certificate: Certificate, handed: CertificateDelivery, values: dict) -> None:
    """Refused unless ``values`` are those of ``handed``, the delivery of the paper printed last."""
    if certificate.deliveries.filter(pk=handed.pk, **values).exists():
        return
    raise CertificateError(
        _(
            "Certificate %(number)s was already handed over on %(date)s to %(name)s: a paper is handed over "
            "once. To hand over another paper, print a duplicate first."
        )
        % {
            "number": certificate.number,
            "date": timezone.localtime(handed.delivered_at).strftime("%d/%m/%Y"),
            "name": handed.delivered_to,
        }
    )
