import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.db import IntegrityError, transaction

from landreg.core.geometry import to_srid
from landreg.parcels.exceptions import GeometryError, ParcelError
from landreg.parcels.models import Parcel
from landreg.parcels.services import parcel_record
from tests.base import RegistryTestCase
from tests.geometries import SQUARE_100M_AREA, bowtie, square


class ParcelTests(RegistryTestCase):
    def test_the_boundary_is_stored_in_wgs84_and_its_area_in_the_utm_zone(self):
        parcel = Parcel.objects.get(pk=self.parcel_a.pk)
        assert parcel.geometry.srid == 4326
        assert parcel.area_srid == 32630
        assert parcel.area_m2 == pytest.approx(SQUARE_100M_AREA, abs=0.01)
        assert parcel.area_ha_a_ca == (1, 0, 0)
        assert parcel.geometry.equals_exact(square(0, 0), tolerance=1e-9)

    def test_numbers_follow_the_village_sequence(self):
        assert self.parcel_a.number == "TC-A-00001"
        second = parcel_record(village=self.village_a, geometry=square(200, 0), survey_method="gps")
        assert second.number == "TC-A-00002"

    def test_a_boundary_given_in_a_projected_crs_is_transformed_to_wgs84(self):
        utm = to_srid(square(300, 0), 32630)
        parcel = parcel_record(village=self.village_a, geometry=utm, survey_method="total_station")
        assert parcel.geometry.srid == 4326
        assert parcel.area_m2 == pytest.approx(SQUARE_100M_AREA, abs=0.01)

    def test_the_official_area_is_kept_apart_from_the_computed_one(self):
        parcel = parcel_record(
            village=self.village_a, geometry=square(400, 0), survey_method="gps", official_area_m2=9_800
        )
        assert (parcel.official_area_m2, round(parcel.area_m2)) == (9_800, 10_000)

    def test_a_self_intersecting_boundary_is_refused_with_its_location(self):
        with pytest.raises(GeometryError, match="Self-intersection"):
            parcel_record(village=self.village_a, geometry=bowtie(), survey_method="gps")
        assert Parcel.objects.count() == 2

    def test_a_boundary_without_crs_is_refused(self):
        polygon = square(500, 0)
        polygon.srid = None
        with pytest.raises(GeometryError, match="coordinate reference system"):
            parcel_record(village=self.village_a, geometry=polygon, survey_method="gps")

    def test_a_multipart_boundary_is_refused(self):
        two = MultiPolygon(square(600, 0), square(800, 0), srid=4326)
        with pytest.raises(GeometryError, match="MultiPolygon"):
            parcel_record(village=self.village_a, geometry=two, survey_method="gps")

    def test_a_parcel_belongs_to_a_village_not_a_commune(self):
        with pytest.raises(ParcelError):
            parcel_record(village=self.commune, geometry=square(900, 0), survey_method="gps")

    def test_a_used_number_is_refused(self):
        with pytest.raises(ParcelError, match="TC-A-00001"):
            parcel_record(
                village=self.village_a, geometry=square(900, 0), survey_method="gps", number="TC-A-00001"
            )

    def test_the_database_keeps_numbers_unique(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Parcel.objects.filter(pk=self.parcel_b.pk).update(number=self.parcel_a.number)

    def test_the_database_refuses_a_zero_area(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Parcel.objects.filter(pk=self.parcel_a.pk).update(area_m2=0)

    def test_the_database_refuses_a_negative_accuracy(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Parcel.objects.filter(pk=self.parcel_a.pk).update(accuracy_m=-1)

    def test_parcels_are_found_by_spatial_query(self):
        probe = Polygon.from_bbox(square(50, 50, side=1).extent)
        probe.srid = 4326
        assert list(Parcel.objects.filter(geometry__intersects=probe)) == [self.parcel_a]


class FrenchMessageTests(RegistryTestCase):
    def test_errors_users_see_are_in_french_when_french_is_active(self):
        from django.utils import translation

        polygon = square(500, 0)
        polygon.srid = None
        with translation.override("fr"), pytest.raises(GeometryError, match="système de coordonnées"):
            parcel_record(village=self.village_a, geometry=polygon, survey_method="gps")
