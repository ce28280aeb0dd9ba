"""Free places for demo and benchmark claims: inside the village, off recorded parcels, apart, repeatable."""

import io

import pytest
from django.core.management import call_command
from django.test import TestCase

from landreg.demo.places import NotEnoughFreeLand, free_squares
from landreg.parcels.models import Parcel
from landreg.territory.models import AdministrativeUnit


class FreeSquaresTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", quiet=True, stdout=io.StringIO())
        cls.village = AdministrativeUnit.objects.get(code="SAB-C")

    def test_squares_lie_inside_the_village_off_recorded_parcels_and_apart(self):
        squares = free_squares(self.village, count=4, side=20)
        assert len(squares) == 4
        for index, square in enumerate(squares):
            assert square.srid == 4326
            assert self.village.boundary.contains(square)
            assert not Parcel.objects.filter(village=self.village, geometry__intersects=square).exists()
            assert not any(square.intersects(other) for other in squares[index + 1 :])
        assert [s.wkt for s in free_squares(self.village, count=4, side=20)] == [s.wkt for s in squares]

    def test_more_squares_than_the_land_holds_is_a_clear_error(self):
        with pytest.raises(NotEnoughFreeLand, match="free places"):
            free_squares(self.village, count=100_000, side=500)
