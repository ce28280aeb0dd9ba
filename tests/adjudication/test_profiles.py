from django.core.exceptions import ValidationError
from django.db import transaction

from landreg.adjudication.models import ProcedureProfile
from landreg.adjudication.profiles import NoProcedureError, holders_public_of, profile_assign, profile_for
from landreg.certificates.issuing.numbering import next_number
from landreg.certificates.models import CertificateSeries
from landreg.core import clock
from landreg.territory.models import UnitLevel
from landreg.territory.services import unit_create
from tests.adjudication.helpers import AdjudicationTestCase


def names_public(village):
    """What the public parcel page asks (holders_public_of), from the village's commune and country."""
    commune, country = village.ancestor_at(UnitLevel.COMMUNE), village.ancestor_at(UnitLevel.COUNTRY)
    return holders_public_of(
        commune_id=commune.pk if commune else None, country_code=country.code if country else None
    )


class PresetTests(AdjudicationTestCase):
    def test_the_four_presets_are_loaded_with_their_notice_lengths(self):
        days = dict(ProcedureProfile.objects.values_list("code", "notice_days"))
        assert days == {"bf-apfr": 45, "mg-cf": 15, "ci-cf": 90, "generic": 30}

    def test_every_preset_is_a_valid_profile(self):
        for profile in ProcedureProfile.objects.all():
            profile.full_clean()

    def test_the_steps_of_each_country_are_data_not_code(self):
        steps = dict(ProcedureProfile.objects.values_list("code", "steps"))
        assert steps["bf-apfr"][0] == "site_verification"
        assert steps["mg-cf"][0] == "public_notice"

    def test_a_profile_with_an_unknown_step_or_document_type_is_refused(self):
        profile = ProcedureProfile.objects.get(code="generic")
        profile.steps = ["public_notice", "dance"]
        profile.required_documents = {"application": ["selfie"]}
        profile.certificate_number_format = "{commune}-{nonsense}"
        with self.assertRaises(ValidationError) as caught:
            profile.full_clean()
        assert {"steps", "required_documents", "certificate_number_format"} <= set(
            caught.exception.message_dict
        )


class ProfileChoiceTests(AdjudicationTestCase):
    def test_a_commune_uses_the_profile_assigned_to_it(self):
        assert profile_for(self.village_a).code == "generic"
        profile_assign(commune=self.commune, profile=ProcedureProfile.objects.get(code="mg-cf"))
        assert profile_for(self.village_b).code == "mg-cf"
        # The public parcel page reads only the profile's holders_public column: the same profile's.
        for code in ("ci-cf", "bf-apfr"):  # one keeps holders' names private, the other makes them public
            profile_assign(commune=self.commune, profile=ProcedureProfile.objects.get(code=code))
            assert names_public(self.village_b) is profile_for(self.village_b).holders_public
        assert {names_public(self.village_b), names_public(self.village_a)} == {True}
        profile_assign(commune=self.commune, profile=ProcedureProfile.objects.get(code="ci-cf"))
        assert names_public(self.village_a) is False

    def test_a_commune_without_assignment_uses_its_country_profile(self):
        bf = unit_create(level=UnitLevel.COUNTRY, code="BF", name="Burkina Faso")
        region = unit_create(level=UnitLevel.REGION, code="BF-CO", name="Centre-Ouest", parent=bf)
        commune = unit_create(level=UnitLevel.COMMUNE, code="BF-REO", name="Réo", parent=region)
        village = unit_create(level=UnitLevel.VILLAGE, code="BF-REO-01", name="Perkoa", parent=commune)
        assert profile_for(village).code == "bf-apfr"
        assert names_public(village) is True  # bf-apfr's

    def test_a_place_without_any_profile_gets_a_clear_error(self):
        xx = unit_create(level=UnitLevel.COUNTRY, code="XX", name="Nowhere")
        region = unit_create(level=UnitLevel.REGION, code="XX-R", name="R", parent=xx)
        commune = unit_create(level=UnitLevel.COMMUNE, code="XX-C", name="C", parent=region)
        village = unit_create(level=UnitLevel.VILLAGE, code="XX-V", name="V", parent=commune)
        with self.assertRaisesMessage(NoProcedureError, "No procedure profile"):
            profile_for(village)
        assert names_public(village) is None

    def test_a_claim_keeps_the_profile_it_was_lodged_under(self):
        claim = self.draft()
        profile_assign(commune=self.commune, profile=ProcedureProfile.objects.get(code="ci-cf"))
        claim.refresh_from_db()
        assert claim.profile.code == "generic"


class CertificateNumberTests(AdjudicationTestCase):
    def test_each_profile_numbers_certificates_its_own_way(self):
        """A commune's first certificate is numbered by the scheme of the profile it follows."""
        numbers = {}
        for profile in ProcedureProfile.objects.all():
            profile_assign(commune=self.commune, profile=profile)
            # A commune's series is made from its profile at its first certificate.
            CertificateSeries.objects.filter(commune=self.commune).delete()
            with transaction.atomic():
                numbers[profile.code] = next_number(commune=self.commune, village=self.village_a)[2]
        year = clock.today().year
        assert numbers == {
            "bf-apfr": "APFR-TC-C-TC-A-00001",
            "mg-cf": f"CF-TC-C-{year}-00001",
            "ci-cf": "CF-TC-C-000001",  # commune TC-C of country TC: TC said once
            "generic": "TC-C-TC-A-00001",
        }
