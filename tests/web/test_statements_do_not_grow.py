"""Every list and detail page of the registry reads as many statements for five rows, or five related items,
as for one: a statement a row (a holder, a member, a party, a claimant) costs nothing on a test village and
makes a page of fifty families wait for a core under load (docs/scale.md, "Under load").

Two villages of one commune are filled alike, village A with one of everything and village B with five: five
parcels held by a lineage of five members with four co-holders (a collective holding), each with its
certificate, its sale to five buyers, a dispute of five parties, a family's claims of five members at the
notice, at the site visit and in draft. A user of each village opens each page on its village's objects: the
two counts must be equal. Every page the web app routes is either measured here or named in NOT_MEASURED
with the reason, so that a new page is measured from its first day.
"""

import datetime as dt
import html
from dataclasses import dataclass, field

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from landreg.accounts.roles import Role
from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.claims import transitions as moves
from landreg.adjudication.claims.services import ClaimantInput
from landreg.adjudication.models import AttendeeRole, ClaimantRole, SignatureMark
from landreg.adjudication.notice.objections import objection_lodge
from landreg.adjudication.site.visits import AttendeeInput, site_visit_record
from landreg.adjudication.states import ClaimState
from landreg.certificates.issuing.services import certificate_issue_for_parcel
from landreg.core import clock
from landreg.disputes.cases.services import PartyInput, dispute_file
from landreg.parcels.services import parcel_record
from landreg.parties.models import GroupType, PartyKind, Sex
from landreg.parties.services import MemberShare, group_set_members, party_create
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.helpers import AdjudicationTestCase, make_user
from tests.base import make_person
from tests.geometries import square

FIRST_NAMES = ("Ɓintou", "Ŋaba", "Kɔnɛ Salif", "Ɓukari", "Ŋani")

# The namespaces of the web app's pages (the API, OGC API, tiles, OpenRosa and the admin: their own tests).
PAGE_NAMESPACES = {
    "web",
    "adjudication",
    "certificates",
    "disputes",
    "registers",
    "statistics",
    "parcels",
    "backups",
}

# Routed, not measured here, and why.
NOT_MEASURED = {
    # Answers that are not a page of rows: files, tiles, forms that only take a POST.
    "web:None": "favicon",
    "web:basemap-tile": "a map tile",
    "web:parcel-list-csv": "a spreadsheet (tests/web/test_parcel_list_spreadsheet)",
    "web:map": "the map page: its parcels come from the tiles",
    "web:public-map": "the map page: its parcels come from the tiles",
    "web:public-verify": "a form",
    "web:public-register": "a search form; its results are the public village and parcel pages",
    "adjudication:notice-boards": "every village with its count of claims on notice, in one statement",
    "adjudication:notice-board-pdf": "a PDF",
    "adjudication:claim-receipt": "a PDF",
    "adjudication:site-record": "a PDF",
    "adjudication:claim-minutes": "a PDF",
    "adjudication:session-minutes": "a PDF",
    # Routed on main while this test was written: one lease or loan and its holders; to measure next.
    "adjudication:secondary-right-end": "not yet measured (one lease or loan, ended before its term)",
    "adjudication:mortgage-release": "not yet measured (one mortgage, released: reads it and its creditor)",
    "adjudication:claim-new": "an empty form (tests/adjudication/test_people_rows_read_once)",
    "adjudication:claim-document": "POST only",
    "adjudication:vote": "POST only",
    "adjudication:objection": "POST only",
    "certificates:list-csv": "a spreadsheet",
    "certificates:issue": "POST only",
    "certificates:print": "POST only (a PDF)",
    "certificates:sign": "POST only",
    "certificates:revoke": "POST only",
    "certificates:deliver": "POST only",
    "certificates:lost": "POST only",
    "certificates:batch-create": "POST only",
    "certificates:batch": "one print run: its progress, no rows",
    "certificates:batch-download": "a file",
    "certificates:verify": "one certificate (tests/web/test_statements_per_page)",
    "certificates:jwks": "the public keys",
    "disputes:case-new": "an empty form",
    "disputes:case-party": "POST only",
    "disputes:case-document": "POST only",
    "disputes:case-homologation": "POST only",
    "disputes:case-homologation-refusal": "POST only",
    "disputes:case-withdrawal": "POST only",
    "disputes:case-move": "POST only",
    "disputes:outcome-pdf": "a PDF",
    "statistics:report": "a PDF",
    "statistics:csv": "a spreadsheet",
    "registers:parcel-extract": "a PDF",
    "registers:download": "a file",
    "parcels:import": "a form and the list of import jobs, which hold no rows of the register",
    "parcels:import-job": "one import job",
    "parcels:import-retry": "POST only",
    "parcels:export": "a file",
    "backups:page": "the backup archives, files of the server, not rows of the register",
    "backups:download": "a file",
}


