"""Writes of claims outside the state moves: drafting, claimants, documents, numbering."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from landreg.accounts.selectors import has_unit_perm
from landreg.adjudication.changes.minors import check_inputs_represented
from landreg.adjudication.exceptions import ClaimError
from landreg.adjudication.models import Claim, Claimant, ClaimantRole, ClaimSecondaryRight
from landreg.adjudication.profiles import profile_for
from landreg.adjudication.states import ClaimState
from landreg.audit.services import audit_record
from landreg.core import clock
from landreg.core.db.bulk import clean_values
from landreg.core.exceptions import PermissionDeniedError
from landreg.core.shares import check_shares_total, parse_share
from landreg.documents.models import Source
from landreg.parcels.checks import BoundaryErrors, containment_issues
from landreg.parcels.models import SurveyMethod
from landreg.parcels.services import normalise_boundary, parcel_numbers_take
from landreg.parties.models import GroupMembership, Sex, search_columns
from landreg.rights.models import RightType
from landreg.territory.models import AdministrativeUnit, UnitLevel

_SEXES = frozenset(Sex.values)  # Sex.values builds its list at each call


@dataclass(frozen=True)
class ClaimantInput:
    last_name: str = ""
    first_names: str = ""
    sex: str = ""
    share: str = "1"
    role: str = ClaimantRole.HOLDER
    kind: str = "natural"
    name: str = ""
    group_type: str = ""
    party: object = None
    extra: dict = field(default_factory=dict)  # birth_date, birth_place, id_document_*, profession, domicile

    @property
    def holding_kind(self) -> str:
        """The kind stored and checked: a registered party's own (a family chosen from the register is a
        group whatever the caller said), else the kind typed."""
        return self.party.kind if self.party is not None else self.kind


@dataclass(frozen=True)
class SecondaryRightInput:
    """A secondary right on the claimed land: its type, its holder (a registered party, a person or a
    group) and its period."""

    right_type: str
    party: object = None
    kind: str = "natural"
    last_name: str = ""
    first_names: str = ""
    sex: str = ""
    name: str = ""
    group_type: str = ""
    start_date: object = None
    end_date: object = None
    description: str = ""


def _require(actor, codename: str, village: AdministrativeUnit, message: str) -> None:
    if not has_unit_perm(actor, codename, village):
        raise PermissionDeniedError(message)


def _right_type(code: str) -> RightType:
    return right_type_in(code, right_types_of([code]))


def right_types_of(codes) -> dict[str, RightType]:
    """The code list's right types among ``codes``, by code (one query for a batch)."""
    return {t.code: t for t in RightType.objects.filter(code__in=set(codes))}


def right_type_in(code: str, types: dict[str, RightType]) -> RightType:
    if code not in types:
        raise ClaimError(_("The right “%(code)s” is not in the code list.") % {"code": code})
    return types[code]


def check_claimant_inputs(claimants: Sequence[ClaimantInput]) -> None:
    """The holders' exact shares add up to 1; a group's members' too, with one mandatary among them.
    (The mandate itself is checked at submission: it may be attached after the draft.)"""
    if not claimants:
        raise ClaimError(_("A claim names at least one claimant."))
    holders = [c for c in claimants if c.role == ClaimantRole.HOLDER]
    members = [c for c in claimants if c.role in (ClaimantRole.MEMBER, ClaimantRole.MANDATARY)]
    check_shares_total(parse_share(h.share) for h in holders)
    if len(holders) > 1 and any(h.holding_kind == "group" for h in holders):
        raise ClaimError(_("A group claims alone; its members are listed with their shares."))
    if members:
        if len(holders) != 1 or holders[0].holding_kind != "group":
            raise ClaimError(_("Members are listed only for a claim by a group, which claims alone."))
        check_shares_total(parse_share(m.share) for m in members)
        if sum(1 for m in members if m.role == ClaimantRole.MANDATARY) != 1:
            raise ClaimError(_("Name exactly one mandatary among the members."))


@dataclass
class DraftRows:
    """A draft claim and its people and secondary rights, checked and not yet saved."""

    claim: Claim
    claimants: list[Claimant]
    secondary_rights: list[ClaimSecondaryRight]


