"""Any format GDAL reads: files are made from the real GeoJSON with ogr2ogr (gdal-bin, from set-up)."""

import json
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from django.test import TestCase, override_settings
from django.utils import translation

from landreg.core.files.untrusted_files import UntrustedFileError
from landreg.parcels.exceptions import ParcelError
from landreg.parcels.importing import ImportFailed, import_parcels
from landreg.parcels.models import Parcel
from tests.base import make_territory

DATA = Path(__file__).parents[2].parent / "shared" / "data"
FRENCH = DATA / "etalab-91216-epinay-sur-orge-parcels.geojson"
SECTION = "section = 'AB'"  # 40-odd parcels: enough to show the format works, fast enough for CI

pytestmark = pytest.mark.skipif(
    not FRENCH.exists() or not shutil.which("ogr2ogr"), reason="needs data and ogr2ogr"
)


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are matched in English here; French is checked in test_messages_fr.py."""
    with translation.override("en"):
        yield


def ogr2ogr(*args):
    subprocess.run(["ogr2ogr", *map(str, args)], check=True, capture_output=True)


class FormatTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.country, cls.region, cls.commune, cls.village, cls.other = make_territory()

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp)
        self.expected = int(
            subprocess.run(
                [
                    "ogrinfo",
                    "-q",
                    "-sql",
                    f'SELECT COUNT(*) FROM "{FRENCH.stem}" WHERE {SECTION}',
                    str(FRENCH),
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split("=")[-1]
        )

    def test_a_zipped_shapefile_is_imported_with_its_prj(self):
        shp = self.tmp / "shp"
        shp.mkdir()
        ogr2ogr("-f", "ESRI Shapefile", shp / "parcels.shp", FRENCH, "-where", SECTION, "-t_srs", "EPSG:2154")
        archive = self.tmp / "parcels.zip"
        with zipfile.ZipFile(archive, "w") as z:
            for part in shp.iterdir():
                z.write(part, part.name)
        report = import_parcels(path=archive, village=self.village)
        assert report.imported == self.expected > 10
        assert "Lambert-93" in report.crs
        # The ids survive the shapefile's 10-character field names.
        assert Parcel.objects.filter(source_id__startswith="91216000AB").count() == self.expected

    def test_kml_is_imported(self):
        ogr2ogr("-f", "KML", self.tmp / "p.kml", FRENCH, "-where", SECTION)
        report = import_parcels(path=self.tmp / "p.kml", village=self.village, mapping={"source_id": "id"})
        assert report.imported == self.expected

    def test_a_csv_with_wkt_needs_its_crs_and_says_so_for_each_feature(self):
        ogr2ogr("-f", "CSV", self.tmp / "p.csv", FRENCH, "-where", SECTION, "-lco", "GEOMETRY=AS_WKT")
        with pytest.raises(ImportFailed) as failed:
            import_parcels(path=self.tmp / "p.csv", village=self.village)
        errors = failed.value.report.errors
        assert len(errors) == self.expected and {tuple(e.codes) for e in errors} == {("missing_crs",)}
        assert Parcel.objects.count() == 0
        report = import_parcels(path=self.tmp / "p.csv", village=self.village, srid=4326)
        assert report.imported == self.expected

    def test_a_crs_without_epsg_code_is_used_through_its_definition(self):
        local = "+proj=tmerc +lat_0=48.6 +lon_0=2.3 +k=1 +x_0=1000 +y_0=2000 +ellps=WGS84 +units=m +no_defs"
        ogr2ogr("-f", "GPKG", self.tmp / "p.gpkg", FRENCH, "-where", SECTION, "-t_srs", local)
        report = import_parcels(path=self.tmp / "p.gpkg", village=self.village)
        assert report.imported == self.expected
        parcel = Parcel.objects.get(source_id="91216000AB0037")
        assert 2.29 < parcel.geometry.centroid.x < 2.35 and 48.6 < parcel.geometry.centroid.y < 48.7

    def test_a_closed_gps_track_becomes_a_parcel_and_an_open_one_is_rejected(self):
        closed = "LINESTRING(2.30 48.66, 2.301 48.66, 2.301 48.661, 2.30 48.661, 2.30 48.66)"
        open_ = "LINESTRING(2.31 48.66, 2.311 48.66, 2.311 48.661, 2.31 48.661)"
        csv = self.tmp / "walk.csv"
        csv.write_text(f'id,WKT\nwalk-1,"{closed}"\nwalk-2,"{open_}"\n')
        ogr2ogr(
            "-f",
            "GPX",
            self.tmp / "walk.gpx",
            csv,
            "-a_srs",
            "EPSG:4326",
            "-nlt",
            "MULTILINESTRING",
            "-lco",
            "FORCE_GPX_TRACK=YES",
            "-dsco",
            "GPX_USE_EXTENSIONS=YES",
        )
        with pytest.raises(ImportFailed) as failed:
            import_parcels(path=self.tmp / "walk.gpx", village=self.village)
        [error] = failed.value.report.errors
        assert error.codes == ["unclosed_ring"] and "not closed" in error.message
        report = import_parcels(path=self.tmp / "walk.gpx", village=self.village, repair=True)
        assert report.imported == 2 and report.repaired == 1


class AllOrNothingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.country, cls.region, cls.commune, cls.village, cls.other = make_territory()

    def write(self, features):
        path = Path(tempfile.mkdtemp()) / "f.geojson"
        self.addCleanup(shutil.rmtree, path.parent)
        path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
        return path

    def feature(self, fid, ring):
        return {
            "type": "Feature",
            "properties": {"id": fid},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }

    def test_one_bad_feature_stops_the_whole_file_and_names_the_feature(self):
        good = self.feature("ok-1", [[-3, 12], [-2.999, 12], [-2.999, 12.001], [-3, 12.001], [-3, 12]])
        bowtie = self.feature(
            "bad-7", [[-3, 12.2], [-2.999, 12.201], [-2.999, 12.2], [-3, 12.201], [-3, 12.2]]
        )
        twin = self.feature("ok-1", [[-3, 12.3], [-2.999, 12.3], [-2.999, 12.301], [-3, 12.301], [-3, 12.3]])
        with pytest.raises(ImportFailed) as failed:
            import_parcels(path=self.write([good, bowtie, twin]), village=self.village)
        by_id = {e.feature_id: e for e in failed.value.report.errors}
        assert by_id["bad-7"].codes == ["self_intersection"] and "-2.9995" in by_id["bad-7"].message
        assert by_id["ok-1"].codes == ["duplicate_id"]
        assert Parcel.objects.count() == 0

    def test_an_overlap_above_the_tolerance_is_imported_as_a_conflict(self):
        a = self.feature("a", [[-3, 12], [-2.999, 12], [-2.999, 12.001], [-3, 12.001], [-3, 12]])
        b = self.feature(
            "b", [[-2.9995, 12], [-2.998, 12], [-2.998, 12.001], [-2.9995, 12.001], [-2.9995, 12]]
        )
        report = import_parcels(path=self.write([a, b]), village=self.village)
        assert report.imported == 2
        assert [(o["a"], o["b"]) for o in report.overlaps] == [("a", "b")]
        parcel = Parcel.objects.get(source_id="a")
        assert parcel.findings_as_a.count() + parcel.findings_as_b.count() == 1

    def test_an_unknown_file_or_a_commune_is_refused_clearly(self):
        with pytest.raises(UntrustedFileError, match="no such file"):
            import_parcels(path="/nonexistent.geojson", village=self.village)
        with pytest.raises(ParcelError, match="village"):
            import_parcels(path=FRENCH, village=self.commune)


class LimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.country, cls.region, cls.commune, cls.village, cls.other = make_territory()

    write = AllOrNothingTests.write
    feature = AllOrNothingTests.feature

    def square(self, fid, x, vertices=4):
        step = 0.001 / vertices
        ring = [[-3 + x + k * step, 12] for k in range(vertices)] + [
            [-3 + x + 0.001, 12.001],
            [-3 + x, 12.001],
        ]
        return self.feature(fid, ring + [ring[0]])

    def test_a_file_with_more_features_than_the_limit_is_refused_before_checking(self):
        path = self.write([self.square(f"s{k}", k * 0.002) for k in range(3)])
        with (
            override_settings(LANDREG_IMPORT_MAX_FEATURES=2),
            pytest.raises(UntrustedFileError, match="at most 2"),
        ):
            import_parcels(path=path, village=self.village)
        assert Parcel.objects.count() == 0

    def test_a_boundary_with_more_vertices_than_the_limit_is_named(self):
        path = self.write([self.square("small", 0), self.square("huge", 0.002, vertices=50)])
        with override_settings(LANDREG_IMPORT_MAX_VERTICES=20), pytest.raises(ImportFailed) as failed:
            import_parcels(path=path, village=self.village)
        [error] = failed.value.report.errors
        assert (error.feature_id, error.codes) == ("huge", ["too_many_vertices"])
