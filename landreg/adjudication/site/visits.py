"""The procès-verbal of the contradictory site verification."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext as _

from landreg.accounts.selectors import has_unit_perm
from landreg.adjudication.claims.spatial import neighbours_of
from landreg.adjudication.exceptions import ClaimError
from landreg.adjudication.models import (
    AttendanceMark,
    AttendeeRole,
    Claim,
    Claimant,
    ClaimantRole,
    SignatureMark,
    SiteAttendee,
    SiteVisit,
)
from landreg.adjudication.site.remarks import MANDATARY_OF, MEMBER_OF, remark_kept
from landreg.adjudication.states import ClaimState
from landreg.audit.services import audit_record
from landreg.core import clock
from landreg.core.exceptions import PermissionDeniedError
from landreg.core.stored_messages import message_kept
from landreg.parties.models import GroupMembership, PartyKind
from landreg.rights.models import Right, RightHolder, RRRKind


@dataclass(frozen=True)
class AttendeeInput:
    role: str
    name: str
    agrees: bool
    mark: str
    mark_reference: str = ""
    remark: str = ""
    neighbour_parcel: object = None
    direction: str = ""


def _is_group(claimant: Claimant) -> bool:
    kind = claimant.party.kind if claimant.party_id else claimant.kind
    return kind != PartyKind.NATURAL


def present_applicants(claim: Claim) -> list[AttendeeInput]:
    """The people the form proposes as present for the applicant: each person who claims, and for a family
    or lineage its mandatary and members (those named on the claim, else the registered group's current
    members), never the group itself: only a natural person is present, signs or puts a fingerprint.

    A later change (a split walked on the land) names no claimant: the holders of the land it changes apply
    for it, and are proposed the same way; the form proposed no one, and the record could not be closed
    until someone typed the holders' names in."""
    claimants = list(claim.claimants.select_related("party").order_by("id"))
    holders = [c for c in claimants if c.role == ClaimantRole.HOLDER]
    named = [
        (c.public_name, c.role == ClaimantRole.MANDATARY)
        for c in claimants
        if c.role in (ClaimantRole.MANDATARY, ClaimantRole.MEMBER)
    ]
    registered = (
        {} if named else _current_members([h.party_id for h in holders if h.party_id and _is_group(h)])
    )
    rows = []
    for applicant in holders:
        if not _is_group(applicant):
            rows.append(
                AttendeeInput(AttendeeRole.APPLICANT, applicant.public_name, True, SignatureMark.SIGNATURE)
            )
            continue
        rows += _members_present(applicant.public_name, named or registered.get(applicant.party_id, []))
    if not rows and claim.is_change:
        subject = _holders_of_subject(claim)
        groups = _current_members([p.pk for p in subject if p.kind != PartyKind.NATURAL])
        for holder in subject:
            if holder.kind == PartyKind.NATURAL:
                rows.append(
                    AttendeeInput(AttendeeRole.APPLICANT, holder.display_name, True, SignatureMark.SIGNATURE)
                )
            else:
                rows += _members_present(holder.display_name, groups.get(holder.pk, []))
    return rows


def _members_present(group: str, members: list[tuple[str, bool]]) -> list[AttendeeInput]:
    rows = []
    for name, mandatary in sorted(members, key=lambda m: not m[1]):  # the mandatary first
        remark = _(MANDATARY_OF) if mandatary else _(MEMBER_OF)
        rows.append(
            AttendeeInput(
                AttendeeRole.APPLICANT, name, True, SignatureMark.SIGNATURE, remark=remark % {"group": group}
            )
        )
    return rows


def _holders_of_subject(claim: Claim) -> list:
    """Who holds what a change acts on today: its right, else the primary rights of its parcels."""
    if claim.subject_right_id:
        rights = Right.objects.filter(pk=claim.subject_right_id)
    else:
        rights = Right.objects.in_force().filter(
            parcel__in=claim.subject_parcels.all(),
            right_type__kind=RRRKind.RIGHT,
            right_type__is_secondary=False,
        )
    holders = RightHolder.objects.filter(right__in=rights).select_related("party").order_by("right_id", "id")
    return list(dict.fromkeys(h.party for h in holders))


def _current_members(groups: list) -> dict:
    """{group id: [(member's name, is mandatary)]}, the current members of each registered group, the
    mandatary first: one statement for every group claiming (it was one a group)."""
    members = {}
    if not groups:
        return members
    found = (
        GroupMembership.objects.filter(group__in=groups, end_lifespan__isnull=True)
        .select_related("member")
        .order_by("-is_mandatary", "member__last_name", "member__first_names")
    )
    for m in found:
        members.setdefault(m.group_id, []).append((m.member.display_name, m.is_mandatary))
    return members


