"""The pages of an application for a later change (demande de mutation) read as many statements whatever the
number of holders of the right it disposes of: the application's page names each with their share and lists
the consents of the co-holders (each member of a holding family or lineage), as does the consents page; the
change page offers each holder as the record corrected; the list of changes names each application's new
holders. A lineage's land sold by five co-holders costs the pages what one holder's does."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.claims.services import ClaimantInput
from landreg.parcels.services import parcel_record
from landreg.parties.models import GroupType, PartyKind, Sex
from landreg.parties.services import MemberShare, group_set_members, party_create
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.geometries import square

FIRST_NAMES = ("Ɓintou", "Ŋaba", "Kɔnɛ Salif", "Ɓukari", "Ŋani")


def people(village, count: int, east: int, last_name: str) -> list:
    return [
        make_person(
            village,
            last_name=last_name,
            first_names=f"{FIRST_NAMES[n % 5]} {east + n}",
            sex=Sex.FEMALE if n % 2 else Sex.MALE,
        )
        for n in range(count)
    ]


def lineage(village, east: int, members: int):
    group = party_create(
        kind=PartyKind.GROUP, village=village, name=f"Lignage Ɓɔɔ {east}", group_type=GroupType.LINEAGE
    )
    family = people(village, members, east, "Ŋaba")
    group_set_members(
        group=group,
        members=[
            MemberShare(member=p, share=f"1/{members}", is_mandatary=n == 0) for n, p in enumerate(family)
        ],
    )
    return group, family


class ChangePageStatementsTests(AdjudicationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # One holder: a lineage of two members. Five: three people and two lineages of two members each.
        cls.one = cls.holding(east=2000, people_count=0, lineages=1)
        cls.five = cls.holding(east=3000, people_count=3, lineages=2)

    @classmethod
    def holding(cls, *, east: int, people_count: int, lineages: int) -> dict:
        """A parcel of village A held in equal shares, and an application for its sale to as many buyers."""
        holders = people(cls.village_a, people_count, east, "Kaboré")
        co_holders = list(holders)
        for n in range(lineages):
            group, members = lineage(cls.village_a, east + 10 * (n + 1), 2)
            holders.append(group)
            co_holders += members
        count = len(holders)
        parcel = parcel_record(village=cls.village_a, geometry=square(east, 0), survey_method="gps")
        right = right_register(
            parcel=parcel,
            right_type="customaryType",
            holders=[HolderShare(party=p, share=f"1/{count}") for p in holders],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN, art. 36",
        )
        buyers = people(cls.village_a, count, east + 500, "Ouédraogo")
        application = change_draft(
            actor=cls.registrar,
            kind="sale",
            right=right,
            new_holders=[ClaimantInput(party=buyer, share=f"1/{count}") for buyer in buyers],
            data={"reason": "Vente, acte 12/2030"},
        )
        return {
            "parcel": parcel,
            "holders": holders,
            "co_holders": co_holders,
            "buyers": buyers,
            "application": application,
        }

    def statements(self, address: str) -> tuple[int, str]:
        self.client.force_login(self.registrar)
        self.client.get(address)  # the process's caches: permissions kept, content types
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(address)
        assert response.status_code == 200, response.status_code
        return len(captured), response.content.decode()

    def test_the_change_page_reads_as_many_statements_for_five_holders_as_for_one(self):
        count_one, html_one = self.statements(f"/adjudication/parcels/{self.one['parcel'].pk}/change/")
        count_five, html_five = self.statements(f"/adjudication/parcels/{self.five['parcel'].pk}/change/")
        for holder in self.five["holders"]:
            assert holder.display_name in html_five, holder.display_name
        assert count_five == count_one, (count_one, count_five)

    def test_the_application_page_reads_as_many_statements_for_five_holders_as_for_one(self):
        count_one, html_one = self.statements(f"/adjudication/claims/{self.one['application'].pk}/")
        count_five, html_five = self.statements(f"/adjudication/claims/{self.five['application'].pk}/")
        assert "Lignage Ɓɔɔ 2010" in html_one
        for person in self.five["holders"] + self.five["co_holders"] + self.five["buyers"]:
            assert person.display_name in html_five, person.display_name
        assert count_five == count_one, (count_one, count_five)

    def test_the_consents_page_reads_as_many_statements_for_five_holders_as_for_one(self):
        count_one, _html = self.statements(f"/adjudication/claims/{self.one['application'].pk}/consents/")
        count_five, html_five = self.statements(
            f"/adjudication/claims/{self.five['application'].pk}/consents/"
        )
        for person in self.five["co_holders"]:
            assert person.display_name in html_five, person.display_name
        assert count_five == count_one, (count_one, count_five)

    def test_the_list_of_changes_reads_as_many_statements_for_six_applications_as_for_two(self):
        address = "/adjudication/claims/?queue=changes&sort=created"
        count_two, _html = self.statements(address)
        for n in range(4):
            self.holding(east=5000 + 1000 * n, people_count=3, lineages=2)
        count_six, html_six = self.statements(address)
        assert html_six.count("OUÉDRAOGO Ŋani") == 5  # each application of five holders names its buyers
        assert count_six == count_two, (count_two, count_six)
