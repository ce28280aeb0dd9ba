import datetime as dt
from fractions import Fraction
from importlib import import_module

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from landreg.core.exceptions import ShareError
from landreg.parties.exceptions import PartyError
from landreg.parties.models import GroupMembership, Party, PartyKind, Sex
from landreg.parties.services import MemberShare, group_set_members, party_create, party_update
from tests.base import RegistryTestCase, make_person


class PartyTests(RegistryTestCase):
    def make_family(self):
        return party_create(
            kind=PartyKind.GROUP, village=self.village_a, name="Famille Kaboré", group_type="family"
        )

    def test_a_natural_person_records_every_civil_status_field(self):
        person = make_person(
            self.village_a,
            birth_date=dt.date(1980, 4, 2),
            birth_place="Réo",
            id_document_type="national_id",
            id_document_number="B0001",
            profession="cultivatrice",
            domicile="Village A",
            marital_status="married_polygamous",
        )
        person.refresh_from_db()
        assert (person.sex, person.marital_status, person.profession) == (
            Sex.FEMALE,
            "married_polygamous",
            "cultivatrice",
        )
        assert str(person) == "OUÉDRAOGO Aminata"

    def test_a_person_without_sex_is_refused_by_the_service(self):
        with pytest.raises(PartyError):
            party_create(kind=PartyKind.NATURAL, village=self.village_a, last_name="Kaboré")

    def test_the_database_refuses_a_natural_person_without_name_or_sex(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Party.objects.create(kind=PartyKind.NATURAL, village=self.village_a, last_name="", sex="")

    def test_the_database_refuses_a_group_without_group_type(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Party.objects.create(kind=PartyKind.GROUP, village=self.village_a, name="Lignage")

    def test_a_family_group_has_members_with_shares_and_one_mandatary(self):
        family = self.make_family()
        father = make_person(self.village_a, "Kaboré", "Issa", Sex.MALE)
        daughter = make_person(self.village_a, "Kaboré", "Awa")
        group_set_members(
            group=family,
            members=[MemberShare(father, "2/3", is_mandatary=True), MemberShare(daughter, "1/3")],
        )
        shares = {m.member_id: m.share for m in family.memberships.filter(end_lifespan__isnull=True)}
        assert shares == {father.pk: Fraction(2, 3), daughter.pk: Fraction(1, 3)}
        assert family.memberships.get(is_mandatary=True).member == father

    def test_member_shares_must_add_up_to_one_and_nothing_is_written_otherwise(self):
        family = self.make_family()
        with pytest.raises(ShareError):
            group_set_members(group=family, members=[MemberShare(self.holder_a, "1/2")])
        assert not GroupMembership.objects.filter(group=family).exists()

    def test_changing_members_keeps_the_former_membership_as_history(self):
        family = self.make_family()
        son = make_person(self.village_a, "Kaboré", "Adama", Sex.MALE)
        group_set_members(group=family, members=[MemberShare(self.holder_a, 1)])
        group_set_members(group=family, members=[MemberShare(self.holder_a, "1/2"), MemberShare(son, "1/2")])
        assert family.memberships.count() == 3
        assert family.memberships.filter(end_lifespan__isnull=True).count() == 2

    def test_the_database_allows_one_current_mandatary_per_group(self):
        family = self.make_family()
        son = make_person(self.village_a, "Kaboré", "Adama", Sex.MALE)
        group_set_members(
            group=family,
            members=[MemberShare(self.holder_a, "1/2", is_mandatary=True), MemberShare(son, "1/2")],
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            GroupMembership.objects.filter(group=family, member=son).update(is_mandatary=True)

    def test_two_mandataries_are_refused_by_the_service(self):
        family = self.make_family()
        son = make_person(self.village_a, "Kaboré", "Adama", Sex.MALE)
        with pytest.raises(PartyError, match="mandatary"):
            group_set_members(
                group=family, members=[MemberShare(self.holder_a, "1/2", True), MemberShare(son, "1/2", True)]
            )

    def test_only_a_group_has_members(self):
        with pytest.raises(PartyError):
            group_set_members(group=self.holder_a, members=[MemberShare(self.holder_a, 1)])


class SearchColumnsTests(RegistryTestCase):
    def test_the_search_columns_follow_the_names_through_every_version(self):
        person = make_person(self.village_a, last_name="Kɔnɛ", first_names="Ŋaba")
        assert (person.search_name, person.name_key) == ("kone naba", "kon ngaba")
        person = party_update(party=person, first_names="Awa", actor=self.agent_a, reason="état civil")
        person.refresh_from_db()
        assert (person.search_name, person.name_key) == ("kone awa", "kon aua")

    def test_the_migration_fills_the_columns_of_parties_recorded_before_it(self):
        Party.objects.filter(pk=self.holder_a.pk).update(search_name="", name_key="")
        migration = import_module("landreg.parties.migrations.0003_party_search_columns")
        migration.fill_search_columns(apps, None)
        row = Party.objects.get(pk=self.holder_a.pk)
        assert (row.search_name, row.name_key) == ("ouedraogo aminata", "uedraogo aminata")
