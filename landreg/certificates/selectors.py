"""Reads of certificates, scoped to the villages the user may act on."""

from dataclasses import dataclass

from django.db.models import Case, CharField, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact

from landreg.accounts.selectors import units_covered, villages_covered
from landreg.certificates.models import (
    Certificate,
    CertificateBatch,
    CertificateDelivery,
    CertificateEvent,
    CertificateStage,
    CertificateStatus,
    EventKind,
)
from landreg.certificates.standing import current_q, registers_word_q
from landreg.core.models import lived_at
from landreg.disputes.cases.freeze import first_open_case_of_right
from landreg.parties.models import GroupMembership, Party, PartyKind
from landreg.rights.models import Right, RRRKind


def certificates_visible_to(user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(village__in=villages_covered(user, "view_records"))


def certificates_signable_by(user) -> QuerySet[Certificate]:
    """Certificates of the villages where the user signs certificates (and sees records), whatever their
    status: the signing authority's page checks what is sent against these."""
    return certificates_visible_to(user).filter(village__in=villages_covered(user, "sign_certificates"))


def certificates_to_sign(user) -> QuerySet[Certificate]:
    """Certificates awaiting the user's signature."""
    return certificates_signable_by(user).filter(stage_q("to_sign"))


def certificates_replacing(certificate: Certificate, user) -> list[Certificate]:
    """What a revoked or superseded certificate's reader turns to: the certificates in force now on the same
    parcel that the user may see (the heirs' after a succession, the one issued again after a loss)."""
    if certificate.status != CertificateStatus.REVOKED and not certificate.is_superseded:
        return []
    return list(
        certificates_visible_to(user)
        .filter(current_q(), parcel_id=certificate.parcel_id)
        .exclude(status=CertificateStatus.REVOKED)
        .exclude(pk=certificate.pk)
        .order_by("-issued_at", "number")
    )


# What happens to a paper: printed (or printed again, a duplicate), then handed over.
PAPER_EVENTS = (EventKind.PRINTED, EventKind.REPRINTED, EventKind.DELIVERED)


def last_paper_event(certificate) -> QuerySet:
    """The kind of the certificate's last paper event (``certificate``: a pk, or an ``OuterRef`` in a list),
    in the order recorded (ids), whatever day it says. The one rule of « handed over »: the paper printed last
    was handed over when this is a delivery; a duplicate printed since is a paper of its own, not yet handed
    over. The certificate's page (``paper_delivery``), the lists and the API (``stage_q``) read it alike."""
    return (
        CertificateEvent.objects.filter(certificate=certificate, kind__in=PAPER_EVENTS)
        .order_by("-id")
        .values_list("kind", flat=True)[:1]
    )


def stage_q(stage: str) -> Q:
    """Where a certificate stands in the office's work (``CertificateStage``, in its order): numbered but
    never printed, printed and awaiting the authority's signature, signed (or in force without it) and printed
    but its last paper not yet handed over, or handed over. A revoked or superseded certificate is on none:
    it is no longer printed, signed or handed over (its page says no stage)."""
    # A certificate whose right or parcel ended or changed since issue (Certificate.is_superseded: a holder
    # died and the heirs hold the land now) is neither printed, signed nor handed over any more.
    in_force = ~Q(status=CertificateStatus.REVOKED) & current_q()
    printed = Q(print_count__gt=0)
    # The authority signs the printed paper (issuing.transitions refuses an unprinted one).
    awaiting_signature = Q(status=CertificateStatus.ISSUED, signature_required=True)
    # Never NULL (a certificate without paper events): NOT NULL would drop the row from « à remettre ».
    last = Coalesce(Subquery(last_paper_event(OuterRef("pk"))), Value(""))
    delivered = Q(Exact(last, EventKind.DELIVERED))
    return (
        in_force
        & {
            CertificateStage.TO_PRINT: ~printed,
            CertificateStage.TO_SIGN: printed & awaiting_signature,
            CertificateStage.TO_DELIVER: printed & ~awaiting_signature & ~delivered,
            CertificateStage.DELIVERED: printed & ~awaiting_signature & delivered,
        }[stage]
    )


def with_stage(certificates: QuerySet) -> QuerySet:
    """The certificates with ``stage`` (a ``CertificateStage`` value, None for a revoked or superseded one),
    read by ``stage_q`` in their own statement: the page, the list's filter and the API say the same."""
    return certificates.annotate(
        stage=Case(
            *(When(stage_q(stage), then=Value(stage)) for stage in CertificateStage.values),
            default=None,
            output_field=CharField(),
        )
    )


def certificate_stage(certificate: Certificate) -> str | None:
    """Where the certificate stands: as ``with_stage`` read it, else asked now."""
    if hasattr(certificate, "stage"):
        return certificate.stage
    return with_stage(Certificate.objects.filter(pk=certificate.pk)).values_list("stage", flat=True).get()


def paper_delivery(certificate: Certificate) -> CertificateDelivery | None:
    """The delivery of the paper printed last, if it was handed over (``last_paper_event``): a paper is handed
    over once; a duplicate printed since is a paper of its own."""
    if last_paper_event(certificate.pk).first() != EventKind.DELIVERED:
        return None
    return certificate.deliveries.order_by("-id").first()


def print_queue(user, *, with_reissues: bool = False) -> QuerySet[Right]:
    """Primary rights in force of the registrar's villages that have no certificate in force yet; with
    ``with_reissues`` (the queue's page and API), also those whose certificate in force is no longer the
    register's word (``to_reissue``: the certificate to replace, by revoking it and issuing a new edition;
    certificates.standing says when: superseded by a corrected boundary, or the register moved around it),
    which the work page counts too. A claim's page asks for the first only (its parcels waiting for their
    first certificate)."""
    in_force = Certificate.objects.filter(right=OuterRef("pk")).exclude(status=CertificateStatus.REVOKED)
    if not with_reissues:
        return _print_queue(user).exclude(Exists(in_force))
    # A right has one certificate in force at most (certificate_one_per_right): it is in the queue unless that
    # one is still the register's word, and then that one is the certificate to reissue. Each is asked once a
    # row: the register's word only of a right with a certificate in force, the reissue a look-up by right.
    return (
        _print_queue(user)
        .exclude(Exists(in_force.filter(registers_word_q())))
        .annotate(to_reissue=Subquery(in_force.values("pk")[:1]))
    )


def _print_queue(user) -> QuerySet[Right]:
    return (
        Right.objects.in_force()
        .filter(
            parcel__village__in=villages_covered(user, "issue_certificates"),
            parcel__end_lifespan__isnull=True,
            right_type__kind=RRRKind.RIGHT,
            right_type__is_secondary=False,
        )
        .select_related("parcel__village", "right_type")
        .prefetch_related("holders__party")
        .order_by("parcel__number")
    )


def print_queue_marked(user) -> QuerySet[Right]:
    """``print_queue`` with, on each right, the number of the earliest open dispute case holding it or its
    parcel (``open_case``; None where none does: a held right's certificate is refused until the case's
    outcome), read in the queue's one statement. The case's number is the mark: asking apart whether a case
    holds the row (``frozen_rights_q``, three more subqueries a row) read the same cases twice."""
    return print_queue(user, with_reissues=True).annotate(open_case=first_open_case_of_right())


def batches_visible_to(user) -> QuerySet[CertificateBatch]:
    """Print runs of the villages and communes where the user prints certificates."""
    return CertificateBatch.objects.filter(unit__in=units_covered(user, "issue_certificates"))


def batches_signable_by(user) -> QuerySet[CertificateBatch]:
    """Print runs of the villages where the user signs certificates, and of the communes holding one of them:
    the signer, who may not be the one who prints, opens the signing page on a run from its page (« Signer ce
    lot »)."""
    villages = villages_covered(user, "sign_certificates")
    return CertificateBatch.objects.filter(Q(unit__in=villages) | Q(unit__in=villages.values("parent_id")))


@dataclass(frozen=True)
class Recipient:
    """Someone the signed certificate may be handed to: ``party`` holds the right, or, when ``group`` is
    set, is a current member of that holding group (``is_mandatary``: the one acting for it)."""

    party: Party
    group: Party | None = None
    is_mandatary: bool = False


def deliveries_with_roles(certificate: Certificate) -> list[CertificateDelivery]:
    """The certificate's deliveries, each with ``for_group`` (the holding group its recipient received it for;
    None for a holder in their own name or a representative) and ``as_mandatary`` (as that group's mandatary),
    as the memberships stood on the day it was handed over: the page called a family's mandatary its
    « titulaire ». At most three statements, whatever the number of deliveries."""
    deliveries = list(certificate.deliveries.select_related("proxy_document"))
    if not deliveries:  # most pages: no statement more
        return deliveries
    holders = set(certificate.right.holders.values_list("party_id", flat=True))
    for_a_group = {
        d.party_id for d in deliveries if d.party_id and not d.by_representative and d.party_id not in holders
    }
    memberships = []
    if for_a_group:
        memberships = list(
            GroupMembership.objects.filter(group__in=holders, member__in=for_a_group).select_related("group")
        )
    for delivery in deliveries:
        delivery.for_group, delivery.as_mandatary = None, False
        for membership in memberships:
            if membership.member_id == delivery.party_id and lived_at(membership, delivery.delivered_at):
                delivery.for_group, delivery.as_mandatary = membership.group, membership.is_mandatary
                break
    return deliveries


def delivery_recipients(certificate: Certificate) -> list[Recipient]:
    """Who may receive the certificate in person: each natural person holding its right; for a collective
    holding the group's mandatary, then its other current members. A non-natural holder (an association,
    the State) cannot come to the counter: its representative brings a power of attorney."""
    found: dict = {}
    # Each group's current members read with the holders: a statement a holding group before.
    members = (
        GroupMembership.objects.current()
        .filter(member__kind=PartyKind.NATURAL)
        .select_related("member")
        .order_by("-is_mandatary", "id")
    )
    holders = (
        certificate.right.holders.select_related("party")
        .prefetch_related(Prefetch("party__memberships", queryset=members, to_attr="members_now"))
        .order_by("id")
    )
    for holder in holders:
        party = holder.party
        if party.kind == PartyKind.NATURAL:
            found.setdefault(party.pk, Recipient(party=party))
        elif party.kind == PartyKind.GROUP:
            for membership in party.members_now:
                found.setdefault(
                    membership.member_id,
                    Recipient(party=membership.member, group=party, is_mandatary=membership.is_mandatary),
                )
    return list(found.values())
