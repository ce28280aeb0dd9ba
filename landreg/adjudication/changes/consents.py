"""Consent of the co-holders to a sale, donation, lease, loan or split of a joint or collective right.

A right held by several persons, or by a family or lineage, is disposed of only with each co-holder's
consent (each member of the group for a collective right), and, where the commune's profile asks, the
consent of the spouse of each married holder. The land office records each consent with the person's mark
(signature, fingerprint or a cross for a person who does not write); an application that lacks one cannot
be submitted, and it is checked again when approved. A refusal is recorded too, and blocks it.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from landreg.accounts.selectors import has_unit_perm
from landreg.adjudication.exceptions import ClaimError
from landreg.adjudication.models import ChangeConsent, Claim, ConsentRole, SignatureMark
from landreg.adjudication.states import ClaimPurpose, ClaimState
from landreg.audit.services import audit_record
from landreg.core import clock
from landreg.core.exceptions import PermissionDeniedError
from landreg.parties.minority import is_minor
from landreg.parties.models import GroupMembership, LegalRepresentation, MaritalStatus, Party, PartyKind
from landreg.parties.selectors import representations_of
from landreg.parties.services import representation_record
from landreg.rights.models import RRRKind

# The dispositions that take land or its use from the holders: a lease or a loan of land is a secondary right
# granted on the holding, and the co-holders (each member of a family) consent to it as to a sale. An
# inheritance follows a death, and a merge or correction keeps the holders. A mortgage pledges the land to a
# creditor, who may have it sold if the debt is not repaid: every holder consents to it.
KINDS_NEEDING_CONSENT = {
    ClaimPurpose.SALE,
    ClaimPurpose.DONATION,
    ClaimPurpose.LEASE,
    ClaimPurpose.LOAN,
    ClaimPurpose.SPLIT,
    ClaimPurpose.MORTGAGE,
}
MARRIED = {
    MaritalStatus.MARRIED_MONOGAMOUS,
    MaritalStatus.MARRIED_POLYGAMOUS,
    MaritalStatus.DE_FACTO_UNION,
}


class ConsentMissingError(ClaimError):
    """A co-holder (or a spouse the profile asks for) has not consented to the disposition."""


class MinorConsentError(ClaimError):
    """A co-holder who is a minor cannot consent alone: their legal representative consents for them."""


@dataclass(frozen=True)
class RepresentativeInput:
    """The legal representative who consents for a minor, as the land office names them."""

    name: str
    basis: str
    reference: str = ""


@dataclass(frozen=True)
class NeededConsent:
    role: str
    party: Party  # the co-holder, or the holder whose spouse consents
    consent: ChangeConsent | None  # the latest one recorded
    # A co-holder younger than the profile's age of majority today: their legal representative consents for
    # them (``representation``, the one recorded, if any).
    minor: bool = False
    representation: LegalRepresentation | None = None

    @property
    def key(self) -> str:
        return f"{self.role}:{self.party.pk}"

    @property
    def given(self) -> bool:
        if self.consent is None or not self.consent.agrees:
            return False
        # A minor's consent counts only as given by their representative.
        return not self.minor or bool(self.consent.representative_name)


def disposed_right(claim: Claim):
    """The right the application disposes of: the one transferred, or the parcel's current primary right."""
    if claim.subject_right_id:
        return claim.subject_right
    parcel = claim.subject_parcels.order_by("number").first()
    return primary_right_of(parcel) if parcel is not None else None


def _co_holders(holders) -> list[Party]:
    """Every person who holds the right: each holder, and each current member of a holding group."""
    people = []
    for holder in holders:
        party = holder.party
        if party.kind == PartyKind.GROUP:
            people += [m.member for m in party.current_memberships]
        else:
            people.append(party)
    return people


def _holders(right) -> list:
    """The right's holders with their party, and each group's current members, in two statements whatever
    the number of holders and groups (one a group before)."""
    members = GroupMembership.objects.current().select_related("member").order_by("id")
    return list(
        right.holders.select_related("party")
        .prefetch_related(Prefetch("party__memberships", queryset=members, to_attr="current_memberships"))
        .order_by("id")
    )


def consents_needed(claim: Claim) -> list[NeededConsent]:
    """The consents an application needs, each with the latest one recorded (none for a sole holder)."""
    if claim.purpose not in KINDS_NEEDING_CONSENT:
        return []
    right = disposed_right(claim)
    if right is None:
        return []
    holders = _holders(right)
    collective = any(h.party.kind == PartyKind.GROUP for h in holders)
    wanted = []
    if len(holders) > 1 or collective:
        wanted += [(ConsentRole.CO_HOLDER, p) for p in _co_holders(holders)]
    if claim.profile.spouse_consent_required:
        wanted += [
            (ConsentRole.SPOUSE, p)
            for p in _co_holders(holders)
            if p.kind == PartyKind.NATURAL and p.marital_status in MARRIED
        ]
    recorded = {}
    for consent in claim.consents.order_by("recorded_at", "id"):  # the latest of each person counts
        recorded[(consent.role, consent.party_id or consent.for_holder_id)] = consent
    today, majority = clock.today(), claim.profile.majority_age
    minors = {
        p.pk
        for role, p in wanted
        if role == ConsentRole.CO_HOLDER and is_minor(p.birth_date, on=today, majority_age=majority)
    }
    representations = representations_of(minors)
    return [
        NeededConsent(
            role,
            party,
            recorded.get((role, party.pk)),
            minor=role == ConsentRole.CO_HOLDER and party.pk in minors,
            representation=representations.get(party.pk) if role == ConsentRole.CO_HOLDER else None,
        )
        for role, party in wanted
    ]


