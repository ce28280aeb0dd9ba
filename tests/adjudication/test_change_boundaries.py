"""A split's parts and a corrected boundary are checked when the application is drafted, against the real
parcel and its real neighbours: every fault said, part by part, and nothing saved."""

import json

from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.exceptions import TransferError
from landreg.adjudication.models import Claim
from tests.adjudication.helpers import AdjudicationTestCase
from tests.adjudication.real_parcels import grown, halves, record_real_block
from tests.base import make_person


def geojson(geometry) -> dict:
    return json.loads(geometry.geojson)


class RealBlockCase(AdjudicationTestCase):
    profile_code = "bf-apfr"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.village_e, cls.real, cls.around = record_real_block(
            commune=cls.commune,
            holder_party_factory=lambda village: make_person(village, "Ŋaba", "Ɓintu Fatɛ", "F"),
        )

    def split(self, parts):
        return change_draft(
            actor=self.registrar,
            kind="split",
            parcels=[self.real],
            data={"reason": "Partage entre héritiers, PV n°7", "parts": [geojson(p) for p in parts]},
        )

    def correct(self, boundary):
        return change_draft(
            actor=self.registrar,
            kind="correction",
            parcels=[self.real],
            data={"reason": "Levé GPS contradictoire n°3", "changes": {"geometry": geojson(boundary)}},
        )


class SplitDraftTests(RealBlockCase):
    def test_two_halves_of_a_real_parcel_touching_its_neighbours_are_accepted(self):
        application = self.split(halves(self.real.geometry))
        assert len(application.change_data["parts"]) == 2

    def test_a_strip_in_no_part_is_said_with_its_area_and_nothing_is_saved(self):
        with self.assertRaises(TransferError) as refused:
            self.split(halves(self.real.geometry, shift_m=2.0))
        message = str(refused.exception)
        assert "cover the parcel exactly" in message and "of the parcel are in no part" in message
        assert not Claim.objects.exists()

    def test_overlapping_parts_are_named(self):
        west, east = halves(self.real.geometry)
        with self.assertRaises(TransferError) as refused:
            self.split([grown(west, 2.0).intersection(self.real.geometry), east])
        assert "Parts 1 and 2 overlap by" in str(refused.exception)

    def test_a_part_into_a_neighbour_names_the_neighbour_and_the_part(self):
        west, east = halves(self.real.geometry)
        with self.assertRaises(TransferError) as refused:
            self.split([west, grown(east, 3.0)])
        message = str(refused.exception)
        assert "Part 2 goes" in message and "beyond the parcel" in message
        assert "Part 2 overlaps TC-E-0000" in message and "Part 1 overlaps" not in message
        assert not Claim.objects.exists()

    def test_the_fault_is_said_in_french(self):
        from django.utils import translation

        west, east = halves(self.real.geometry)
        with translation.override("fr"), self.assertRaises(TransferError) as refused:
            self.split([west, grown(east, 3.0)])
        message = str(refused.exception)
        assert "La partie 2 dépasse la parcelle de" in message
        assert "La partie 2 chevauche" in message


class CorrectionDraftTests(RealBlockCase):
    def test_a_boundary_moved_inwards_is_accepted_without_its_own_old_boundary_counting(self):
        application = self.correct(grown(self.real.geometry, -0.3))
        assert application.change_data["changes"]["geometry"]["type"] == "Polygon"

    def test_a_boundary_pushed_into_the_neighbours_is_refused_naming_them(self):
        with self.assertRaises(TransferError) as refused:
            self.correct(grown(self.real.geometry, 3.0))
        message = str(refused.exception)
        assert message.startswith("The corrected boundary overlaps")
        assert self.around["91216000AC0375"].number in message
        assert not Claim.objects.exists()

    def test_a_boundary_outside_the_village_is_refused(self):
        with self.assertRaisesMessage(Exception, "village"):
            self.correct(grown(self.real.geometry, 200.0))
        assert not Claim.objects.exists()
