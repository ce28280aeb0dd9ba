"""Each kind of bad boundary gets its own error (with where), and a repair only when asked, recorded."""

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.utils import translation

from landreg.parcels.checks import AreaLimits, BoundaryErrors, check_boundaries, check_boundary
from landreg.parcels.models import BoundaryRepair, Parcel
from landreg.parcels.services import parcel_record
from tests.base import RegistryTestCase
from tests.geometries import bowtie, square


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are matched in English here; French is checked in test_messages_fr.py."""
    with translation.override("en"):
        yield


def codes_of(value, **kwargs):
    with pytest.raises(BoundaryErrors) as caught:
        check_boundary(value, **kwargs)
    return caught.value.codes, str(caught.value), caught.value.issues


class GeometryCheckTests(RegistryTestCase):
    def test_a_self_intersection_is_reported_with_its_location(self):
        codes, message, issues = codes_of(bowtie())
        assert codes == ["self_intersection"]
        assert issues[0].location == pytest.approx((-2.9995, 12.2005))
        assert "-2.9995" in message and "12.2005" in message

    def test_a_ring_of_two_points_is_too_few(self):
        codes, message, _ = codes_of("POLYGON((-3 12, -2.999 12, -3 12))", srid=4326)
        assert codes == ["too_few_points"]
        assert "2 distinct points" in message

    def test_an_unclosed_ring_is_named_as_such(self):
        codes, message, _ = codes_of(
            {"type": "Polygon", "coordinates": [[[-3, 12], [-2.999, 12], [-2.999, 12.001], [-3, 12.001]]]}
        )
        assert "unclosed_ring" in codes
        assert "not closed" in message

    def test_duplicate_vertices_are_reported_where_they_are(self):
        wkt = "POLYGON((-3 12, -2.999 12, -2.999 12, -2.999 12.001, -3 12.001, -3 12))"
        codes, message, issues = codes_of(wkt, srid=4326)
        assert codes == ["duplicate_vertices"]
        assert issues[0].location == (-2.999, 12)

    def test_zero_and_absurd_areas_are_refused(self):
        flat = "POLYGON((-3 12, -2.999 12, -2.998 12, -3 12))"
        assert codes_of(flat, srid=4326)[0][0] in {"zero_area", "invalid", "self_intersection"}
        tiny = square(0, 0, side=0.1)
        assert codes_of(tiny)[0] == ["zero_area"]
        huge = square(0, 0, side=20_000)
        assert codes_of(huge)[0] == ["absurd_area"]

    def test_a_missing_or_unknown_crs_is_refused(self):
        polygon = square(0, 0)
        polygon.srid = None
        assert codes_of(polygon)[0] == ["missing_crs"]
        assert codes_of("POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))")[0] == ["missing_crs"]

    def test_swapped_latitude_and_longitude_are_recognised(self):
        # Paris given as (lat, lon) with a longitude-like latitude out of range: 48.8 E, 2.3 N is a swap
        # only if the village says so; a latitude of 120 cannot be one.
        codes, message, _ = codes_of(
            "POLYGON((12 120, 12.001 120, 12.001 120.001, 12 120.001, 12 120))", srid=4326
        )
        assert codes == ["swapped_axes"]
        assert "wrong order" in message

    def test_swapped_axes_are_caught_against_the_village_boundary(self):
        village = self.village_a
        village.boundary = MultiPolygon(Polygon.from_bbox((-4, 11, -2, 13)), srid=4326)
        swapped = "POLYGON((12.2 -3, 12.201 -3, 12.201 -2.999, 12.2 -2.999, 12.2 -3))"
        assert codes_of(swapped, srid=4326, village=village)[0] == ["swapped_axes"]

    def test_a_parcel_outside_its_village_or_commune_is_refused(self):
        village = self.village_a
        village.boundary = MultiPolygon(Polygon.from_bbox(square(0, 0, side=300).extent), srid=4326)
        codes, _, issues = codes_of(square(250, 0), village=village)
        assert codes == ["outside_village"]
        assert issues[0].location is not None
        commune = village.parent
        commune.boundary = MultiPolygon(Polygon.from_bbox(square(0, 0, side=150).extent), srid=4326)
        village.boundary = None
        village.parent = commune
        assert codes_of(square(100, 0), village=village)[0] == ["outside_commune"]
        assert check_boundary(square(20, 20, side=50), village=village).area_m2 > 0


class RepairTests(RegistryTestCase):
    def test_nothing_is_repaired_unless_asked(self):
        with pytest.raises(BoundaryErrors):
            parcel_record(village=self.village_a, geometry=bowtie(), survey_method="gps")
        assert Parcel.objects.count() == 2 and BoundaryRepair.objects.count() == 0

    def test_a_requested_repair_is_recorded_with_the_original(self):
        # A walk that went out to a post and came back: a spike, repaired by make_valid into one polygon.
        spike = (
            "SRID=4326;POLYGON((-3 12, -2.999 12, -2.999 12.001, -2.9995 12.001, "
            "-2.9995 12.0015, -2.9995 12.001, -3 12.001, -3 12))"
        )
        parcel = parcel_record(
            village=self.village_a, geometry=spike, survey_method="gps", repair=True, source_id="walk-1"
        )
        assert parcel.geometry.valid and parcel.geometry.num_coords <= 7
        repair = BoundaryRepair.objects.get(parcel=parcel)
        assert [i["code"] for i in repair.issues] == ["self_intersection"]
        assert repair.original_wkt.startswith("POLYGON ((-3 12,")

    def test_a_repair_that_would_split_the_parcel_is_refused(self):
        with pytest.raises(BoundaryErrors, match="2 polygons"):
            parcel_record(village=self.village_a, geometry=bowtie(), survey_method="gps", repair=True)

    def test_an_unclosed_walk_with_repeated_points_is_closed_and_cleaned_on_request(self):
        walk = {
            "type": "Polygon",
            "coordinates": [[[-3, 12], [-2.999, 12], [-2.999, 12], [-2.999, 12.001], [-3, 12.001]]],
        }
        parcel = parcel_record(village=self.village_a, geometry=walk, survey_method="gps", repair=True)
        assert len(parcel.geometry.exterior_ring) == 5
        assert {i["code"] for i in parcel.repairs.get().issues} == {"unclosed_ring", "duplicate_vertices"}


class BatchCheckTests(RegistryTestCase):
    """check_boundaries, the batch form used by a device's sync, checked against check_boundary itself."""

    def test_a_batch_gets_the_same_answers_as_each_boundary_checked_alone(self):
        village = self.village_a
        village.boundary = MultiPolygon(Polygon.from_bbox((-4, 11, -2, 13)), srid=4326)
        good = square(0, 0)
        repeated = Polygon([good.coords[0][0], *good.coords[0]], srid=4326)  # the first vertex twice
        holed = Polygon(square(0, 0).coords[0], square(20, 20, side=10).coords[0], srid=4326)
        lifted = Polygon([(x, y, 300.0) for x, y in good.coords[0]], srid=4326)  # GPS altitude
        swapped = Polygon([(y, x) for x, y in good.coords[0]], srid=4326)
        tiny = square(0, 0, side=0.1)
        values = [good, bowtie(), repeated, holed, lifted, swapped, tiny, square(300, 0, side=50)]
        limits = AreaLimits.for_village(village)
        batch = check_boundaries(values, village=village, limits=limits)
        for value, found in zip(values, batch, strict=True):
            try:
                alone = check_boundary(value, srid=4326, village=village, containment=False, limits=limits)
            except BoundaryErrors as errors:
                assert isinstance(found, BoundaryErrors) and found.codes == errors.codes, value.wkt
            else:
                assert not isinstance(found, BoundaryErrors), found
                assert found.equals_exact(alone.polygon) and not found.hasz, value.wkt
        assert [isinstance(f, BoundaryErrors) for f in batch] == [
            False,
            True,
            True,
            False,
            False,
            True,
            True,
            False,
        ]