def check_consents(claim: Claim) -> None:
    """Raise unless every consent the application needs is given."""
    missing = [n for n in consents_needed(claim) if not n.given]
    if not missing:
        return
    names = ", ".join(
        n.party.display_name
        if n.role == ConsentRole.CO_HOLDER
        else _("the spouse of %(name)s") % {"name": n.party.display_name}
        for n in missing
    )
    raise ConsentMissingError(
        _("Consent missing or refused: %(names)s. Record each consent with its mark before submitting.")
        % {"names": names}
    )


@transaction.atomic
def consent_record(
    *,
    claim: Claim,
    actor,
    role: str,
    party: Party,
    agrees: bool,
    mark: str,
    name: str = "",
    mark_reference: str = "",
    representative: RepresentativeInput | None = None,
) -> ChangeConsent:
    """Record a co-holder's consent (``party`` is the co-holder) or a spouse's (``party`` is the holder
    whose spouse consents, ``name`` the spouse's name).

    A co-holder who is a minor on the day does not consent alone: their legal representative consents for
    them and marks the consent. ``representative`` names them (recorded for the minor now, ending another
    one recorded before); without it, the representative the register records for the minor consents.
    Neither: refused."""
    # Lock the application so a consent and its submission take turns: what is submitted was consented.
    locked = Claim.objects.select_for_update(of=("self",)).get(pk=claim.pk)
    if not has_unit_perm(actor, "record_transactions", locked.village):
        raise PermissionDeniedError(_("You may not record transactions in this village."))
    if locked.state not in {ClaimState.DRAFT, ClaimState.RETURNED}:
        raise ClaimError(_("Consents are recorded before the application is submitted."))
    needed = {n.key: n for n in consents_needed(locked)}
    if f"{role}:{party.pk}" not in needed:
        raise ClaimError(_("This person's consent is not asked for this application."))
    if mark not in SignatureMark.values:
        raise ClaimError(_("Choose the mark: signature, fingerprint or cross."))
    if agrees and mark == SignatureMark.REFUSED:
        raise ClaimError(_("A person who refuses to sign does not consent."))
    if role == ConsentRole.SPOUSE and not name.strip():
        raise ClaimError(_("Give the spouse's name."))
    wanted = needed[f"{role}:{party.pk}"]
    representation = _consenting_representation(wanted, representative, actor) if wanted.minor else None
    consent = ChangeConsent.objects.create(
        claim=locked,
        role=role,
        party=party if role == ConsentRole.CO_HOLDER else None,
        for_holder=party if role == ConsentRole.SPOUSE else None,
        name=name.strip() if role == ConsentRole.SPOUSE else party.display_name,
        agrees=agrees,
        representative_name=representation.representative_name if representation else "",
        representative_basis=representation.basis if representation else "",
        mark=mark,
        mark_reference=mark_reference,
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    audit_record(
        action="change.consent",
        obj=locked,
        actor=actor,
        payload={"role": role, "party": str(party.pk), "agrees": agrees, "mark": mark},
    )
    return consent


def _consenting_representation(wanted: NeededConsent, named: RepresentativeInput | None, actor):
    """The representation under which a minor's consent is given: the one named now (recorded for the
    minor), else the one the register records; a minor alone is refused."""
    if named is not None and named.name.strip():
        return representation_record(
            person=wanted.party,
            representative_name=named.name,
            basis=named.basis,
            reference=named.reference,
            actor=actor,
        )
    if wanted.representation is not None:
        return wanted.representation
    raise MinorConsentError(
        _(
            "%(name)s is a minor: a minor does not consent alone. Name the legal representative (father, "
            "mother or guardian) who consents for them."
        )
        % {"name": wanted.party.display_name}
    )


def is_shared(right) -> bool:
    """Held by several persons, or by a family or lineage."""
    if right is None:
        return False
    holders = list(right.holders.select_related("party"))
    return len(holders) > 1 or any(h.party.kind == PartyKind.GROUP for h in holders)


def refuse_direct_disposal(*, right, kind: str) -> None:
    """A direct recording has no application to carry the co-holders' consents: a shared right goes
    through one (``change_draft``), whatever steps the profile gives its kind."""
    if kind in KINDS_NEEDING_CONSENT and is_shared(right):
        raise ConsentMissingError(
            _(
                "This right is held by several persons: lodge an application, which records each "
                "co-holder's consent, rather than recording the %(kind)s directly."
            )
            % {"kind": ClaimPurpose(kind).label}
        )


def primary_right_of(parcel):
    # In force (rights.models.in_force_on), as the certificate's primary right is; a right, not a restriction
    # (a mortgage is no secondary right, and no one's holding either).
    return (
        parcel.rights.in_force()
        .filter(right_type__kind=RRRKind.RIGHT, right_type__is_secondary=False)
        .order_by("created_at")
        .first()
    )
