"""Numbers come from a per-village sequence (one row read), never reused, skipping numbers given by hand."""

from landreg.parcels.models import ParcelNumberSequence
from landreg.parcels.services import next_parcel_number, parcel_numbers_take, parcel_record
from tests.base import RegistryTestCase
from tests.geometries import square


class NumberingTests(RegistryTestCase):
    def test_the_sequence_continues_after_the_numbers_already_used(self):
        assert next_parcel_number(self.village_a) == "TC-A-00002"
        assert parcel_numbers_take(village=self.village_a, count=3) == [
            "TC-A-00002",
            "TC-A-00003",
            "TC-A-00004",
        ]
        assert ParcelNumberSequence.objects.get(village=self.village_a).last == 4

    def test_a_number_given_by_hand_ahead_of_the_sequence_is_skipped(self):
        parcel_record(
            village=self.village_a, geometry=square(200, 0), survey_method="gps", number="TC-A-00003"
        )
        second = parcel_record(village=self.village_a, geometry=square(400, 0), survey_method="gps")
        third = parcel_record(village=self.village_a, geometry=square(600, 0), survey_method="gps")
        assert (second.number, third.number) == ("TC-A-00002", "TC-A-00004")