def draft_rows(
    *,
    actor,
    village: AdministrativeUnit,
    profile,
    polygon: GEOSGeometry,
    right_type: RightType,
    claimants: Sequence[ClaimantInput],
    tenure_system: str = "customary",
    land_use: str = "cropland",
    survey_method: str = SurveyMethod.UNKNOWN,
    local_name: str = "",
    limits: dict | None = None,
    secondary_rights: Sequence[SecondaryRightInput] = (),
    secondary_types: dict | None = None,
) -> DraftRows:
    """The rows of a draft, each checked as ``claim_draft`` checks it (ClaimError otherwise); nothing saved.
    ``polygon`` has been through the boundary checks for ``village``. Shared by ``claim_draft`` and the
    batched drafting of a device's sync (``claims/batch.py``), so both refuse the same things."""
    check_claimant_inputs(claimants)
    # A child claiming is named with their legal representative (changes.minors, as on every door).
    check_inputs_represented(claimants, majority_age=profile.majority_age)
    limits = limits or {}
    claim = Claim(
        village=village,
        profile=profile,
        geometry=polygon,
        right_type=right_type,
        tenure_system=tenure_system,
        land_use=land_use,
        survey_method=survey_method,
        local_name=local_name,
        created_by=actor,
        **{f"limit_{side}": limits.get(side, "") for side in ("north", "east", "south", "west")},
    )
    return DraftRows(
        claim,
        [claimant_row(claim=claim, data=data) for data in claimants],
        [secondary_right_row(claim=claim, data=data, types=secondary_types) for data in secondary_rights],
    )


@transaction.atomic
def claim_draft(
    *,
    actor,
    village: AdministrativeUnit,
    geometry: GEOSGeometry,
    right_type: str,
    claimants: Sequence[ClaimantInput],
    tenure_system: str = "customary",
    land_use: str = "cropland",
    survey_method: str = SurveyMethod.UNKNOWN,
    local_name: str = "",
    limits: dict | None = None,
    documents: Iterable[Source] = (),
    secondary_rights: Sequence[SecondaryRightInput] = (),
) -> Claim:
    """A draft claim recorded by the village's field agent. Nothing enters the register until approval.
    ``survey_method``: how the boundary was surveyed; a door that was not told says so (« not stated »),
    never a GPS walk it did not see."""
    check_may_draft(actor, village)
    rtype = _right_type(right_type)
    check_claimant_inputs(claimants)
    profile = profile_for(village)
    rows = draft_rows(
        actor=actor,
        village=village,
        profile=profile,
        polygon=normalise_boundary(geometry, village=village),  # inside its village, or refused now
        right_type=rtype,
        claimants=claimants,
        tenure_system=tenure_system,
        land_use=land_use,
        survey_method=survey_method,
        local_name=local_name,
        limits=limits,
        secondary_rights=secondary_rights,
    )
    claim = rows.claim
    claim.save()
    for row in (*rows.claimants, *rows.secondary_rights):
        row.claim = claim
        row.save()
    claim.documents.add(*documents)
    audit_record(action="claim.draft", obj=claim, actor=actor, payload={"village": village.code})
    return claim


def check_may_draft(actor, village: AdministrativeUnit) -> None:
    if village.level != UnitLevel.VILLAGE:
        raise ClaimError(_("A claim is lodged for a parcel in a village."))
    _require(actor, "record_claims", village, _("You may not record claims in this village."))


@transaction.atomic
def claim_update(
    *,
    actor,
    claim: Claim,
    geometry: GEOSGeometry,
    right_type: str,
    claimants: Sequence[ClaimantInput],
    tenure_system: str,
    land_use: str,
    local_name: str,
    limits: dict,
    documents: Iterable[Source] = (),
    secondary_rights: Sequence[SecondaryRightInput] = (),
    survey_method: str | None = None,
) -> Claim:
    """The agent corrects a draft, or a claim screening returned: its fields and its people are replaced.
    The village stays (another village is another claim); the receipt number, if any, is kept. The survey
    method is kept when not given (the API's update does not carry it)."""
    # Lock the claim: an edit and a submission of the same claim take turns, so what is submitted is whole.
    locked = Claim.objects.select_for_update(of=("self",)).get(pk=claim.pk)
    _require(actor, "record_claims", locked.village, _("You may not record claims in this village."))
    if locked.is_change:
        raise ClaimError(_("An application for a change is not edited; withdraw it and lodge another."))
    if locked.state not in {ClaimState.DRAFT, ClaimState.RETURNED}:
        raise ClaimError(_("Only a draft or a returned claim can be edited."))
    check_claimant_inputs(claimants)
    check_inputs_represented(claimants, majority_age=locked.profile.majority_age)
    locked.geometry = normalise_boundary(geometry, village=locked.village)  # inside its village, or refused
    locked.right_type = _right_type(right_type)
    locked.tenure_system, locked.land_use, locked.local_name = tenure_system, land_use, local_name
    if survey_method is not None:
        locked.survey_method = survey_method
    for side in ("north", "east", "south", "west"):
        setattr(locked, f"limit_{side}", limits.get(side, ""))
    locked.save()
    locked.claimants.all().delete()  # people named on a claim are not in the register until approval
    for data in claimants:
        claimant_add(claim=locked, data=data)
    locked.secondary_rights.all().delete()
    for data in secondary_rights:
        secondary_right_add(claim=locked, data=data)
    locked.documents.add(*documents)
    audit_record(action="claim.update", obj=locked, actor=actor, payload={"state": locked.state})
    return locked


