"""The reads of a person's page (a natural person, or a group or collective holding), each scoped to what the
user may see, the way the lists and the parcel page scope theirs: the person only in a village where the user
sees records (parties_visible_to); their rights on the parcels of those villages (parcels_visible_to), their
claims and objections as claims_visible_to, their certificates as certificates_visible_to, their dispute
cases as cases_visible_to; personal data only where the user may see the person's village's
(parties.choice_labels.PartyLabels, as the header search and the lists of choices).

One statement a list, whatever the number of rows: the groups the person belongs or belonged to are read
first, and every other list is read for the person and those groups at once (their ids as parameters), as
values, with the names and labels the page prints. A row of a group's right or claim names the group it comes
through. A group's right is the person's while both ran at once: the right's lifespan and one of their
memberships of the group overlap (group_set_members ends every membership of a group and begins the kept ones
anew, so a member's time in a group is a run of memberships, each ending when the next begins).
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

from landreg.accounts.selectors import covers_path, sees_village_records, villages_covered
from landreg.adjudication.claims.roles import claimant_role_said
from landreg.adjudication.models import Claim, Claimant, Objection, claim_state_said
from landreg.certificates.models import Certificate, CertificateStatus
from landreg.core import clock
from landreg.core.db.id_lists import InList
from landreg.core.search.collation import NameOrder
from landreg.disputes.models import DisputeCase, DisputeParty
from landreg.disputes.selectors import FOLLOWING, cases_visible_to
from landreg.disputes.states import DisputeRole
from landreg.parties.choice_labels import PartyLabels
from landreg.parties.models import GroupMembership, Party, PartyKind, PartyVersion, display_name_of
from landreg.parties.role_words import role_said
from landreg.parties.selectors import parties_visible_to
from landreg.rights.models import Right, RightHolder, in_force_on, right_type_label
from landreg.web.lists.page import detail_url


@dataclass(frozen=True)
class GroupRef:
    """A group the person belongs to (or a right, claim or case comes through): its name, and its page's
    address when the user may see the group (empty otherwise)."""

    pk: uuid.UUID
    name: str
    url: str


@dataclass(frozen=True)
class MembershipRow:
    """A membership: of the person in a group (``who`` is the group) or of a member in the group whose page
    it is (``who`` is the member, with what tells namesakes apart as the user may see it)."""

    who: GroupRef
    share: str
    is_mandatary: bool
    kind: str = ""  # the group's type or the member's kind, as the page prints it
    traits: tuple[str, ...] = ()
    since: dt.datetime | None = None  # of the person's groups: since when on these terms (share, role)
    until: dt.datetime | None = None  # of a past membership: when it ended


@dataclass(frozen=True)
class HoldingRow:
    right_pk: uuid.UUID
    parcel_url: str
    parcel_number: str
    village: str
    right_type: str
    tenure: str
    share: str  # the person's share of the right, or the group's when it comes through a group
    start_date: object
    end_date: object
    ended_at: object  # when the right ended in the register, or its term's last day (None: in force)
    through: GroupRef | None  # the group that holds it, when the person holds it as a member


@dataclass(frozen=True)
class ClaimRow:
    url: str
    receipt_number: str | None
    purpose: str
    state: str
    village: str
    role: str
    through: GroupRef | None
    member_until: dt.datetime | None = None  # through a group the person has left: when they left it


@dataclass(frozen=True)
class CertificateRow:
    url: str
    number: str
    status: str
    issue_date: object
    parcel_url: str
    parcel_number: str
    through: GroupRef | None
    superseded: bool = False  # its right or parcel ended or changed since issue (Certificate.is_superseded)


@dataclass(frozen=True)
class CaseRow:
    url: str
    number: str
    status: str
    kind: str
    subject: str
    role: str
    opened_at: object
    through: GroupRef | None
    member_until: dt.datetime | None = None  # through a group the person has left: when they left it


@dataclass(frozen=True)
class ObjectionRow:
    claim_url: str
    receipt_number: str | None
    lodged_on: object
    grounds: str
    case_url: str  # empty when the user does not follow the village's cases
    case_number: str


@dataclass(frozen=True)
class NameCorrectionRow:
    """A correction of the person's name (last name, first names, or a group's name): the day the corrected
    version began, the names before and after, and the reason the correction gave (its act and receipt)."""

    on: dt.datetime
    before: str
    after: str
    reason: str


@dataclass
class PersonPage:
    person: Party
    personal: bool  # the user may see the personal data of the person's village
    groups: list[MembershipRow] = field(default_factory=list)
    past_groups: list[MembershipRow] = field(default_factory=list)
    members: list[MembershipRow] = field(default_factory=list)
    rights: list[HoldingRow] = field(default_factory=list)
    past_rights: list[HoldingRow] = field(default_factory=list)
    claims: list[ClaimRow] = field(default_factory=list)
    certificates: list[CertificateRow] = field(default_factory=list)
    cases: list[CaseRow] = field(default_factory=list)
    objections: list[ObjectionRow] = field(default_factory=list)
    name_corrections: list[NameCorrectionRow] = field(default_factory=list)  # for ``personal`` readers only


def _choices(model, name: str) -> dict:
    return {code: str(label) for code, label in model._meta.get_field(name).flatchoices}


def _share(numerator: int, denominator: int) -> str:
    return f"{numerator}/{denominator}"


class _Links:
    """The pages' addresses, reversed once a page (lists.page.detail_url), and whether the user sees a unit's
    records (from its path and level, the user's permissions read once a request)."""

    def __init__(self, user):
        self.user = user
        self.person = detail_url("web:person")
        self.parcel = detail_url("web:parcel-detail")
        self.claim = detail_url("adjudication:claim-detail")
        self.certificate = detail_url("certificates:detail")
        self.case = detail_url("disputes:case")

    def sees(self, path: str, level: str) -> bool:
        return sees_village_records(self.user, path, level)

    def person_if_seen(self, pk, path: str, level: str) -> str:
        return self.person(pk) if self.sees(path, level) else ""


def person_page_for(user, pk) -> PersonPage | None:
    """What the page of the party ``pk`` shows to ``user``; None when the user may not see that party."""
    person = (
        parties_visible_to(user)
        .select_related("village__parent")
        .defer("village__boundary", "village__parent__boundary")
        .filter(pk=pk)
        .first()
    )
    if person is None:
        return None
    labels = PartyLabels(user)
    links = _Links(user)
    page = PersonPage(person=person, personal=labels.personal_at(person.village.path))
    memberships = _memberships_of(person, links)
    page.groups, page.past_groups = memberships.current, memberships.past
    through = {row.who.pk: row.who for row in page.groups}
    left = _left(memberships, through)
    if person.kind == PartyKind.GROUP:
        page.members = _members_of(person, links, labels)
    page.rights, page.past_rights = _holdings(user, person, memberships, links)
    page.claims = _claims(user, person, through, links, left)
    page.certificates = _certificates(user, page.rights + page.past_rights, links)
    page.cases = _cases(user, person, through, links, left)
    page.objections = _objections(user, person, links)
    if page.personal:
        page.name_corrections = _name_corrections(person)
    return page


def _name_corrections(person: Party) -> list[NameCorrectionRow]:
    """The corrections of the person's name, the earliest first, from the party's typed history (each
    correction approved writes a new version with its reason: adjudication.changes.later_life): one version
    after another whose names differ. Shown only to those who see the personal data of the person's village:
    the staff who deal with the person's records, not a committee or another village."""
    versions = PartyVersion.objects.filter(party=person).order_by("version")
    found = versions.values_list(
        "kind", "last_name", "first_names", "name", "begin_lifespan", "change_reason"
    )
    rows, before = [], None
    for kind, last_name, first_names, name, begun, reason in found:
        named = display_name_of(kind, last_name, first_names, name)
        if before is not None and named != before:
            rows.append(NameCorrectionRow(on=begun, before=before, after=named, reason=reason))
        before = named
    return rows


Period = tuple[dt.datetime, dt.datetime | None]  # a lifespan: begin, end (None: still running)


@dataclass
class Memberships:
    """The person's memberships: the current ones and the past ones as the page lists them (a run of
    memberships on the same terms read as one), each group as the page names it, and the periods the person
    was a member of each group (to tell which of its rights were theirs)."""

    current: list[MembershipRow] = field(default_factory=list)
    past: list[MembershipRow] = field(default_factory=list)
    groups: dict[uuid.UUID, GroupRef] = field(default_factory=dict)
    periods: dict[uuid.UUID, list[Period]] = field(default_factory=dict)


def _memberships_of(person: Party, links: _Links) -> Memberships:
    """Every membership of the person, current and ended, the group's page linked where the user sees it;
    the latest ended first."""
    types = _choices(Party, "group_type")
    found = (
        GroupMembership.objects.filter(member=person)
        .order_by("group__name", "group_id", "begin_lifespan", "pk")
        .values_list(
            "group_id",
            "group__name",
            "group__group_type",
            "group__village__path",
            "group__village__level",
            "share_numerator",
            "share_denominator",
            "is_mandatary",
            "begin_lifespan",
            "end_lifespan",
        )
    )
    read = Memberships()
    runs: list[list] = []  # [group, kind, share, mandatary, begin, end]
    refs: dict[uuid.UUID, GroupRef] = {}
    for pk, name, group_type, path, level, numerator, denominator, mandatary, begin, end in found:
        if end is not None and timezone.localdate(begin) == timezone.localdate(end):
            # Begun and ended the same day (a member list corrected the day it was set): no membership. It is
            # neither listed among past memberships nor a period when the group's rights, claims or cases were
            # the person's, and the terms before and after it read as one run.
            continue
        if pk not in refs:
            refs[pk] = GroupRef(pk=pk, name=name, url=links.person_if_seen(pk, path, level))
        kind, share = types.get(group_type, group_type), _share(numerator, denominator)
        last = runs[-1] if runs else None
        if (
            last
            and last[0] == pk
            and last[2:4] == [share, mandatary]
            and last[5] is not None
            and timezone.localdate(last[5]) == timezone.localdate(begin)
        ):
            last[5] = end  # the same terms again when the group's members were set anew: one run
        else:
            runs.append([pk, kind, share, mandatary, begin, end])
    for pk, kind, share, mandatary, begin, end in runs:
        read.groups.setdefault(pk, refs[pk])
        read.periods.setdefault(pk, []).append((begin, end))
        row = MembershipRow(
            who=read.groups[pk], share=share, is_mandatary=mandatary, kind=kind, since=begin, until=end
        )
        (read.current if end is None else read.past).append(row)
    read.past.sort(key=lambda row: row.until, reverse=True)
    return read


MEMBER_COLUMNS = (
    "member_id", "member__kind", "member__last_name", "member__first_names", "member__name", "member__sex",
    "member__birth_date", "member__birth_date_is_approximate", "member__id_document_number",
    "member__domicile", "member__village__name", "member__village__path", "member__village__level",
    "share_numerator", "share_denominator", "is_mandatary",
)  # fmt: skip


def _members_of(group: Party, links: _Links, labels: PartyLabels) -> list[MembershipRow]:
    """The group's current members, its mandatary first, each with what tells namesakes apart as the user
    may see it (their year of birth and ID number only where the user sees their village's personal data)."""
    kinds = _choices(Party, "kind")
    found = (
        GroupMembership.objects.filter(group=group, end_lifespan__isnull=True)
        .order_by(
            "-is_mandatary",
            NameOrder("member__last_name"),
            NameOrder("member__first_names"),
            NameOrder("member__name"),
            "pk",
        )
        .values_list(*MEMBER_COLUMNS)
    )
    rows = []
    for (
        pk, kind, last_name, first_names, name, sex, birth_date, approximate, id_number, domicile,
        village, path, level, numerator, denominator, mandatary,
    ) in found:  # fmt: skip
        traits = labels.traits(
            kind=kind,
            sex=sex,
            birth_date=birth_date,
            birth_date_is_approximate=approximate,
            id_document_number=id_number,
            domicile=domicile,
            village_name=village,
            village_path=path,
        )
        shown = display_name_of(kind, last_name, first_names, name)
        rows.append(
            MembershipRow(
                who=GroupRef(pk=pk, name=shown, url=links.person_if_seen(pk, path, level)),
                share=_share(numerator, denominator),
                is_mandatary=mandatary,
                kind="" if kind == PartyKind.NATURAL else kinds.get(kind, kind),
                traits=tuple(traits),
            )
        )
    return rows


def _held_by(person: Party, through: dict, prefix: str = "") -> Q:
    """The rows of the person (``prefix`` the path to the party column), or of a group they are a current
    member of."""
    return Q(**{f"{prefix}party": person}) | Q(**{f"{prefix}party__in": list(through)})


def _overlap_end(right: Period, periods: list[Period]) -> tuple[bool, dt.datetime | None]:
    """Whether the right ran during one of the periods, and when the last such stretch ended (None: it still
    runs)."""
    shared, last_end = False, dt.datetime.min.replace(tzinfo=dt.UTC)
    for begin, end in periods:
        starts = max(right[0], begin)
        ends = min((moment for moment in (right[1], end) if moment is not None), default=None)
        if ends is not None and ends <= starts:
            continue
        shared = True
        if ends is None:
            return True, None
        last_end = max(last_end, ends)
    return shared, last_end


def _holdings(user, person: Party, memberships: Memberships, links: _Links) -> tuple[list, list]:
    """The rights on the parcels the user may see held by the person, and those of the groups they are or
    were a member of while they were: (current, ended), parcels in number order, the latest ended first. A
    group's right is current for the person while both it and their membership run; it ended for them when
    the right ended or they left the group, whichever came first."""
    tenures = _choices(Right, "tenure_system")
    held = Q(party=person) | Q(party__in=list(memberships.groups))
    # Whether the right is in force today (rights.models.in_force_on): not a lease or loan past its end date.
    in_force = in_force_on(clock.today(), prefix="right__")
    found = (
        RightHolder.objects.filter(held, right__parcel__village__in=villages_covered(user, "view_records"))
        .annotate(in_force=ExpressionWrapper(in_force, output_field=BooleanField()))
        .order_by("right__parcel__number", "right__right_type__kind", "right__right_type__code", "pk")
        .values_list(
            "right_id",
            "party_id",
            "share_numerator",
            "share_denominator",
            "right__right_type__label_fr",
            "right__right_type__label_en",
            "right__tenure_system",
            "right__start_date",
            "right__end_date",
            "right__begin_lifespan",
            "right__end_lifespan",
            "in_force",
            "right__parcel_id",
            "right__parcel__number",
            "right__parcel__village__name",
        )
    )
    current, ended = [], []
    for (
        right, party, numerator, denominator, label_fr, label_en, tenure, start, end, begun_at, ended_at,
        in_force, parcel, number, village,
    ) in found:  # fmt: skip
        through = None
        if party != person.pk:
            through = memberships.groups[party]
            shared, ended_at = _overlap_end((begun_at, ended_at), memberships.periods[party])
            if not shared:  # the group held it before the person joined or after they left
                continue
        row = HoldingRow(
            right_pk=right,
            parcel_url=links.parcel(parcel),
            parcel_number=number,
            village=village,
            right_type=right_type_label(label_fr, label_en),
            tenure=tenures.get(tenure, tenure),
            share=_share(numerator, denominator),
            start_date=start,
            end_date=end,
            # ended by the register (or the membership), or else on its own term's last day (a lease or loan
            # past its end date)
            ended_at=ended_at if ended_at is not None or in_force else end,
            through=through,
        )
        (current if in_force and ended_at is None else ended).append(row)
    ended.sort(key=_ended_day, reverse=True)
    return current, ended


def _ended_day(row) -> dt.date:
    """The day a past holding ended, to order them (a right ended by the register: a time; by its term: a
    day)."""
    ended = row.ended_at
    return timezone.localdate(ended) if isinstance(ended, dt.datetime) else ended


@dataclass(frozen=True)
class _Left:
    """The groups the person has left (no current membership), each with the periods they were a member."""

    groups: dict[uuid.UUID, GroupRef]
    periods: dict[uuid.UUID, list[Period]]

    def during(self, moment: str) -> Q:
        """The rows of a group left whose ``moment`` (a lookup: the claim's lodging, the case's opening) falls
        in one of the person's periods in it: the group's claims and cases of their time there, not later."""
        found = Q(pk__in=[])
        for group, periods in self.periods.items():
            for begin, end in periods:
                found |= Q(party=group, **{f"{moment}__gte": begin, f"{moment}__lt": end})
        return found

    def until(self, group, moment) -> dt.datetime | None:
        """When the person left ``group`` after ``moment`` (None when the row is not a group left's)."""
        return next((end for begin, end in self.periods.get(group, []) if begin <= moment < end), None)


def _left(memberships: Memberships, through: dict) -> _Left:
    groups = {pk: ref for pk, ref in memberships.groups.items() if pk not in through}
    return _Left(groups=groups, periods={pk: memberships.periods[pk] for pk in groups})


def _claims(user, person: Party, through: dict, links: _Links, left: _Left) -> list[ClaimRow]:
    """The claims naming the person (or a group of theirs) as a registered party, the latest first; of a group
    the person has left, those lodged while they were a member, said so with the day they left."""
    purposes = _choices(Claim, "purpose")
    roles = _choices(Claimant, "role")
    found = (
        Claimant.objects.filter(
            _held_by(person, through) | left.during("claim__created_at"),
            claim__village__in=villages_covered(user, "view_records"),
        )
        .order_by("-claim__created_at", "claim_id", "pk")
        .values_list(
            "claim_id",
            "claim__receipt_number",
            "claim__purpose",
            "claim__state",
            "claim__village__name",
            "role",
            "party_id",
            "claim__created_at",
        )
    )
    rows, seen = [], set()
    for claim, number, purpose, state, village, role, party, lodged in found:
        if (claim, party) in seen:  # a mandatary is named once as such: one row a claim and person
            continue
        seen.add((claim, party))
        rows.append(
            ClaimRow(
                url=links.claim(claim),
                receipt_number=number,
                purpose=purposes.get(purpose, purpose),
                state=claim_state_said(state=state, purpose=purpose),
                village=village,
                # The person's own part in their sex's word; a group's part (through a group) in the neutral.
                role=claimant_role_said(
                    role=role,
                    purpose=purpose,
                    state=state,
                    kind=person.kind if party == person.pk else PartyKind.GROUP,
                    sex=person.sex if party == person.pk else "",
                    label=roles.get(role, role),
                ),
                through=None if party == person.pk else through.get(party) or left.groups.get(party),
                member_until=left.until(party, lodged),
            )
        )
    return rows


def _certificates(user, holdings: list[HoldingRow], links: _Links) -> list[CertificateRow]:
    """The certificates of the rights the person holds or held (``holdings``: theirs and their groups' while
    they were members), the latest first, revoked and superseded ones too (a seller's certificate stays
    theirs to find): each once, named through a group only when the person does not hold the right
    themselves."""
    through: dict[uuid.UUID, GroupRef | None] = {}
    for row in holdings:
        if row.through is None or row.right_pk not in through:  # held themselves: said so, not the group
            through[row.right_pk] = row.through
    if not through:
        return []
    statuses = _choices(Certificate, "status")
    found = (
        Certificate.objects.filter(
            InList("right_id", list(through)), village__in=villages_covered(user, "view_records")
        )
        .order_by("-issued_at", "number")
        .values_list(
            "pk", "number", "status", "issue_date", "parcel_id", "parcel__number", "right_id",
            "right__end_lifespan", "right__version", "right_version", "parcel__end_lifespan",
            "parcel__version", "parcel_version",
        )
    )  # fmt: skip
    rows = []
    for (
        pk, number, status, issued, parcel, parcel_number, right, right_ended, right_version, issued_right,
        parcel_ended, parcel_version, issued_parcel,
    ) in found:  # fmt: skip
        changed = right_ended is not None or parcel_ended is not None
        changed = changed or right_version != issued_right or parcel_version != issued_parcel
        rows.append(
            CertificateRow(
                url=links.certificate(pk),
                number=number,
                status=statuses.get(status, status),
                issue_date=issued,
                parcel_url=links.parcel(parcel),
                parcel_number=parcel_number,
                through=through[right],
                superseded=changed and status != CertificateStatus.REVOKED,
            )
        )
    return rows


def _cases(user, person: Party, through: dict, links: _Links, left: _Left) -> list[CaseRow]:
    """The dispute cases naming the person (or a group of theirs) as a registered party, of the villages
    whose cases the user follows, the latest first; of a group the person has left, those opened while they
    were a member, said so with the day they left."""
    statuses, kinds = _choices(DisputeCase, "status"), _choices(DisputeCase, "kind")
    roles = _choices(DisputeParty, "role")
    found = (
        DisputeParty.objects.filter(
            _held_by(person, through) | left.during("case__opened_at"),
            case__in=cases_visible_to(user).values("pk"),
        )
        .order_by("-case__opened_at", "case_id", "pk")
        .values_list(
            "case_id",
            "case__number",
            "case__status",
            "case__kind",
            "case__subject",
            "case__opened_at",
            "role",
            "party_id",
        )
    )
    return [
        CaseRow(
            url=links.case(case),
            number=number,
            status=statuses.get(status, status),
            kind=kinds.get(kind, kind),
            subject=subject,
            role=role_said(
                role,
                kind=person.kind if party == person.pk else PartyKind.GROUP,
                sex=person.sex if party == person.pk else "",
                otherwise=roles.get(role, role),
            ),
            opened_at=opened,
            through=None if party == person.pk else through.get(party) or left.groups.get(party),
            member_until=left.until(party, opened),
        )
        for case, number, status, kind, subject, opened, role, party in found
    ]


def _objections(user, person: Party, links: _Links) -> list[ObjectionRow]:
    """The objections the person lodged (the objector of the case each opened), on the claims the user may
    see, the latest first; the case linked where the user follows the village's cases (cases_visible_to)."""
    found = (
        Objection.objects.filter(
            dispute__parties__party=person,
            dispute__parties__role=DisputeRole.OBJECTOR,
            claim__village__in=villages_covered(user, "view_records"),
        )
        .order_by("-lodged_on", "pk")
        .values_list(
            "pk",
            "claim_id",
            "claim__receipt_number",
            "lodged_on",
            "grounds",
            "dispute_id",
            "dispute__number",
            "dispute__village__path",
        )
    )
    rows, seen = [], set()
    for pk, claim, number, lodged, grounds, case, case_number, path in found:
        if pk in seen:  # the person named twice as an objector of one case
            continue
        seen.add(pk)
        follows = any(covers_path(user, codename, path) for codename in FOLLOWING)
        rows.append(
            ObjectionRow(
                claim_url=links.claim(claim),
                receipt_number=number,
                lodged_on=lodged,
                grounds=grounds,
                case_url=links.case(case) if follows else "",
                case_number=case_number,
            )
        )
    return rows
