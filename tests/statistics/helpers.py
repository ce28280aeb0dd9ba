"""A commune's programme to count: village A with women holding alone, jointly and as members of families
and lineages (names with Ɓ ɛ ŋ), secondary rights and a mortgage; claims at several steps with known
durations; certificates; objections and disputes. A second commune (TD-C) holds the same kinds of records,
which the users of the first commune must never count.

The expected figures are counted in the tests with plain Python over these objects (``expected_*``), never
with the aggregate queries under test.
"""

import datetime as dt
import statistics
from collections import Counter, defaultdict
from fractions import Fraction

from landreg.accounts.roles import Role
from landreg.adjudication.claims import transitions as t
from landreg.adjudication.models import Claim, ClaimEvent
from landreg.adjudication.notice.objections import objection_lodge
from landreg.adjudication.profiles import profile_assign
from landreg.adjudication.states import ClaimState
from landreg.certificates.issuing.services import certificate_issue
from landreg.certificates.models import Certificate
from landreg.core import clock
from landreg.disputes.cases import transitions as moves
from landreg.disputes.cases.services import PartyInput
from landreg.disputes.models import DisputeCase
from landreg.parcels.services import parcel_record
from landreg.parties.models import GroupType, PartyKind
from landreg.parties.services import MemberShare, group_set_members, party_create
from landreg.rights.models import Right
from landreg.rights.services import HolderShare, right_register
from landreg.territory.models import UnitLevel
from landreg.territory.services import unit_create
from tests.adjudication.helpers import applicant, make_user
from tests.base import make_person
from tests.disputes.helpers import DisputeTestCase
from tests.geometries import square

PERIOD = (dt.date(2030, 1, 1), dt.date(2030, 12, 31))