def claimant_add(*, claim: Claim, data: ClaimantInput) -> Claimant:
    row = claimant_row(claim=claim, data=data)
    row.save()
    return row


def claimant_row(*, claim: Claim, data: ClaimantInput) -> Claimant:
    """A claimant checked and not saved (ClaimError if a name, a sex or a share is missing or wrong)."""
    if claim.state not in {ClaimState.DRAFT, ClaimState.RETURNED}:
        raise ClaimError(_("Claimants can be changed only while the claim is a draft or returned."))
    return Claimant(claim=claim, party=data.party, **claimant_values(data))


def claimant_values(data: ClaimantInput) -> dict:
    """A claimant's columns but its claim and party, checked (ClaimError if a name, a sex or a share is
    missing or wrong): what ``claimant_row`` puts in the row, and a sync batch writes without instances."""
    share = parse_share(data.share)
    # The sexes of the list, not the string "FM": "" and "FM" are substrings of "FM" and passed.
    if (
        data.party is None
        and data.kind == "natural"
        and (not data.last_name.strip() or data.sex not in _SEXES)
    ):
        raise ClaimError(_("Each person claiming needs a last name and a sex."))
    if data.party is None and data.kind != "natural" and not data.name.strip():
        raise ClaimError(_("A group or organisation claiming needs a name."))
    if data.kind == "group" and data.party is None and not data.group_type:
        raise ClaimError(_("Say what kind of group claims (family, lineage, community…)."))
    values = {
        "role": data.role,
        "kind": data.holding_kind,
        "last_name": data.last_name,
        "first_names": data.first_names,
        "name": data.name,
        "group_type": data.group_type,
        "sex": data.sex,
        "share_numerator": share.numerator,
        "share_denominator": share.denominator,
        **data.extra,
    }
    try:
        # The table's two constraints (a share in (0, 1], a new person's sex) are the checks above; checking
        # them again would ask the database once per row, and the database enforces them on insert anyway.
        checked = clean_values(Claimant, values, exclude=("claim", "party"))
    except ValidationError as exc:
        raise ClaimError("; ".join(exc.messages)) from exc
    # The names' search columns (as Claimant.save sets them): a sync batch inserts these values as they are.
    checked["search_name"], checked["name_key"] = search_columns(
        checked.get("last_name", ""), checked.get("first_names", ""), checked.get("name", "")
    )
    return checked


def secondary_right_add(*, claim: Claim, data: SecondaryRightInput) -> ClaimSecondaryRight:
    row = secondary_right_row(claim=claim, data=data)
    row.save()
    return row


def secondary_types_of(codes) -> dict[str, RightType]:
    """The secondary rights of the code list among ``codes``, by code (one query for a batch)."""
    return {t.code: t for t in RightType.objects.filter(code__in=set(codes), kind="right", is_secondary=True)}


def secondary_right_row(*, claim: Claim, data: SecondaryRightInput, types: dict | None = None):
    """A secondary right checked and not saved; ``types``: the code list's secondary rights, if loaded."""
    if claim.state not in {ClaimState.DRAFT, ClaimState.RETURNED}:
        raise ClaimError(_("Secondary rights can be changed only while the claim is a draft or returned."))
    return ClaimSecondaryRight(claim=claim, party=data.party, **secondary_right_values(data, types))