def suggested_neighbours(claim: Claim) -> list[AttendeeInput]:
    """Neighbours to invite, from the parcels touching the claimed boundary (the form pre-fills them). The
    parcels a change acts on are not their own neighbours: a split's boundary is its parcel's, which the
    form proposed as a « voisin » to sign."""
    changed = set(claim.subject_parcels.values_list("pk", flat=True)) if claim.is_change else set()
    rows = []
    found = [
        n
        for n in neighbours_of(claim.geometry, gap_m=claim.profile.neighbour_gap_m)
        if n.parcel.pk not in changed
    ]
    # Who holds the neighbouring land today (rights.models.in_force_on): not a lessee whose term is over. Read
    # for every neighbour at once (it was a statement per parcel, per right and per holder).
    prefetch_related_objects(
        [n.parcel for n in found],
        Prefetch(
            "rights",
            queryset=Right.objects.in_force().prefetch_related(
                Prefetch("holders", queryset=RightHolder.objects.select_related("party"))
            ),
            to_attr="rights_in_force",
        ),
    )
    # Each holder of the neighbouring land signs, each in a row of their own (a row naming the joined holders
    # « A, B » had one place to sign for both); a family or lineage signs through its mandatary, as a group
    # that claims does (present_applicants).
    holders = {
        n.parcel.pk: list(dict.fromkeys(h.party for r in n.parcel.rights_in_force for h in r.holders.all()))
        for n in found
    }
    groups = {p.pk for parties in holders.values() for p in parties if p.kind != PartyKind.NATURAL}
    mandataries = {
        group: [name for name, mandatary in members if mandatary]
        for group, members in _current_members(sorted(groups, key=str)).items()
    }
    for n in found:
        people = []
        for party in holders[n.parcel.pk]:
            if party.kind == PartyKind.NATURAL:
                people.append((party.display_name, ""))
            elif mandataries.get(party.pk):
                people += [
                    (name, _(MANDATARY_OF) % {"group": party.display_name}) for name in mandataries[party.pk]
                ]
            else:  # no mandatary registered: the committee writes in who signs for the group
                people.append((party.display_name, ""))
        for name, remark in people or [(n.parcel.number, "")]:
            rows.append(
                AttendeeInput(
                    role=AttendeeRole.NEIGHBOUR,
                    name=name,
                    agrees=True,
                    mark=SignatureMark.SIGNATURE,
                    remark=remark,
                    neighbour_parcel=n.parcel,
                    direction=n.direction,
                )
            )
    return rows