class ProgrammeTestCase(DisputeTestCase):
    def setUp(self):
        super().setUp()
        self.commune_d = unit_create(
            level=UnitLevel.COMMUNE, code="TD-C", name="Other commune", parent=self.region
        )
        self.village_d = unit_create(
            level=UnitLevel.VILLAGE, code="TD-A", name="Village D", parent=self.commune_d
        )
        profile_assign(commune=self.commune_d, profile=self.profile)
        self.programme = make_user("programme", Role.PROGRAMME_OFFICER, self.commune)
        self.registrar_d = make_user("registrar_d", Role.REGISTRAR, self.commune_d)
        self.agent_d = make_user("agent_d", Role.FIELD_AGENT, self.village_d)
        self.disputes_d = make_user("disputes_d", Role.DISPUTE_ADMINISTRATOR, self.commune_d)
        self.slot = 0
        self.holdings(self.village_a)
        self.holdings(self.village_d)
        self.right_b = self.held(
            self.village_b, [HolderShare(make_person(self.village_b, "Zongo", "Fatimata"))]
        )
        self.claims()
        self.disputes_of_the_period()

    # --- registered land -----------------------------------------------------------------------------------
    def parcel(self, village):
        self.slot += 1
        return parcel_record(village=village, geometry=square(200 * self.slot, 3000), survey_method="gps")

    def held(self, village, holders, right_type="customaryType", tenure="customary", parcel=None):
        return right_register(
            parcel=parcel or self.parcel(village),
            right_type=right_type,
            holders=holders,
            tenure_system=tenure,
            legal_basis="Loi 034-2009/AN, art. 36",
        )

    def group(self, village, name, group_type, members):
        group = party_create(kind=PartyKind.GROUP, village=village, name=name, group_type=group_type)
        group_set_members(group=group, members=members)
        return group

    def holdings(self, village):
        woman, man = make_person(village, "Ɓaŋɔ", "Ɛlisabɛt"), make_person(village, "Ŋaba", "Salif", sex="M")
        kone, zongo = make_person(village, "Kɔnɛ", "Awa"), make_person(village, "Zongo", "Paul", sex="M")
        bibata, fanta = make_person(village, "Ɓibata", "Kaboré"), make_person(village, "Sawadogo", "Fanta")
        issa, salamata = (
            make_person(village, "Ŋaba", "Issa", sex="M"),
            make_person(village, "Kɔnɛ", "Salamata"),
        )
        left = make_person(village, "Ouédraogo", "Moussa", sex="M")
        self.held(village, [HolderShare(woman)])
        owned = self.held(village, [HolderShare(man)], right_type="ownership", tenure="formal")
        self.held(village, [HolderShare(kone, "1/3"), HolderShare(zongo, "2/3")])
        self.held(village, [HolderShare(woman, "1/2"), HolderShare(man, "1/2")])
        family = self.group(
            village,
            "Famille Ŋaba",
            GroupType.FAMILY,
            [MemberShare(bibata, "1/2", True), MemberShare(left, "1/2")],
        )
        # Moussa left the family (his membership ended): only the current members count.
        group_set_members(
            group=family,
            members=[MemberShare(bibata, "2/5", True), MemberShare(fanta, "1/5"), MemberShare(issa, "2/5")],
        )
        self.held(village, [HolderShare(family)], right_type="commonOwnership")
        lineage = self.group(
            village,
            "Lignage Kɔnɛ",
            GroupType.LINEAGE,
            [MemberShare(salamata, "1/3", True), MemberShare(zongo, "2/3")],
        )
        self.held(village, [HolderShare(lineage, "1/2"), HolderShare(kone, "1/2")])
        herders = self.group(
            village, "Éleveurs de Ɓogandé", GroupType.ASSOCIATION, [MemberShare(issa, "1", True)]
        )
        self.held(village, [HolderShare(herders)], right_type="grazing", parcel=owned.parcel)
        bank = party_create(kind=PartyKind.NON_NATURAL, village=village, name="Caisse populaire")
        self.held(village, [HolderShare(bank)], right_type="mortgage", tenure="formal", parcel=owned.parcel)

    # --- claims, with the time each step took --------------------------------------------------
    def claims(self):
        approved = self.draft(east=100, claimants=[applicant("Ɓaŋɔ", "Mariam", sex="F")])
        for days in (3, 2, 0, 6, 9, 4):  # days spent after each move (the notice adds its 30 days)
            self.step(approved)
            self.travel(days)
        approved.refresh_from_db()
        assert approved.state == ClaimState.READY_FOR_CERTIFICATE, approved.state
        self.travel(20)
        certificate_issue(right=approved.right, actor=self.registrar)
        on_notice = self.draft(east=400, claimants=[applicant("Ŋaba", "Awa", sex="F")])
        self.submitted(on_notice)
        self.travel(1)
        self.accepted(on_notice)
        self.travel(2)
        self.objection = objection_lodge(
            claim=on_notice,
            recorded_by=self.agent_a,
            objector_name="ZONGO Paul",
            objector_id_reference="CNIB B7654321",
            grounds="La limite nord empiète sur mon champ",
        )
        rejected = self.draft(east=700)
        self.submitted(rejected)
        self.travel(5)
        t.screening_start(claim=rejected, actor=self.registrar)
        self.travel(1)
        t.claim_reject(claim=rejected, actor=self.registrar, code="duplicate", note="Déjà demandée")
        self.draft(east=1000)  # still a draft
        lodged_b = self.draft(east=1300, village=self.village_b, agent=self.agent_b)
        self.submitted(lodged_b, agent=self.agent_b)
        # The other commune: a claim screened, a certificate.
        other = self.draft(east=1600, village=self.village_d, agent=self.agent_d)
        self.submitted(other, agent=self.agent_d)
        self.travel(2)
        t.screening_start(claim=other, actor=self.registrar_d)
        right_d = Right.objects.filter(parcel__village=self.village_d, right_type="customaryType").first()
        certificate_issue(right=right_d, actor=self.registrar_d)

    def disputes_of_the_period(self):
        agreed = self.file_case(kind="boundary", parcels=[self.parcel_a])
        self.travel(3)
        self.held_session(agreed)
        moves.agree(
            case=agreed,
            actor=self.conciliator,
            decided_on=clock.today(),
            summary="Les parties reconnaissent la limite.",
            signatures="KABORE Salif (empreinte), ZONGO Paul",
        )
        self.file_case(kind="ownership", parcels=[self.right_b.parcel], village=self.village_b)
        self.file_case(
            kind="boundary",
            village=self.village_d,
            actor=self.disputes_d,
            parcels=[Right.objects.filter(parcel__village=self.village_d).first().parcel],
            parties=[PartyInput("holder", "ƁAŊƆ Ɛlisabɛt", "F"), PartyInput("other", "ZONGO Paul", "M")],
        )


# --- figures counted here, in Python, over the objects ------------------------------------------------------
def villages_of(commune) -> set:
    return {v.pk for v in commune.children.all()}


def in_period(moment, period=PERIOD) -> bool:
    return period[0] <= moment.date() <= period[1]


