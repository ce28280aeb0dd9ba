"""Each person the header search finds says how many parcels they hold: the current parcels of the user's
villages on which they hold a right in force, themselves or as a current member of the holding group (a
family, a lineage). A member of a family holding only through it read as holding nothing; a member who left
the family holds none of its parcels; an ended right counts no more. Read with the rows shown (as many
statements for five people as for one); PostgreSQL's one statement counts as the ORM's statements do."""

from unittest import skipUnless

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from landreg.parcels.services import parcel_record
from landreg.parties.models import GroupType, PartyKind, Sex
from landreg.parties.services import MemberShare, group_set_members, party_create
from landreg.rights.services import HolderShare, right_end, right_register
from landreg.web.search.views import search
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.geometries import square
from tests.web.test_search_one_statement import by_orm


class ParcelsHeldByPeopleFoundTests(AdjudicationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # holder_a (Ouédraogo Aminata) holds parcel_a alone.
        # Famille Kɔnkɔbo holds two parcels of village A and one of village B; Sɔmda Ɓintou is its member and
        # holds one parcel herself (and held another, sold); Yamɛogo Ŋaba was its member and left it.
        cls.member = make_person(cls.village_a, last_name="Sɔmda", first_names="Ɓintou", sex=Sex.FEMALE)
        cls.former = make_person(cls.village_a, last_name="Yamɛogo", first_names="Ŋaba", sex=Sex.MALE)
        family = cls.family("Famille Kɔnkɔbo", cls.member, cls.former)
        group_set_members(group=family, members=[MemberShare(cls.member, "1", is_mandatary=True)])
        cls.held(300, family)
        cls.held(500, family)
        cls.held(2000, family, village=cls.village_b)
        cls.held(700, cls.member)
        right_end(right=cls.held(900, cls.member), reason="Cession")
        # Five Tapsoba, each holding one parcel through their family and one themselves; one Zoungrana.
        cls.tapsobas = []
        for i, first in enumerate(["Awa", "Ɓoukary", "Fatɛ", "Issa", "Ŋouma"]):
            tapsoba = make_person(cls.village_a, last_name="Tapsoba", first_names=first)
            cls.held(3000 + 400 * i, cls.family(f"Famille Nikièma {first}", tapsoba))
            cls.held(3200 + 400 * i, tapsoba)
            cls.tapsobas.append(tapsoba)
        cls.zoungrana = make_person(cls.village_a, last_name="Zoungrana", first_names="Salif", sex=Sex.MALE)
        cls.held(6000, cls.family("Lignage Ɓaziémo", cls.zoungrana))

    @classmethod
    def family(cls, name, *members):
        family = party_create(
            kind=PartyKind.GROUP, village=cls.village_a, name=name, group_type=GroupType.FAMILY
        )
        share = f"1/{len(members)}"
        group_set_members(group=family, members=[MemberShare(member, share) for member in members])
        return family

    @classmethod
    def held(cls, east, holder, village=None):
        parcel = parcel_record(
            village=village or cls.village_a, geometry=square(east, 0), survey_method="gps"
        )
        return right_register(
            parcel=parcel,
            right_type="customaryType",
            holders=[HolderShare(holder)],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN, art. 36",
        )

    def people(self, user, query):
        """The people the search page lists for ``query`` as (name, parcels held), and the page."""
        self.client.force_login(user)
        response = self.client.get(reverse("web:search"), {"q": query})
        assert response.status_code == 200
        rows = response.context["results"]["people"].rows
        return [(row.name, row.parcels_held) for row in rows], response.content.decode()

    def test_a_member_of_a_family_holding_is_counted_its_parcels_beside_her_own(self):
        people, page = self.people(self.agent_a, "Somda Bintou")
        assert people == [("SƆMDA Ɓintou", 3)]  # the family's two of village A, her own; not the one sold
        assert "— 3 parcelles détenues</li>" in page

    def test_a_person_holding_only_through_a_family_is_counted_its_parcel(self):
        people, page = self.people(self.agent_a, "Zoungrana")
        assert people == [("ZOUNGRANA Salif", 1)]
        assert "— 1 parcelle détenue</li>" in page

    def test_a_member_who_left_the_family_holds_none_of_its_parcels(self):
        people, page = self.people(self.agent_a, "Yamɛogo Ŋaba")
        assert people == [("YAMƐOGO Ŋaba", 0)]
        assert "YAMƐOGO Ŋaba</a> (TC-A) — Village A</li>" in page  # holding nothing: no count printed

    def test_a_holder_in_their_own_name_is_counted_their_parcel(self):
        assert self.people(self.agent_a, "Ouédraogo Aminata")[0] == [("OUÉDRAOGO Aminata", 1)]

    def test_only_the_parcels_of_the_user_s_villages_are_counted(self):
        # The registrar of the commune sees the family's parcel of village B too.
        assert self.people(self.registrar, "Somda Bintou")[0] == [("SƆMDA Ɓintou", 4)]

    def test_five_people_found_take_as_many_statements_as_one(self):
        def statements(query):
            with CaptureQueriesContext(connection) as seen:
                found = search(self.agent_a, query)
            return found["people"], len(seen.captured_queries)

        statements("Ouédraogo")  # what a process reads once (kept statements, labels) read before
        one, for_one = statements("Tapsoba Awa")
        five, for_five = statements("Tapsoba")
        assert [row.parcels_held for row in one.rows] == [2]
        assert [row.parcels_held for row in five.rows] == [2] * 5
        assert for_five == for_one

    @skipUnless(connection.vendor == "postgresql", "the one statement is PostgreSQL's")
    def test_postgresql_s_one_statement_counts_as_the_orm(self):
        queries = ["Somda Bintou", "Sɔmda", "Yamɛogo Ŋaba", "Kɔnkɔbo", "Tapsoba", "Zoungrana", "ouedraogo"]
        for user in (self.agent_a, self.agent_b, self.registrar):
            for query in queries:
                assert search(user, query) == by_orm(user, query), (user, query)