def secondary_right_values(data: SecondaryRightInput, types: dict | None = None) -> dict:
    """A secondary right's columns but its claim and party, checked (ClaimError otherwise)."""
    if types is None:
        types = secondary_types_of([data.right_type])
    rtype = types.get(data.right_type)
    if rtype is None:
        raise ClaimError(
            _("“%(code)s” is not a secondary right of the code list.") % {"code": data.right_type}
        )
    if (
        data.party is None
        and data.kind == "natural"
        and (not data.last_name.strip() or data.sex not in _SEXES)
    ):
        raise ClaimError(_("The holder of a secondary right needs a last name and a sex, or a group's name."))
    if data.party is None and data.kind == "group" and not (data.name.strip() and data.group_type):
        raise ClaimError(_("Name the group holding the secondary right and say what kind of group it is."))
    if data.start_date and data.end_date and data.end_date < data.start_date:
        raise ClaimError(_("The end date is before the start date."))
    return {
        "right_type_id": rtype.pk,
        "kind": data.party.kind if data.party else data.kind,
        "last_name": data.last_name.strip(),
        "first_names": data.first_names.strip(),
        "sex": data.sex,
        "name": data.name.strip(),
        "group_type": data.group_type,
        "start_date": data.start_date,
        "end_date": data.end_date,
        "description": data.description,
    }


@transaction.atomic
def claim_attach_documents(*, claim: Claim, actor, documents: Iterable[Source]) -> None:
    _require(
        actor,
        claim.lodging_permission,
        claim.village,
        _("You may not add documents to claims of this village."),
    )
    if claim.state in {ClaimState.READY_FOR_CERTIFICATE, ClaimState.REJECTED, ClaimState.WITHDRAWN}:
        raise ClaimError(_("The claim is closed; no document can be added."))
    claim.documents.add(*documents)
    audit_record(
        action="claim.documents",
        obj=claim,
        actor=actor,
        payload={"documents": [str(d.pk) for d in documents]},
    )


def next_receipt_number(village: AdministrativeUnit) -> str:
    # Called under the village row lock (see transitions), so numbers are never shared.
    prefix = f"R-{village.code}-{clock.today().year}-"
    count = Claim.objects.filter(receipt_number__startswith=prefix).count()
    return f"{prefix}{count + 1:05d}"


def reserve_parcel_number(village: AdministrativeUnit) -> str:
    """Called under the village row lock. The same sequence as every recorded parcel, so a number reserved
    for a claim in progress is never given to a parcel recorded or imported meanwhile."""
    return parcel_numbers_take(village=village)[0]


def check_inside_village(claim: Claim) -> None:
    """A first claim's boundary lies in its village (and commune) when their boundaries are known.

    Checked again at submission and screening, not only when drafted: a village's boundary may be loaded or
    corrected after the draft, and approval refuses a parcel outside it, so finding out there wastes the
    whole procedure (notice, site visit, committee)."""
    issues = containment_issues(claim.geometry, claim.village)
    if issues:
        raise BoundaryErrors(issues)


def check_group_claim(claim: Claim) -> None:
    """A collective claim: one group holds; its members' shares add up to 1; one mandatary; a mandate.

    A group chosen from the register brings its current members and mandatary: they need not be typed on
    the claim again, but members typed replace the register's and are checked as a new group's."""
    holders = list(claim.claimants.select_related("party").filter(role=ClaimantRole.HOLDER))
    members = list(claim.claimants.filter(role__in=[ClaimantRole.MEMBER, ClaimantRole.MANDATARY]))
    # The party's kind first: a row drafted before claimants took their registered party's kind says
    # "natural" for a family chosen from the register.
    groups = [h for h in holders if (h.party.kind if h.party else h.kind) == "group"]
    if not groups:
        if members:
            raise ClaimError(_("Members are listed only for a claim by a group."))
        return
    if len(holders) != 1:
        raise ClaimError(_("A group claims alone; its members are listed with their shares."))
    if members:
        check_shares_total(m.share for m in members)
        if sum(1 for m in members if m.role == ClaimantRole.MANDATARY) != 1:
            raise ClaimError(_("Name exactly one mandatary among the members."))
    elif groups[0].party is None:
        raise ClaimError(_("List the members of the group with their shares."))
    else:
        check_registered_members(groups[0].party)
    if not claim.documents.filter(source_type="mandate").exists():
        raise ClaimError(_("Attach the mandate naming the mandatary and the members."))


def check_registered_members(group) -> None:
    """A registered group claiming with no members typed: the register names its members and mandatary."""
    current = GroupMembership.objects.current().filter(group=group)
    if not current.exists():
        raise ClaimError(_("The register names no members of this group: list them with their shares."))
    if not current.filter(is_mandatary=True).exists():
        raise ClaimError(_("The register names no mandatary of this group: list the members and tick one."))
