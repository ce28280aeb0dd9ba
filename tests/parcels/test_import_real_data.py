"""The real files in ../shared/data: every feature imported or rejected with a reason, exact counts.

Reference values measured once on these files (and cross-checked with PostGIS ST_Relate over the same
4,241 parcels): 8,462 touching pairs, 3 sliver overlaps (largest 0.13 m²), no overlap above the default
tolerance; the Catastro GeoPackage announces 264 features in its metadata but holds 186.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import TestCase

from landreg.parcels.importing import import_parcels
from landreg.parcels.models import FindingKind, Parcel, TopologyFinding
from landreg.parcels.neighbours import neighbours_of
from landreg.parcels.topology import commune_report
from tests.base import make_territory

DATA = Path(__file__).parents[2].parent / "shared" / "data"
FRENCH = DATA / "etalab-91216-epinay-sur-orge-parcels.geojson"
SPANISH = DATA / "catastro-canarias-parcels.gpkg"
FRENCH_SLIVERS = {
    ("91216000AC0328", "91216000ZB0161"),
    ("91216000AK0299", "91216000ZD0143"),
    ("91216000AO0002", "91216000ZE0012"),
}

pytestmark = pytest.mark.skipif(not FRENCH.exists(), reason="shared data folder not present")


class FrenchCadastreImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.country, cls.region, cls.commune, cls.village_a, cls.village_b = make_territory()
        cls.report = import_parcels(path=FRENCH, village=cls.village_a)

    def test_every_feature_is_imported(self):
        assert (self.report.total, self.report.imported, len(self.report.errors)) == (4241, 4241, 0)
        assert Parcel.objects.filter(village=self.village_a).count() == 4241

    def test_the_official_area_and_the_source_id_come_from_the_file(self):
        parcel = Parcel.objects.get(source_id="91216000AB0037")
        assert parcel.official_area_m2 == 254881
        assert parcel.area_srid == 32631
        assert parcel.area_m2 == pytest.approx(254881, rel=0.01)

    def test_the_known_slivers_are_reported_and_touching_parcels_are_not_flagged(self):
        assert self.report.overlaps == []
        assert {(s["a"], s["b"]) for s in self.report.slivers} == FRENCH_SLIVERS
        assert max(s["area_m2"] for s in self.report.slivers) == pytest.approx(0.13, abs=0.005)
        assert self.report.touching_pairs == 8462
        assert len(self.report.gaps) == 74
        kinds = TopologyFinding.objects.values_list("kind", flat=True)
        assert sorted(set(kinds)) == [FindingKind.GAP, FindingKind.SLIVER]
        assert list(kinds).count(FindingKind.SLIVER) == 3

    def test_running_the_same_file_again_adds_nothing(self):
        again = import_parcels(path=FRENCH, village=self.village_a)
        assert (again.imported, again.already_present) == (0, 4241)
        assert Parcel.objects.count() == 4241

    def test_the_commune_report_finds_the_same_pairs(self):
        report = commune_report(self.commune)
        assert (report.parcels, report.touching_pairs, len(report.slivers), len(report.overlaps)) == (
            4241,
            8462,
            3,
            0,
        )

    def test_a_tighter_procedure_tolerance_turns_the_biggest_sliver_into_a_conflict(self):
        from landreg.parcels.topology import Tolerance

        report = commune_report(
            self.commune, tolerance=Tolerance(overlap_m2=0.1, overlap_pct=0.0005, gap_m=0)
        )
        [overlap] = report.overlaps
        sources = set(
            Parcel.objects.filter(number__in=[overlap["a"], overlap["b"]]).values_list("source_id", flat=True)
        )
        assert sources == {"91216000AO0002", "91216000ZE0012"}

    def test_neighbours_come_with_their_side(self):
        parcel = Parcel.objects.get(source_id="91216000AC0328")
        neighbours = neighbours_of(parcel)
        assert len(neighbours) >= 3
        assert {n.direction for n in neighbours} <= {"N", "E", "S", "W"}

    def test_the_topology_report_command_prints_the_counts(self):
        out = io.StringIO()
        call_command("topology_report", "TC-C", stdout=out)
        assert (
            "4241 parcels, 8462 touching pairs, 0 overlaps (conflicts), 3 slivers, 74 gaps" in out.getvalue()
        )


class SpanishCatastroImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.country, cls.region, cls.commune, cls.village_a, cls.village_b = make_territory()

    def test_the_utm_geopackage_is_read_in_its_own_crs_and_stored_in_wgs84(self):
        report = import_parcels(path=SPANISH, village=self.village_b)
        assert (report.total, report.imported, report.errors) == (186, 186, [])
        assert report.crs == "WGS 84 / UTM zone 28N"
        assert (len(report.overlaps), len(report.slivers), len(report.gaps), report.touching_pairs) == (
            0,
            45,
            8,
            337,
        )
        parcel = Parcel.objects.get(source_id="001000300CS52D")
        assert parcel.geometry.srid == 4326 and -17 < parcel.geometry.centroid.x < -16
        assert parcel.official_area_m2 == 142 and parcel.area_m2 == pytest.approx(142, rel=0.05)
        assert parcel.area_srid == 32628

    def test_the_dry_run_reports_and_saves_nothing(self):
        out = io.StringIO()
        call_command("import_parcels", str(SPANISH), "--village", "TC-B", "--dry-run", stdout=out)
        assert "to import: 186; already present: 0; rejected: 0" in out.getvalue()
        assert "Dry run: nothing saved." in out.getvalue()
        assert Parcel.objects.count() == 0