@transaction.atomic
def site_visit_record(
    *,
    claim: Claim,
    actor,
    visit_date: dt.date,
    place: str,
    language: str,
    attendees: Sequence[AttendeeInput],
    translated: bool = False,
    translation_language: str = "",
    notes: str = "",
    documents: Iterable = (),
) -> SiteVisit:
    locked = Claim.objects.select_for_update(of=("self",)).select_related("village").get(pk=claim.pk)
    if not (
        has_unit_perm(actor, "vote_committee", locked.village)
        or has_unit_perm(actor, "record_claims", locked.village)
    ):
        raise PermissionDeniedError(
            _("Only the village committee or its agent records the site verification.")
        )
    if locked.state != ClaimState.SITE_VERIFICATION:
        raise ClaimError(_("The site verification is recorded while the claim is at that step."))
    # A procès-verbal records a hearing held: one dated ahead (the 20th typed for the 6th) would stand as the
    # limits walked with the neighbours, and open their dispute case, before anyone went to the field.
    if visit_date > clock.today():
        raise ClaimError(_("The site verification is recorded once held: its date cannot be in the future."))
    if not place.strip() or not language.strip():
        raise ClaimError(_("Record the place and the language of the hearing."))
    if translated and not translation_language.strip():
        raise ClaimError(_("Name the language it was translated into."))
    if not attendees:
        raise ClaimError(_("List who was present."))
    for a in attendees:
        if a.role not in AttendeeRole.values or not a.name.strip() or a.mark not in AttendanceMark.values:
            raise ClaimError(_("Each attendee needs a role, a name and a signature or fingerprint mark."))
    groups = {c.public_name.strip().casefold() for c in locked.applicants if _is_group(c)}
    for a in attendees:
        if a.name.strip().casefold() in groups:
            raise ClaimError(
                _("%(group)s is a group: name the members or the mandatary who are present.")
                % {"group": a.name.strip()}
            )
    # Someone called who did not come states no position: their absence neither confirms nor contests the
    # limits (an absent neighbour who disagrees objects through a dispute case), so it opens no case here.
    attendees = [replace(a, agrees=True) if a.mark == AttendanceMark.ABSENT else a for a in attendees]
    # The remarks the form proposed are kept as the registry's messages (site.remarks), before the record is
    # compared with one sent before: the same form sent again is the same record, whatever its language.
    attendees = [replace(a, remark=remark_kept(a.remark)) for a in attendees]
    if not any(a.mark != AttendanceMark.ABSENT for a in attendees):
        raise ClaimError(_("List who was present."))
    fields = {
        "visit_date": visit_date,
        "place": place,
        "language": language,
        "translated": translated,
        "translation_language": translation_language,
        "notes": notes,
        "recorded_by": actor,
    }
    # The same record sent again (a double click, the form sent again after a lost answer) is the one
    # recorded, not a second procès-verbal with a second dispute case: the claim's row lock above makes the
    # second request wait for the first and find it.
    for earlier in locked.site_visits.filter(**fields).prefetch_related("attendees"):
        if _rows(earlier.attendees.all()) == _rows(attendees):
            return earlier
    visit = SiteVisit.objects.create(
        claim=locked,
        visit_date=visit_date,
        place=place,
        language=language,
        translated=translated,
        translation_language=translation_language,
        notes=notes,
        recorded_by=actor,
    )
    SiteAttendee.objects.bulk_create(
        SiteAttendee(
            visit=visit,
            role=a.role,
            name=a.name,
            agrees=a.agrees,
            mark=a.mark,
            mark_reference=a.mark_reference,
            remark=a.remark,
            neighbour_parcel=a.neighbour_parcel,
            direction=a.direction,
        )
        for a in attendees
    )
    visit.documents.add(*documents)
    case = _dispute_for_disagreement(locked, visit, attendees, actor)
    if case is not None:
        visit.dispute = case
        visit.save(update_fields=["dispute", "updated_at"])
    audit_record(
        action="claim.site_visit",
        obj=locked,
        actor=actor,
        payload={
            "visit": str(visit.pk),
            "date": visit_date.isoformat(),
            "attendees": len(attendees),
            "disagreements": sum(1 for a in attendees if not a.agrees),
            "dispute": case.number if case else None,
        },
    )
    return visit


def _parcel_id(attendee):
    """A recorded row's neighbour parcel by its column (no query per row), an input's by its object."""
    if hasattr(attendee, "neighbour_parcel_id"):
        return attendee.neighbour_parcel_id
    return getattr(attendee.neighbour_parcel, "pk", None)


def _rows(attendees) -> list[tuple]:
    """What a record says of its attendees (inputs or recorded rows alike), sorted, to compare two records."""
    rows = [
        (
            _parcel_id(a),
            a.role,
            a.name,
            a.agrees,
            a.mark,
            a.mark_reference,
            a.remark,
            a.direction,
        )
        for a in attendees
    ]
    return sorted(rows, key=repr)


def _dispute_for_disagreement(claim: Claim, visit: SiteVisit, attendees: Sequence[AttendeeInput], actor):
    """A neighbour who disagrees with the limits opens a boundary case; it holds the claim (and the
    neighbour's registered parcel) until conciliated."""
    from landreg.disputes.cases.grounds import disagreement_grounds
    from landreg.disputes.cases.services import PartyInput, dispute_open
    from landreg.disputes.states import DisputeKind, DisputeOrigin, DisputeRole

    disagreeing = [a for a in attendees if not a.agrees]
    if not disagreeing:
        return None
    return dispute_open(
        village=claim.village,
        # The registry's message, kept in English and said in the reader's language (core.stored_messages).
        subject=message_kept(
            _("Disagreement on the limits of claim %(receipt)s at the site verification of %(date)s")
            % {"receipt": claim.receipt_number, "date": f"{visit.visit_date:%d/%m/%Y}"}
        ),
        # The registry's message too, each remark as the record keeps it (disputes.cases.grounds).
        grounds=disagreement_grounds(disagreeing),
        kind=DisputeKind.BOUNDARY,
        origin=DisputeOrigin.SITE_VISIT,
        opened_by=actor,
        parties=[
            *(PartyInput(DisputeRole.CLAIMANT, c.public_name, c.sex, c.party) for c in claim.applicants),
            *(
                PartyInput(
                    DisputeRole.NEIGHBOUR if a.role == AttendeeRole.NEIGHBOUR else DisputeRole.OTHER, a.name
                )
                for a in disagreeing
            ),
        ],
        claims=[claim],
        parcels=[a.neighbour_parcel for a in disagreeing if a.neighbour_parcel is not None],
    )
