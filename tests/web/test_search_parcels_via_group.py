"""The header search's « Parcels » list of a person found holds the parcels they hold through a family or
lineage they are a current member of, each marked « via <the group> », beside those they hold themselves:
the person's count said « 3 parcelles détenues » while the list showed one. A member who left the family is
listed none of its parcels; a parcel held both ways is not marked; PostgreSQL's one statement lists them as
the ORM's statements do, in as many statements for five people as for one."""

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


class ParcelsHeldThroughAGroupTests(AdjudicationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Famille Kɔnkɔbo holds two parcels of village A and one of village B; Sɔmda Ɓintou, its member, holds
        # one parcel herself, one with the family, and sold another; Yamɛogo Ŋaba left the family.
        cls.member = make_person(cls.village_a, last_name="Sɔmda", first_names="Ɓintou", sex=Sex.FEMALE)
        cls.former = make_person(cls.village_a, last_name="Yamɛogo", first_names="Ŋaba", sex=Sex.MALE)
        family = cls.family("Famille Kɔnkɔbo", cls.member, cls.former)
        group_set_members(group=family, members=[MemberShare(cls.member, "1", is_mandatary=True)])
        cls.by_family = [cls.held(300, family).parcel, cls.held(500, family).parcel]
        cls.elsewhere = cls.held(2000, family, village=cls.village_b).parcel
        cls.own = cls.held(700, cls.member).parcel
        cls.both = cls.held(1100, cls.member, family).parcel
        right_end(right=cls.held(900, cls.member), reason="Cession")
        # Five Tapsoba, each holding one parcel through their family and one themselves.
        for i, first in enumerate(["Awa", "Ɓoukary", "Fatɛ", "Issa", "Ŋouma"]):
            tapsoba = make_person(cls.village_a, last_name="Tapsoba", first_names=first)
            cls.held(3000 + 400 * i, cls.family(f"Famille Nikièma {first}", tapsoba))
            cls.held(3200 + 400 * i, tapsoba)
        cls.zoungrana = make_person(cls.village_a, last_name="Zoungrana", first_names="Salif", sex=Sex.MALE)
        cls.lineage = cls.held(6000, cls.family("Lignage Ɓaziémo", cls.zoungrana)).parcel

    @classmethod
    def family(cls, name, *members):
        family = party_create(
            kind=PartyKind.GROUP, village=cls.village_a, name=name, group_type=GroupType.FAMILY
        )
        group_set_members(group=family, members=[MemberShare(m, f"1/{len(members)}") for m in members])
        return family

    @classmethod
    def held(cls, east, *holders, village=None):
        parcel = parcel_record(
            village=village or cls.village_a, geometry=square(east, 0), survey_method="gps"
        )
        return right_register(
            parcel=parcel,
            right_type="customaryType",
            holders=[HolderShare(h, f"1/{len(holders)}") for h in holders],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN, art. 36",
        )

    def parcels(self, user, query):
        """The parcels the search page lists for ``query`` as (number, via), and the page."""
        self.client.force_login(user)
        response = self.client.get(reverse("web:search"), {"q": query})
        assert response.status_code == 200
        rows = response.context["results"]["parcels"].rows
        return [(row.number, row.via) for row in rows], response.content.decode()

    def test_a_member_is_listed_the_family_s_parcels_marked_via_the_family(self):
        parcels, page = self.parcels(self.agent_a, "Somda Bintou")
        assert parcels == sorted(
            [(p.number, "Famille Kɔnkɔbo") for p in self.by_family]
            + [(self.own.number, ""), (self.both.number, "")]
        )
        assert f"{self.by_family[0].number}</a> — Village A — via Famille Kɔnkɔbo</li>" in page
        assert f"{self.own.number}</a> — Village A</li>" in page
        # The registrar of the commune sees the family's parcel of village B too.
        assert (self.elsewhere.number, "Famille Kɔnkɔbo") in self.parcels(self.registrar, "Somda Bintou")[0]

    def test_a_person_holding_only_through_a_lineage_is_listed_its_parcel(self):
        assert self.parcels(self.agent_a, "Zoungrana")[0] == [(self.lineage.number, "Lignage Ɓaziémo")]

    def test_a_member_who_left_the_family_is_listed_none_of_its_parcels(self):
        assert self.parcels(self.agent_a, "Yamɛogo Ŋaba")[0] == []

    def test_five_people_found_take_as_many_statements_as_one(self):
        def statements(query):
            with CaptureQueriesContext(connection) as seen:
                found = search(self.agent_a, query)
            return found["parcels"], len(seen.captured_queries)

        statements("Ouédraogo")  # what a process reads once (kept statements, labels) read before
        one, for_one = statements("Tapsoba Awa")
        five, for_five = statements("Tapsoba")
        assert (one.count, five.count) == (2, 10)
        assert sorted(row.via for row in five.rows if row.via) == sorted(
            f"Famille Nikièma {first}" for first in ["Awa", "Ɓoukary", "Fatɛ", "Issa", "Ŋouma"]
        )
        assert for_five == for_one

    @skipUnless(connection.vendor == "postgresql", "the one statement is PostgreSQL's")
    def test_postgresql_s_one_statement_lists_them_as_the_orm(self):
        queries = ["Somda Bintou", "Sɔmda", "Yamɛogo Ŋaba", "Kɔnkɔbo", "Tapsoba", "Zoungrana", "ouedraogo"]
        for user in (self.agent_a, self.agent_b, self.registrar):
            for query in queries:
                assert search(user, query) == by_orm(user, query), (user, query)