def routed_pages() -> set[str]:
    """« namespace:name » of every route of the web app's namespaces."""
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace in PAGE_NAMESPACES:
                names.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return names


@dataclass
class Village:
    """A village's objects, ``size`` of each, each with ``size`` related items."""

    unit: object
    size: int
    users: dict = field(default_factory=dict)
    lineage: object = None
    members: list = field(default_factory=list)
    buyers: list = field(default_factory=list)
    holders: list = field(default_factory=list)
    parcels: list = field(default_factory=list)
    certificates: list = field(default_factory=list)
    applications: list = field(default_factory=list)
    cases: list = field(default_factory=list)
    drafts: list = field(default_factory=list)
    on_notice: list = field(default_factory=list)
    at_site: list = field(default_factory=list)


class StatementsDoNotGrowTests(AdjudicationTestCase):
    def people(self, village, count: int, tag: str, last_name: str) -> list:
        return [
            make_person(
                village,
                last_name=last_name,
                first_names=f"{FIRST_NAMES[n % 5]} {tag}{n}",
                sex=Sex.FEMALE if n % 2 else Sex.MALE,
                id_document_type="national_id",
                id_document_number=f"B{tag}{n:06d}",
                birth_date=dt.date(1970 + n, 3, 1),
            )
            for n in range(count)
        ]

    def family_claimants(self, world: Village, tag: str) -> list[ClaimantInput]:
        """A family claiming through its mandatary: the family, then each member (registered people)."""
        n = world.size
        claimants = [ClaimantInput(kind="group", name=f"Famille Ŋaba {tag}", group_type="family")]
        claimants += [
            ClaimantInput(
                party=person,
                share=f"1/{n}",
                role=ClaimantRole.MANDATARY if i == 0 else ClaimantRole.MEMBER,
            )
            for i, person in enumerate(world.members)
        ]
        return claimants

    def family_claim(self, world: Village, tag: str, east: int, north: int):
        claim = self.draft(
            east=east,
            north=north,
            claimants=self.family_claimants(world, tag),
            village=world.unit,
            agent=world.users["agent"],
        )
        self.attach(claim, "mandate", agent=world.users["agent"])
        return claim

    def fill(self, unit, size: int, north: int) -> Village:
        world = Village(unit=unit, size=size)
        code = unit.code
        for role, name in (
            (Role.REGISTRAR, "registrar"),
            (Role.SIGNING_AUTHORITY, "mayor"),
            (Role.CONCILIATION_COMMITTEE, "conciliator"),
            (Role.DISPUTE_ADMINISTRATOR, "disputes"),
            (Role.COMMITTEE_PRESIDENT, "president"),
            (Role.FIELD_AGENT, "agent"),
        ):
            world.users[name] = make_user(f"{name}_{code}", role, unit)
        world.members = self.people(unit, size, f"{code}M", "Ŋaba")
        world.lineage = party_create(
            kind=PartyKind.GROUP, village=unit, name=f"Lignage Ɓɔɔ {code}", group_type=GroupType.LINEAGE
        )
        group_set_members(
            group=world.lineage,
            members=[
                MemberShare(member=p, share=f"1/{size}", is_mandatary=i == 0)
                for i, p in enumerate(world.members)
            ],
        )
        # Beside the lineage, for five: two families (each of two members) and two people hold the land.
        families = []
        for k in range((size - 1) // 2):
            family = party_create(
                kind=PartyKind.GROUP,
                village=unit,
                name=f"Famille Kaboré {code}{k}",
                group_type=GroupType.FAMILY,
            )
            kin = self.people(unit, 2, f"{code}F{k}", "Kaboré")
            group_set_members(
                group=family,
                members=[MemberShare(member=p, share="1/2", is_mandatary=j == 0) for j, p in enumerate(kin)],
            )
            families.append(family)
        co_holders = families + self.people(unit, size - 1 - len(families), f"{code}H", "Kaboré")
        world.holders = [world.lineage, *co_holders]
        buyers = world.buyers = self.people(unit, size, f"{code}B", "Ouédraogo")
        registrar = world.users["registrar"]
        for i in range(size):
            parcel = parcel_record(village=unit, geometry=square(200 * i, north), survey_method="gps")
            right = right_register(
                parcel=parcel,
                right_type="customaryType",
                holders=[HolderShare(party=p, share=f"1/{size}") for p in [world.lineage, *co_holders]],
                tenure_system="customary",
                legal_basis="Loi 034-2009/AN, art. 36",
            )
            world.parcels.append(parcel)
            certificate, _new = certificate_issue_for_parcel(
                parcel=parcel, actor=registrar, base_url="http://testserver"
            )
            world.certificates.append(certificate)
            world.applications.append(
                change_draft(
                    actor=registrar,
                    kind="sale",
                    right=right,
                    new_holders=[ClaimantInput(party=b, share=f"1/{size}") for b in buyers],
                    data={"reason": f"Vente, acte {i + 1}/2030"},
                )
            )
            # Held alike but not yet certified (the print queue's rows), and disputed.
            contested = parcel_record(
                village=unit, geometry=square(200 * i, north + 200), survey_method="gps"
            )
            right_register(
                parcel=contested,
                right_type="customaryType",
                holders=[HolderShare(party=p, share=f"1/{size}") for p in [world.lineage, *co_holders]],
                tenure_system="customary",
                legal_basis="Loi 034-2009/AN, art. 36",
            )
            world.cases.append(
                dispute_file(
                    actor=world.users["disputes"],
                    village=unit,
                    subject=f"Limite contestée {i + 1}",
                    parties=[
                        PartyInput("holder" if j == 0 else "other", p.display_name, p.sex, p)
                        for j, p in enumerate(world.members)
                    ],
                    parcels=[contested],
                )
            )
            world.drafts.append(self.family_claim(world, f"{code} brouillon {i}", 200 * i, north + 400))
        return world

    def submitted_and_accepted(self, world: Village, tag: str, north: int) -> list:
        """``size`` family claims, submitted and accepted: their notice starts today."""
        claims = []
        for i in range(world.size):
            claim = self.family_claim(world, f"{world.unit.code} {tag} {i}", 200 * i, north)
            claim = self.submitted(claim, agent=world.users["agent"])
            claims.append(self.accepted(claim))
        return claims

    def statements(self, user, address: str) -> tuple[int, str]:
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        self.client.get(address)  # the process's caches: permissions kept, content types
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(address)
        assert response.status_code == 200, (address, response.status_code)
        return len(captured), html.unescape(response.content.decode())

    def pages(self, world: Village) -> dict[str, list[tuple[str, str]]]:
        """{route: [(user, address)]}: what each route shows of the village ``world``."""
        code, unit = world.unit.code, world.unit
        parcel, claim = world.parcels[0], world.on_notice[0]
        return {
            "web:home": [("registrar", "/"), ("conciliator", "/"), ("mayor", "/"), ("president", "/")],
            "web:search": [("registrar", "/search/?q=Ŋaba"), ("registrar", "/search/?q=Kaboré")],
            "web:parcel-list": [("registrar", "/parcels/")],
            "web:parcel-detail": [("registrar", f"/parcels/{parcel.pk}/")],
            "web:person": [
                ("registrar", f"/people/{world.lineage.pk}/"),
                ("registrar", f"/people/{world.members[0].pk}/"),
            ],
            "web:public-village": [(None, f"/registre/villages/{code}/")],
            "web:public-parcel": [(None, f"/registre/parcelles/{parcel.pk}/")],
            "adjudication:notice-board": [(None, f"/adjudication/affichage/{code}/")],
            "adjudication:claim-list": [
                ("registrar", f"/adjudication/claims/?queue={queue}")
                for queue in ("all", "changes", "notice")
            ]
            + [
                ("president", "/adjudication/claims/?queue=site"),
                ("agent", "/adjudication/claims/?queue=mine"),
            ],
            "adjudication:change-new": [("registrar", f"/adjudication/parcels/{parcel.pk}/change/")],
            "adjudication:claim-detail": [
                ("registrar", f"/adjudication/claims/{c.pk}/")
                for c in (world.drafts[0], claim, world.at_site[0], world.applications[0])
            ],
            "adjudication:claim-edit": [("agent", f"/adjudication/claims/{world.drafts[0].pk}/edit/")],
            "adjudication:claim-consents": [
                ("registrar", f"/adjudication/claims/{world.applications[0].pk}/consents/")
            ],
            "adjudication:claim-move": [
                ("registrar", f"/adjudication/claims/{claim.pk}/moves/notice_extend/"),
                ("registrar", f"/adjudication/claims/{world.applications[0].pk}/moves/withdraw/"),
            ],
            "adjudication:site-visit": [
                ("president", f"/adjudication/claims/{world.at_site[0].pk}/site-visit/")
            ],
            "certificates:queue": [("registrar", "/certificates/")],
            "certificates:list": [("registrar", "/certificates/all/")],
            "certificates:signatures": [("mayor", "/certificates/signatures/")],
            "certificates:detail": [
                ("registrar", f"/certificates/{world.certificates[0].pk}/"),
                ("mayor", f"/certificates/{world.certificates[0].pk}/"),
            ],
            "certificates:batch-preview": [
                ("registrar", f"/certificates/batches/preview/?unit={unit.pk}&format=pdf")
            ],
            "disputes:home": [("conciliator", "/disputes/"), ("disputes", "/disputes/")],
            "disputes:case-list": [("disputes", "/disputes/cases/")],
            "disputes:figures": [("disputes", "/disputes/figures/")],
            "disputes:case": [
                ("conciliator", f"/disputes/{world.cases[0].pk}/"),
                ("disputes", f"/disputes/{world.cases[0].pk}/"),
            ],
            "registers:list": [("registrar", "/registers/")],
            "statistics:page": [("registrar", "/statistics/")],
        }

    def shown(self, world: Village) -> dict[str, list[str]]:
        """{route: names its first address shows}: the five related items are on the page measured."""
        members = [p.display_name for p in world.members]
        holders = [p.display_name for p in world.holders]
        return {
            "web:person": members,
            "web:parcel-detail": holders,
            "adjudication:notice-board": [f"Famille Ŋaba {world.unit.code} affichage 0"],
            "adjudication:change-new": holders,
            "adjudication:claim-detail": members,
            "adjudication:claim-edit": members,
            "adjudication:claim-move": members,
            "adjudication:site-visit": members,
            "certificates:detail": holders,
            "disputes:case": members,
        }

    def test_every_page_reads_as_many_statements_for_five_rows_as_for_one(self):
        one = self.fill(self.village_a, 1, north=2000)
        five = self.fill(self.village_b, 5, north=4000)
        for world, north in ((one, 2000), (five, 4000)):
            world.at_site = self.submitted_and_accepted(world, "visite", north + 600)
        self.travel(self.profile.notice_days + 1)
        for world in (one, five):
            world.at_site = [moves.notice_close(claim=c, actor=self.registrar) for c in world.at_site]
            assert {c.state for c in world.at_site} == {ClaimState.SITE_VERIFICATION}
            # The first visit's record: the family's members and a neighbour of each parcel sign it.
            site_visit_record(
                claim=world.at_site[0],
                actor=world.users["president"],
                visit_date=clock.today(),
                place="Champ de Tanghin",
                language="mooré",
                translated=True,
                translation_language="français",
                attendees=[
                    AttendeeInput(AttendeeRole.APPLICANT, p.display_name, True, SignatureMark.FINGERPRINT)
                    for p in world.members
                ]
                + [
                    AttendeeInput(
                        AttendeeRole.NEIGHBOUR,
                        f"Voisin {n}",
                        True,
                        SignatureMark.SIGNATURE,
                        neighbour_parcel=parcel,
                        direction="NESW"[n % 4],
                    )
                    for n, parcel in enumerate(world.parcels)
                ],
            )
        for world, north in ((one, 2000), (five, 4000)):
            world.on_notice = self.submitted_and_accepted(world, "affichage", north + 800)
            for n, buyer in enumerate(world.buyers):  # each lodges an objection: a case opens for each
                objection_lodge(
                    claim=world.on_notice[0],
                    recorded_by=world.users["agent"],
                    grounds=f"Limite contestée côté {'NESW'[n % 4]}",
                    objector_party=buyer,
                )

        pages_one, pages_five = self.pages(one), self.pages(five)
        unmeasured = routed_pages() - set(pages_one) - set(NOT_MEASURED)
        assert not unmeasured, f"measure these pages here, or say in NOT_MEASURED why not: {unmeasured}"
        grown, shown = {}, self.shown(five)
        for route in pages_one:
            for n, ((role, small), (_role, large)) in enumerate(
                zip(pages_one[route], pages_five[route], strict=True)
            ):
                count_one, _html = self.statements(one.users[role] if role else None, small)
                count_five, html = self.statements(five.users[role] if role else None, large)
                if n == 0:
                    missing = [name for name in shown.get(route, []) if name not in html]
                    assert not missing, (route, large, missing)
                if count_five != count_one:
                    grown[f"{route} as {role}: {large}"] = (count_one, count_five)
        assert not grown, "\n".join(f"{page}: {counts}" for page, counts in grown.items())
