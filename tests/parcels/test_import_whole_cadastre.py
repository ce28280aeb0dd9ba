"""Real cadastres imported whole (issue 14, item 2).

A commune's cadastre often comes as several sheet files, one per section, whose features carry no
identifier of their own and are numbered from 0 in each file. Before, the fallback id ``fid:N`` restarted
in each file, so the second sheet's parcels were taken for the first's ("already present") and dropped
with exit status 0. The sheets here are cut from the real Épinay-sur-Orge cadastre in ../shared/data.
"""

import json
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from landreg.accounts.roles import Role
from landreg.adjudication.models import ProcedureProfile
from landreg.adjudication.profiles import PRESETS, profile_assign
from landreg.core.db import planner_statistics
from landreg.parcels import tasks
from landreg.parcels.checks import BoundaryErrors, check_boundary
from landreg.parcels.exporting import export_parcels
from landreg.parcels.importing import ImportFailed, import_parcels
from landreg.parcels.models import ImportJob, ImportStatus, Parcel, ParcelVersion, TopologyFinding
from tests.base import make_territory, make_user
from tests.browser_forms import flat, form_data

FRENCH = Path(__file__).parents[2].parent / "shared" / "data" / "etalab-91216-epinay-sur-orge-parcels.geojson"
SECTIONS = ("AC", "AM", "AP", "AR")  # 198 + 135 + 90 + 114 parcels, neighbours along their edges

pytestmark = pytest.mark.skipif(not FRENCH.exists(), reason="shared data folder not present")


def cut_into_sheets(directory: Path) -> dict[str, dict]:
    """One GeoJSON per section, with the parcels' attributes but not their ``id``: what a cadastre
    delivered sheet by sheet looks like. Returns {file name: the section's features by their id}."""
    features = json.loads(FRENCH.read_text())["features"]
    sheets = {}
    for section in SECTIONS:
        kept = [f for f in features if f["properties"]["section"] == section]
        name = f"feuille-{section}.geojson"
        stripped = [
            {
                "type": "Feature",
                "properties": {k: v for k, v in f["properties"].items() if k != "id"},
                "geometry": f["geometry"],
            }
            for f in kept
        ]
        (directory / name).write_text(json.dumps({"type": "FeatureCollection", "features": stripped}))
        sheets[name] = {f["id"]: f for f in kept}
    return sheets