def month_label(moment) -> dt.date:
    return moment.date().replace(day=1)


def expected_per_month(villages, period=PERIOD) -> dict:
    lodged, approved, issued = Counter(), Counter(), Counter()
    for event in ClaimEvent.objects.all():
        if event.claim.village_id not in villages or not in_period(event.occurred_at, period):
            continue
        if event.move == "submit" and event.from_state == ClaimState.DRAFT:
            lodged[month_label(event.occurred_at)] += 1
        if event.to_state == ClaimState.READY_FOR_CERTIFICATE:
            approved[month_label(event.occurred_at)] += 1
    for certificate in Certificate.objects.all():
        if certificate.village_id in villages and in_period(certificate.issued_at, period):
            issued[month_label(certificate.issued_at)] += 1
    return {"lodged": lodged, "approved": approved, "issued": issued}


def expected_states(villages, period=PERIOD) -> Counter:
    return Counter(
        c.state for c in Claim.objects.all() if c.village_id in villages and in_period(c.created_at, period)
    )


def events_by_claim(villages=None) -> dict:
    """Claim id → its moves in order (time, then id), of the given villages (all when None)."""
    by_claim = defaultdict(list)
    for event in ClaimEvent.objects.select_related("claim"):
        if villages is None or event.claim.village_id in villages:
            by_claim[event.claim_id].append(event)
    for events in by_claim.values():
        events.sort(key=lambda e: (e.occurred_at, e.id))
    return by_claim


def expected_stays(villages, period=PERIOD) -> dict:
    """State → list of days of the stays that ended in the period."""
    stays = defaultdict(list)
    for events in events_by_claim(villages).values():
        for entered, left in zip(events, events[1:], strict=False):
            if in_period(left.occurred_at, period):
                stays[entered.to_state].append(
                    (left.occurred_at - entered.occurred_at).total_seconds() / 86400
                )
    return {state: (len(days), statistics.median(days), max(days)) for state, days in stays.items()}


def expected_holders(villages, moment) -> dict:
    """(category, sex) → [persons set, holdings, exact shares, hectares]."""
    tallies = defaultdict(lambda: [set(), 0, Fraction(0), 0.0])

    def add(key, person, share, area):
        tally = tallies[key]
        tally[0].add(person.pk)
        tally[1] += 1
        tally[2] += share
        tally[3] += float(share) * area / 10_000

    for right in Right.objects.all():
        alive = right.begin_lifespan <= moment and (right.end_lifespan is None or right.end_lifespan > moment)
        primary = right.right_type.kind == "right" and not right.right_type.is_secondary
        if not (alive and primary and right.parcel.village_id in villages):
            continue
        holders = list(right.holders.all())
        for holder in holders:
            party = holder.party
            if party.kind == PartyKind.NATURAL:
                add(
                    ("alone" if len(holders) == 1 else "joint", party.sex),
                    party,
                    holder.share,
                    right.parcel.area_m2,
                )
            elif party.kind == PartyKind.GROUP:
                for membership in party.memberships.all():
                    current = membership.begin_lifespan <= moment and (
                        membership.end_lifespan is None or membership.end_lifespan > moment
                    )
                    if current and membership.member.kind == PartyKind.NATURAL:
                        share = holder.share * membership.share
                        add(
                            ("collective", membership.member.sex),
                            membership.member,
                            share,
                            right.parcel.area_m2,
                        )
    return tallies


def expected_right_types(villages, moment) -> Counter:
    counts = Counter()
    for right in Right.objects.all():
        alive = right.begin_lifespan <= moment and (right.end_lifespan is None or right.end_lifespan > moment)
        if alive and right.parcel.village_id in villages:
            counts[right.right_type.label_en, right.tenure_system] += 1
    return counts


def expected_disputes(villages, period=PERIOD) -> dict:
    cases = [
        c for c in DisputeCase.objects.all() if c.village_id in villages and in_period(c.opened_at, period)
    ]
    by_kind = defaultdict(list)
    for case in cases:
        by_kind[case.kind].append(case)
    return {
        "by_kind": {
            kind: {
                "opened": len(group),
                "objections": sum(1 for c in group if c.origin == "objection"),
                "open": sum(1 for c in group if c.closed_at is None),
                "days": [(c.closed_at - c.opened_at).total_seconds() / 86400 for c in group if c.closed_at],
            }
            for kind, group in by_kind.items()
        },
        "by_status": Counter(c.status for c in cases),
    }
