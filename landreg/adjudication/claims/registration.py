"""What approval writes to the register: the parcel, its parties and the right, each with its lifespan."""

from landreg.adjudication.models import Claim, ClaimantRole
from landreg.core import clock
from landreg.parcels.services import parcel_record
from landreg.parties.models import Party
from landreg.parties.services import (
    MemberShare,
    group_set_members,
    party_create,
    representation_record,
)
from landreg.rights.services import HolderShare, right_register

_PARTY_FIELDS = [
    "last_name",
    "first_names",
    "name",
    "sex",
    "birth_date",
    "birth_place",
    "id_document_type",
    "id_document_number",
    "profession",
    "domicile",
]


def _registered_with_same_id(claimant):
    """The current party holding the claimant's ID document, if one was registered meanwhile (one person,
    one record: the ID document is unique among current parties)."""
    if not claimant.id_document_number:
        return None
    return (
        Party.objects.current()
        .filter(id_document_type=claimant.id_document_type, id_document_number=claimant.id_document_number)
        .first()
    )


def _party_of(claimant, claim: Claim, actor):
    if claimant.party is None and claimant.kind == "natural":
        claimant.party = _registered_with_same_id(claimant)
        if claimant.party is not None:
            claimant.save(update_fields=["party"])
    if claimant.party is None:
        fields = {name: getattr(claimant, name) for name in _PARTY_FIELDS}
        if claimant.kind == "group":
            fields["group_type"] = claimant.group_type
        claimant.party = party_create(kind=claimant.kind, village=claim.village, created_by=actor, **fields)
        claimant.save(update_fields=["party"])
    return claimant.party


def _secondary_holder(secondary, claim: Claim, actor):
    if secondary.party_id:
        return secondary.party
    fields = {"last_name": secondary.last_name, "first_names": secondary.first_names, "sex": secondary.sex}
    if secondary.kind != "natural":
        fields = {"name": secondary.name}
        if secondary.kind == "group":
            fields["group_type"] = secondary.group_type
    secondary.party = party_create(kind=secondary.kind, village=claim.village, created_by=actor, **fields)
    secondary.save(update_fields=["party"])
    return secondary.party


def holders_from_claimants(claim: Claim, *, actor) -> list[HolderShare]:
    """The claim's holders as registered parties (created now for people not yet registered)."""
    holders = []
    for claimant in claim.claimants.filter(role=ClaimantRole.HOLDER).order_by("id"):
        party = _party_of(claimant, claim, actor)
        members = []
        if party.kind == "group":
            roles = [ClaimantRole.MEMBER, ClaimantRole.MANDATARY]
            members = list(claim.claimants.filter(role__in=roles).order_by("id"))
        # A registered group claiming with no members typed keeps the register's (check_group_claim).
        if members:
            group_set_members(
                group=party,
                members=[
                    MemberShare(
                        member=_party_of(m, claim, actor),
                        share=m.share,
                        is_mandatary=m.role == ClaimantRole.MANDATARY,
                    )
                    for m in members
                ],
            )
        if claimant.representative_name:
            # The minor's representative named on the claim is recorded for the person (kept as it is
            # when the register already names the same one).
            representation_record(
                person=party,
                representative_name=claimant.representative_name,
                basis=claimant.representative_basis,
                reference=claimant.representative_reference,
                actor=actor,
            )
        holders.append(HolderShare(party=party, share=claimant.share))
    return holders


def register_claim(claim: Claim, *, actor) -> None:
    """Runs inside the approving transition's transaction: all of it is written, or none of it."""
    parcel = parcel_record(
        village=claim.village,
        geometry=claim.geometry,
        survey_method=claim.survey_method,
        number=claim.parcel_number,
        land_use=claim.land_use,
        local_name=claim.local_name,
        source_id=claim.receipt_number or "",
        created_by=actor,
    )
    holders = holders_from_claimants(claim, actor=actor)
    right = right_register(
        parcel=parcel,
        right_type=claim.right_type,
        holders=holders,
        tenure_system=claim.tenure_system,
        legal_basis=claim.profile.legal_basis,
        start_date=clock.today(),
        description=f"{claim.profile.certificate_name} — {claim.receipt_number}",
        created_by=actor,
    )
    for secondary in claim.secondary_rights.select_related("right_type", "party").order_by("id"):
        secondary.right = right_register(
            parcel=parcel,
            right_type=secondary.right_type,
            holders=[HolderShare(party=_secondary_holder(secondary, claim, actor))],
            tenure_system=claim.tenure_system,
            legal_basis=claim.profile.legal_basis,
            start_date=secondary.start_date or clock.today(),
            end_date=secondary.end_date,
            description=secondary.description or f"{claim.receipt_number}",
            created_by=actor,
        )
        secondary.save(update_fields=["right"])
    for source in claim.documents.all():
        source.parcels.add(parcel)
        source.rights.add(right)
        source.parties.add(*(h.party for h in holders))
    claim.parcel, claim.right = parcel, right