def collection(*features) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def polygon_feature(fid, ring, **properties):
    return {
        "type": "Feature",
        "properties": {"id": fid, **properties},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def square_ring(west, south, side_deg):
    return [
        [west, south],
        [west + side_deg, south],
        [west + side_deg, south + side_deg],
        [west, south + side_deg],
        [west, south],
    ]


# About 1.1 m × 1.1 m at 48.7° N: a genuine Paris-sized parcel, 1.2 m².
ONE_METRE = 0.0000135


class SheetsOfOneCommuneTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.country, cls.region, cls.commune, cls.village, cls.other_village = make_territory()
        cls.directory = Path(tempfile.mkdtemp(prefix="landreg-sheets-"))
        cls.sheets = cut_into_sheets(cls.directory)
        cls.reports = [
            import_parcels(path=cls.directory / name, village=cls.village) for name in sorted(cls.sheets)
        ]

    def test_every_parcel_of_every_sheet_is_imported_once(self):
        expected = sum(len(features) for features in self.sheets.values())
        assert expected == 537
        assert [r.imported for r in self.reports] == [len(self.sheets[n]) for n in sorted(self.sheets)]
        assert all(not r.errors and r.already_present == 0 for r in self.reports)
        assert Parcel.objects.filter(village=self.village).count() == expected
        source_ids = list(Parcel.objects.values_list("source_id", flat=True))
        assert len(set(source_ids)) == expected

    def test_a_feature_without_an_identifier_is_named_by_file_layer_and_position(self):
        assert Parcel.objects.filter(source_id="feuille-AM.geojson:feuille-AM:0").exists()
        assert Parcel.objects.filter(source_id="feuille-AC.geojson:feuille-AC:0").exists()

    def test_each_parcel_keeps_its_official_area_and_no_land_use_is_invented(self):
        stored = dict(Parcel.objects.values_list("source_id", "official_area_m2"))
        for name, features in self.sheets.items():
            for position, feature in enumerate(features.values()):
                # A contenance of 0 is "not stated", not an area.
                assert stored[f"{name}:{name[:-8]}:{position}"] == (
                    feature["properties"].get("contenance") or None
                )
        assert set(Parcel.objects.values_list("land_use", flat=True)) == {""}

    def test_importing_the_sheets_again_adds_nothing(self):
        again = [import_parcels(path=self.directory / n, village=self.village) for n in sorted(self.sheets)]
        assert sum(r.already_present for r in again) == 537 and sum(r.imported for r in again) == 0
        assert Parcel.objects.count() == 537


class RoundTripTests(TestCase):
    """The registry's own export read back keeps its numbers and official areas."""

    @classmethod
    def setUpTestData(cls):
        cls.country, cls.region, cls.commune, cls.village, cls.other_village = make_territory()
        cls.clerk = make_user("clerk", Role.FIELD_AGENT, cls.village)
        cls.directory = Path(tempfile.mkdtemp(prefix="landreg-roundtrip-"))
        cls.sheets = cut_into_sheets(cls.directory)
        import_parcels(path=cls.directory / "feuille-AP.geojson", village=cls.village)

    def exported(self, fmt):
        path, _name = export_parcels(user=self.clerk, fmt=fmt, directory=tempfile.mkdtemp())
        return path

    def test_an_export_read_back_into_the_same_village_is_already_there(self):
        report = import_parcels(path=self.exported("gpkg"), village=self.village)
        assert (report.already_present, report.imported, report.errors) == (90, 0, [])

    def test_an_export_read_into_an_empty_registry_keeps_numbers_areas_and_land_uses(self):
        self.read_into_an_empty_registry("gpkg")

    def test_the_zipped_shapefile_export_keeps_the_official_areas_too(self):
        # Seen on the demo: the Shapefile export's columns are cut to 10 characters (official_a), so its
        # official areas were not read back.
        self.read_into_an_empty_registry("shp")

    def test_the_csv_export_reads_back_alike_given_its_crs(self):
        self.read_into_an_empty_registry("csv", srid=4326)  # a CSV says no CRS: --srid, as the page's field

    def test_the_geojson_export_reads_back_alike(self):
        self.read_into_an_empty_registry("geojson")

    def read_into_an_empty_registry(self, fmt, srid=None):
        Parcel.objects.filter(number=Parcel.objects.order_by("number").first().number).update(
            land_use="orchard"
        )
        before = {p.number: (p.official_area_m2, p.land_use, p.source_id) for p in Parcel.objects.all()}
        path = self.exported(fmt)
        TopologyFinding.objects.all().delete()
        # A fresh registry, as on the server the export is moved to (records are never deleted otherwise).
        ParcelVersion.objects.all()._raw_delete(ParcelVersion.objects.db)
        Parcel.objects.all()._raw_delete(Parcel.objects.db)
        try:
            report = import_parcels(path=path, village=self.village, srid=srid)
        except ImportFailed as failed:
            raise AssertionError([e.message for e in failed.report.errors[:3]]) from failed
        assert (report.imported, report.errors) == (90, [])
        after = {p.number: (p.official_area_m2, p.land_use, p.source_id) for p in Parcel.objects.all()}
        assert after == before

    def test_a_number_given_to_a_parcel_of_another_village_is_refused_for_that_feature(self):
        path = self.exported("geojson")
        with pytest.raises(ImportFailed) as failure:
            import_parcels(path=path, village=self.other_village)
        assert {e.codes[0] for e in failure.value.report.errors} == {"number_taken"}
        assert Parcel.objects.filter(village=self.other_village).count() == 0


class ProcedureLimitsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.country, cls.region, cls.commune, cls.village, _other = make_territory()
        data = {**next(p for p in PRESETS if p["code"] == "bf-apfr")}
        cls.profile, _created = ProcedureProfile.objects.get_or_create(code=data.pop("code"), defaults=data)
        profile_assign(commune=cls.commune, profile=cls.profile)

    def write(self, body: str) -> Path:
        path = Path(tempfile.mkdtemp()) / "paris.geojson"
        path.write_text(body)
        return path

    def file_with_a_small_parcel(self):
        return self.write(
            collection(
                polygon_feature("75101000AB0001", square_ring(2.34, 48.86, ONE_METRE)),
                polygon_feature("75101000AB0002", square_ring(2.3401, 48.86, 0.0005)),
            )
        )

    def test_a_genuine_one_square_metre_parcel_passes_where_the_procedure_allows_it(self):
        self.profile.min_parcel_area_m2 = 0.5
        self.profile.save()
        report = import_parcels(path=self.file_with_a_small_parcel(), village=self.village)
        assert report.imported == 2
        assert Parcel.objects.get(source_id="75101000AB0001").area_m2 == pytest.approx(1.5, abs=0.2)

    def test_a_procedure_refusing_small_parcels_names_its_limit(self):
        self.profile.min_parcel_area_m2 = 10
        self.profile.save()
        with pytest.raises(ImportFailed) as failure:
            import_parcels(path=self.file_with_a_small_parcel(), village=self.village)
        [error] = failure.value.report.errors
        assert error.feature_id == "75101000AB0001" and error.codes == ["zero_area"]
        assert "10 m²" in error.message
        assert Parcel.objects.count() == 0

    def test_a_boundary_drawn_in_the_village_follows_the_same_limit(self):
        from django.contrib.gis.geos import Polygon

        self.profile.min_parcel_area_m2 = 10
        self.profile.save()
        small = Polygon(square_ring(2.34, 48.86, ONE_METRE), srid=4326)
        with pytest.raises(BoundaryErrors) as failure:
            check_boundary(small, village=self.village)
        assert failure.value.codes == ["zero_area"]
        self.profile.min_parcel_area_m2 = 1
        self.profile.save()
        assert check_boundary(small, village=self.village).area_m2 > 1

    def test_limits_that_contradict_each_other_are_refused(self):
        from django.core.exceptions import ValidationError

        from landreg.adjudication.profile_rules import validate_profile

        self.profile.min_parcel_area_m2, self.profile.max_parcel_area_m2 = 100, 50
        with pytest.raises(ValidationError) as failure:
            validate_profile(self.profile)
        assert "max_parcel_area_m2" in failure.value.message_dict


def file_with_one_bad_feature() -> str:
    bowtie = [[-3, 12.2], [-2.999, 12.201], [-2.999, 12.2], [-3, 12.201], [-3, 12.2]]
    return collection(
        polygon_feature("bon-1", square_ring(-3.0, 12.0, 0.001)),
        polygon_feature("noeud-2", bowtie),
        polygon_feature("bon-3", square_ring(-2.99, 12.0, 0.001)),
    )


class KeepValidTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.country, cls.region, cls.commune, cls.village, _other = make_territory()
        cls.agent = make_user("agent", Role.FIELD_AGENT, cls.village)

    def setUp(self):
        self.directory = Path(tempfile.mkdtemp())
        self.path = self.directory / "levés.geojson"
        self.path.write_text(file_with_one_bad_feature())

    def test_all_or_nothing_stays_the_rule(self):
        with pytest.raises(ImportFailed):
            import_parcels(path=self.path, village=self.village)
        assert Parcel.objects.count() == 0

    def test_asked_to_keep_the_valid_ones_the_import_saves_them_and_lists_the_other(self):
        report = import_parcels(path=self.path, village=self.village, keep_valid=True)
        assert report.imported == 2 and [e.feature_id for e in report.errors] == ["noeud-2"]
        assert set(Parcel.objects.values_list("source_id", flat=True)) == {"bon-1", "bon-3"}

    def test_the_command_takes_the_option_and_says_what_it_left_out(self):
        from io import StringIO

        with pytest.raises(CommandError):
            call_command("import_parcels", str(self.path), village=self.village.code, stdout=StringIO())
        out = StringIO()
        call_command("import_parcels", str(self.path), "--keep-valid", village=self.village.code, stdout=out)
        assert "Imported 2 parcels; 1 features left out." in out.getvalue()
        assert "noeud-2" in out.getvalue()

    def test_the_page_offers_the_option_and_the_job_is_done_in_part(self):
        from unittest import mock

        with override_settings(MEDIA_ROOT=str(self.directory)):
            self.client.force_login(self.agent)
            page = self.client.get("/parcels/import/").content.decode()
            assert 'name="keep_valid"' in page
            data = flat(form_data(page))
            data.pop("dry_run", None)  # the user unticks the dry run and ticks "keep the valid ones"
            data.update(
                keep_valid="on",
                village=str(self.village.pk),
                file=SimpleUploadedFile("levés.geojson", self.path.read_bytes()),
            )
            with mock.patch.object(tasks, "run_import_job"), self.captureOnCommitCallbacks(execute=True):
                response = self.client.post("/parcels/import/", data)
            job = ImportJob.objects.get()
            assert response.status_code == 302 and job.keep_valid and job.file_name == "levés.geojson"
            tasks.run_import(job.pk)
            job.refresh_from_db()
            assert job.status == ImportStatus.PARTIAL and job.report["imported"] == 2
            shown = self.client.get(f"/parcels/import/{job.pk}/").content.decode()
        assert "noeud-2" in shown and Parcel.objects.count() == 2
        assert Parcel.objects.filter(source_id="bon-1").exists()


class MultipolygonTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.country, cls.region, cls.commune, cls.village, _other = make_territory()

    def setUp(self):
        self.path = Path(tempfile.mkdtemp()) / "deux-morceaux.geojson"
        parts = [[square_ring(-3.0, 12.0, 0.001)], [square_ring(-2.99, 12.0, 0.001)]]
        self.path.write_text(
            collection(
                {
                    "type": "Feature",
                    "properties": {"id": "champ-7", "contenance": 24000, "land_use": "orchard"},
                    "geometry": {"type": "MultiPolygon", "coordinates": parts},
                }
            )
        )

    def test_a_multipolygon_is_refused_unless_splitting_is_asked(self):
        with pytest.raises(ImportFailed) as failure:
            import_parcels(path=self.path, village=self.village)
        assert failure.value.report.errors[0].codes == ["not_polygon"]

    def test_split_on_request_each_part_is_a_parcel_without_the_wholes_official_area(self):
        report = import_parcels(path=self.path, village=self.village, split_multipolygons=True)
        assert (report.total, report.parts_split, report.imported) == (1, 1, 2)
        parts = Parcel.objects.order_by("source_id")
        assert [p.source_id for p in parts] == ["champ-7#1", "champ-7#2"]
        assert [(p.official_area_m2, p.land_use) for p in parts] == [(None, "orchard")] * 2
        again = import_parcels(path=self.path, village=self.village, split_multipolygons=True)
        assert (again.already_present, again.imported) == (2, 0)


class StatisticsAfterImportTests(TestCase):
    """On both databases: SQLite never gathers statistics by itself (core/db/planner_statistics)."""

    @classmethod
    def setUpTestData(cls):
        cls.country, cls.region, cls.commune, cls.village, _other = make_territory()

    def planner_rows(self) -> float:
        # ANALYZE writes pg_class.reltuples in place (sqlite_stat1 in the transaction): seen at once.
        return planner_statistics.estimated_rows("parcels_parcel")

    def test_the_planner_statistics_are_refreshed_once_the_import_is_committed(self):
        directory = Path(tempfile.mkdtemp())
        cut_into_sheets(directory)
        # Other tests of the run may have left any estimate (autovacuum): make this import count as large.
        with (
            mock.patch("landreg.parcels.importing.writing.ANALYZE_SHARE", 0),
            self.captureOnCommitCallbacks(execute=True),
        ):
            import_parcels(path=directory / "feuille-AC.geojson", village=self.village)
        assert self.planner_rows() == Parcel.objects.count() == 198


def test_an_import_refreshes_the_statistics_when_it_adds_a_tenth_of_the_table_or_they_were_never_taken():
    from landreg.parcels.importing import needs_analyze

    assert needs_analyze(10, -1) and needs_analyze(10, 0)  # never analysed
    assert needs_analyze(10_000, 100_000) and not needs_analyze(9_999, 100_000)
