import io

from django.core.management import call_command
from django.test import TestCase

from landreg.accounts.models import RoleAssignment
from landreg.accounts.roles import Role
from landreg.parcels.models import Parcel
from landreg.parties.models import Party, PartyKind, Sex
from landreg.rights.models import Right, RightHolder
from landreg.territory.models import AdministrativeUnit, UnitLevel


class DemoDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", quiet=True, stdout=io.StringIO())

    def test_the_demo_commune_has_two_villages_and_at_least_50_real_parcels(self):
        commune = AdministrativeUnit.objects.get(code="SAB", level=UnitLevel.COMMUNE)
        assert commune.children.count() == 2
        assert Parcel.objects.filter(village__parent=commune).count() >= 50
        assert (
            Parcel.objects.exclude(source_id__startswith="91216").count() == 0
        )  # every shape is a real Etalab one
        assert all(p.area_m2 > 0 for p in Parcel.objects.all())

    def test_women_hold_rights_alone_and_jointly(self):
        women_holders = RightHolder.objects.filter(
            party__sex=Sex.FEMALE, right__right_type__is_secondary=False
        )
        sole = [h for h in women_holders if h.right.holders.count() == 1]
        joint = [h for h in women_holders if h.right.holders.count() > 1]
        assert sole and joint

    def test_a_family_group_holds_a_right_through_its_members(self):
        family = Party.objects.filter(kind=PartyKind.GROUP, group_type="family").first()
        assert family.holdings.exists()
        assert family.memberships.filter(is_mandatary=True).count() == 1
        assert family.sources.filter(source_type="mandate").exists()

    def test_a_profession_agrees_with_the_sex_of_the_person(self):
        men = set(Party.objects.filter(sex=Sex.MALE).values_list("profession", flat=True))
        women = set(Party.objects.filter(sex=Sex.FEMALE).values_list("profession", flat=True))
        assert men and women
        assert not {"maraîchère", "cultivatrice", "commerçante"} & men, men
        assert not {"cultivateur", "éleveur"} & women, women

    def test_customary_and_secondary_rights_are_present(self):
        assert Right.objects.filter(tenure_system="customary", right_type__is_secondary=False).exists()
        assert Right.objects.filter(right_type__code="loan").exists()
        assert Right.objects.filter(right_type__code="grazing").exists()

    def test_there_is_one_user_per_role(self):
        assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role.values)

    def test_loading_again_duplicates_nothing(self):
        counts = (
            Parcel.objects.count(),
            Party.objects.count(),
            Right.objects.count(),
            RoleAssignment.objects.count(),
        )
        call_command("load_demo", quiet=True, stdout=io.StringIO())
        assert counts == (
            Parcel.objects.count(),
            Party.objects.count(),
            Right.objects.count(),
            RoleAssignment.objects.count(),
        )


class DemoFrenchElisionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", quiet=True, stdout=io.StringIO())
        call_command("load_adjudication_demo", stdout=io.StringIO())

    def test_a_field_named_after_a_vowel_elides_de(self):
        from landreg.adjudication.models import Claim

        names = set(Claim.objects.values_list("local_name", flat=True))
        assert "Champ d’Aïssata" in names and "Champ d’Alice" in names, names
        assert "Champ de Aïssata" not in names and "Champ de Fatimata" in names, names

    def test_the_elision_helper(self):
        from landreg.demo.elision import of

        assert of("Aïssata") == "d’Aïssata" and of("Ousmane") == "d’Ousmane" and of("Éloïse") == "d’Éloïse"
        assert of("OUÉDRAOGO Issa") == "d’OUÉDRAOGO Issa"
        assert of("Mariam") == "de Mariam" and of("Hamidou") == "de Hamidou"
