"""The header search finds a certificate by the name of the person holding its right, themselves or as a
current member of the holding group (a family, a lineage): at the counter a holder gives their name, not a
certificate number. Only the user's villages; not the certificate of a right that ended, nor a group's for
a member who left it. PostgreSQL's one statement (web.search.sql) finds the same as the ORM's statements."""

from unittest import skipUnless

from django.db import connection
from django.urls import reverse

from landreg.certificates.issuing.services import certificate_issue
from landreg.parcels.services import parcel_record
from landreg.parties.models import GroupType, PartyKind, Sex
from landreg.parties.services import MemberShare, group_set_members, party_create
from landreg.rights.services import HolderShare, right_end, right_register
from landreg.web.search.views import search
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.geometries import square
from tests.web.test_search_one_statement import by_orm


class CertificatesFoundByHolderNameTests(AdjudicationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # holder_a (Ouédraogo Aminata) holds right_a alone.
        cls.own, _created = certificate_issue(right=cls.right_a, actor=cls.registrar)
        # A family holding: Sɔmda Ɓintou a member, Yamɛogo Ŋaba a member who left it.
        cls.member = make_person(cls.village_a, last_name="Sɔmda", first_names="Ɓintou", sex=Sex.FEMALE)
        cls.former = make_person(cls.village_a, last_name="Yamɛogo", first_names="Ŋaba", sex=Sex.MALE)
        family = party_create(
            kind=PartyKind.GROUP, village=cls.village_a, name="Famille Kɔnkɔbo", group_type=GroupType.FAMILY
        )
        group_set_members(
            group=family, members=[MemberShare(cls.member, "1/2"), MemberShare(cls.former, "1/2")]
        )
        group_set_members(group=family, members=[MemberShare(cls.member, "1", is_mandatary=True)])
        cls.family_certificate = cls.issued(300, family)
        # A right of Sɔmda Ɓintou's that ended (sold): its certificate is no longer hers to ask for.
        cls.sold = cls.issued(600, cls.member)
        right_end(right=cls.sold.right, reason="Cession")
        # A namesake of holder_a in village B, holding there.
        cls.namesake_b = make_person(cls.village_b, last_name="Ouédraogo", first_names="Aminata")
        cls.certificate_b = cls.issued(2000, cls.namesake_b, village=cls.village_b)

    @classmethod
    def issued(cls, east, holder, village=None):
        parcel = parcel_record(
            village=village or cls.village_a, geometry=square(east, 0), survey_method="gps"
        )
        right = right_register(
            parcel=parcel,
            right_type="customaryType",
            holders=[HolderShare(holder)],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN, art. 36",
        )
        return certificate_issue(right=right, actor=cls.registrar)[0]

    def found(self, user, query):
        """The certificates the search page lists for ``query``, as numbers, and the page."""
        self.client.force_login(user)
        response = self.client.get(reverse("web:search"), {"q": query})
        assert response.status_code == 200
        return [c.number for c in response.context["results"]["certificates"].rows], response.content.decode()

    def test_a_holder_s_name_lists_the_certificate_of_the_right_they_hold(self):
        found, page = self.found(self.agent_a, "Ouédraogo Aminata")
        assert found == [self.own.number]
        url = reverse("certificates:detail", args=[self.own.pk])
        assert f'<a href="{url}">{self.own.number}</a> — parcelle {self.parcel_a.number} — Village A' in page
        assert self.certificate_b.number not in page

    def test_a_name_spelt_another_way_finds_it_too(self):
        assert self.found(self.agent_a, "ouedraogo aminata")[0] == [self.own.number]

    def test_a_current_member_s_name_lists_the_certificate_of_the_family_s_right(self):
        found, page = self.found(self.agent_a, "Somda Bintou")
        assert found == [self.family_certificate.number]
        assert self.sold.number not in page  # the right she sold ended

    def test_a_member_who_left_the_family_is_not_listed_its_certificate(self):
        found, page = self.found(self.agent_a, "Yamɛogo Ŋaba")
        assert found == []
        assert "Aucun certificat trouvé." in page

    def test_a_registrar_of_the_commune_sees_both_villages_namesakes_certificates(self):
        found, _page = self.found(self.registrar, "Ouédraogo Aminata")
        assert sorted(found) == sorted([self.own.number, self.certificate_b.number])

    def test_an_agent_of_another_village_sees_only_their_village_s(self):
        found, page = self.found(self.agent_b, "Ouédraogo Aminata")
        assert found == [self.certificate_b.number]
        assert self.own.number not in page

    @skipUnless(connection.vendor == "postgresql", "the one statement is PostgreSQL's")
    def test_postgresql_s_one_statement_finds_the_same_as_the_orm(self):
        queries = [
            "Ouédraogo Aminata",
            "ouedraogo",
            "Somda Bintou",
            "Sɔmda",
            "Yamɛogo Ŋaba",
            "Kɔnkɔbo",
            "amin",
        ]
        for user in (self.agent_a, self.agent_b, self.registrar):
            for query in queries:
                fast, orm = search(user, query), by_orm(user, query)
                assert fast == orm, (user, query)
        assert [c.pk for c in search(self.agent_a, "Somda")["certificates"].rows] == [
            self.family_certificate.pk
        ]
