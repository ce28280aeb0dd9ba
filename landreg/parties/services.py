"""Writes of parties and group memberships."""

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from landreg.audit.rows import register_write
from landreg.audit.services import audit_record
from landreg.core import clock
from landreg.core.history.versioning import version_supersede, versions_begin
from landreg.core.shares import check_shares_total, parse_share
from landreg.parties.exceptions import PartyError
from landreg.parties.models import (
    BASES_NEEDING_REFERENCE,
    GUARDIAN_NEEDS_REFERENCE,
    ONLY_A_PERSON_IS_REPRESENTED,
    GroupMembership,
    LegalRepresentation,
    Party,
    PartyKind,
    RepresentationBasis,
)
from landreg.territory.models import AdministrativeUnit

_HISTORY_ONLY_FIELDS = {"id", "version", "begin_lifespan", "end_lifespan", "created_at", "updated_at"}


@transaction.atomic
def party_create(*, kind: str, village: AdministrativeUnit, created_by=None, **fields) -> Party:
    if not village.is_village:
        raise PartyError(_("A party is recorded in a village."))
    party = Party(kind=kind, village=village, created_by=created_by, **fields)
    try:
        party.full_clean()
    except ValidationError as exc:
        raise PartyError(
            _("The party is incomplete: %(errors)s") % {"errors": "; ".join(exc.messages)}
        ) from exc
    party.save()
    versions_begin(party, actor=created_by)
    register_write(action="party.create", rows=[party], actor=created_by)
    return party


@transaction.atomic
def party_update(*, party: Party, actor=None, reason: str = "", **changes) -> Party:
    """A new version of the party; the previous one is kept with its lifespan."""
    forbidden = _HISTORY_ONLY_FIELDS.intersection(changes) | ({"kind"} & set(changes))
    if forbidden:
        raise PartyError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(forbidden))}
        )
    updated = version_supersede(party, changes=changes, actor=actor, reason=reason)
    register_write(action="party.update", rows=[updated], actor=actor, payload={"version": updated.version})
    return updated


@dataclass(frozen=True)
class MemberShare:
    member: Party
    share: Fraction | str | int
    is_mandatary: bool = False


@transaction.atomic
def group_set_members(*, group: Party, members: Sequence[MemberShare]) -> list[GroupMembership]:
    """Replace the group's current members; previous memberships end now and stay as history."""
    group = Party.objects.select_for_update().get(pk=group.pk)  # one writer of a group's members at a time
    if group.kind != PartyKind.GROUP:
        raise PartyError(_("Only a group party has members."))
    shares = [parse_share(m.share) for m in members]
    check_shares_total(shares)
    if len({m.member.pk for m in members}) != len(members):
        raise PartyError(_("A person appears twice in the member list."))
    if sum(1 for m in members if m.is_mandatary) > 1:
        raise PartyError(_("A group has one mandatary at a time."))
    for m in members:
        if m.member.kind == PartyKind.GROUP and m.member.pk == group.pk:
            raise PartyError(_("A group cannot be a member of itself."))
    moment = clock.now()
    current = GroupMembership.objects.filter(group=group, end_lifespan__isnull=True)
    ended = list(current.values_list("pk", flat=True))
    current.update(end_lifespan=moment)
    created = []
    for m, share in zip(members, shares, strict=True):
        membership = GroupMembership(
            group=group, member=m.member, is_mandatary=m.is_mandatary, begin_lifespan=moment
        )
        membership.share = share
        membership.save()
        created.append(membership)
    register_write(action="group.members", rows=created, model=GroupMembership, pks=ended, obj=group)
    return created


@transaction.atomic
def representation_record(
    *, person: Party, representative_name: str, basis: str, reference: str = "", actor=None
) -> LegalRepresentation:
    """Name the legal representative of a minor (a parent, or a guardian with the deliberation or judgment
    that appointed them). The current representation, if another, ends now and stays as history; the same
    one recorded again is kept as it is (a form posted twice, an application approved after the page)."""
    name, reference = representative_name.strip(), reference.strip()
    if person.kind != PartyKind.NATURAL:
        raise PartyError(str(ONLY_A_PERSON_IS_REPRESENTED))
    if not name:
        raise PartyError(_("Give the name of the legal representative."))
    if basis not in RepresentationBasis.values:
        raise PartyError(_("Say whether the representative is the father, the mother or a guardian."))
    if basis in BASES_NEEDING_REFERENCE and not reference:
        raise PartyError(str(GUARDIAN_NEEDS_REFERENCE))
    # One writer of a person's representation at a time: two clerks would each end the other's row.
    Party.objects.select_for_update().filter(pk=person.pk).first()
    current = LegalRepresentation.objects.current().filter(person=person).first()
    if current is not None and (current.representative_name, current.basis, current.reference) == (
        name,
        basis,
        reference,
    ):
        return current
    moment = clock.now()
    if current is not None:
        current.end_lifespan = moment
        current.save(update_fields=["end_lifespan"])
    representation = LegalRepresentation.objects.create(
        person=person,
        representative_name=name,
        basis=basis,
        reference=reference,
        recorded_by=actor if getattr(actor, "pk", None) else None,
        begin_lifespan=moment,
    )
    audit_record(
        action="party.representation",
        obj=person,
        actor=actor,
        payload={"representative": name, "basis": basis, "reference": reference},
    )
    return representation
