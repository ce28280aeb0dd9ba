"""The import streams (issue 14 item 1): memory bounded by a batch, not by the file.

The file is read a batch at a time through GDAL's columnar stream, each batch is checked and written to
a staging table, and the pairs are found a cell of the extent at a time; what used to hold every feature
(and every boundary) in Python at once grew to 1.09 GB at 100,000 parcels. These tests fail if the reader
hands over the file whole, if the columnar stream is not used for a GeoJSON file, if a pair is lost or
counted twice where two cells meet, or if the staging table outlives the import.
"""

import json
import tempfile
import threading
from pathlib import Path
from unittest import mock

import pytest
from django.db import connection
from django.test import TestCase

from landreg.core.files.untrusted_files import UntrustedFileError
from landreg.parcels.importing import arrow, import_parcels, reading, staging
from landreg.parcels.models import Parcel, TopologyFinding
from tests.base import make_territory

FRENCH = Path(__file__).parents[2].parent / "shared" / "data" / "etalab-91216-epinay-sur-orge-parcels.geojson"
SPANISH = Path(__file__).parents[2].parent / "shared" / "data" / "catastro-canarias-parcels.gpkg"

pytestmark = pytest.mark.skipif(not FRENCH.exists(), reason="shared data folder not present")


def first_parcels(n: int) -> Path:
    """The first ``n`` parcels of the real French commune, as a GeoJSON file of their own."""
    data = json.loads(FRENCH.read_text())
    data["features"] = data["features"][:n]
    path = Path(tempfile.mkdtemp(prefix="landreg-stream-")) / "parcelles.geojson"
    path.write_text(json.dumps(data))
    return path


class StreamingReadTests(TestCase):
    def test_the_reader_hands_the_file_over_in_batches_of_at_most_batch_features(self):
        path = first_parcels(250)
        source, layer = reading.open_layer(path)
        fields = reading.field_map(layer, None)
        with mock.patch.object(reading, "BATCH", 100):
            sizes = [
                len(rows)
                for rows in reading.batches(source, layer, fields, file_name=path.name, max_features=10_000)
            ]
        assert sizes == [100, 100, 50]

    def test_a_file_with_more_features_than_allowed_is_refused_and_its_reader_thread_stopped(self):
        path = first_parcels(450)
        source, layer = reading.open_layer(path)
        fields = reading.field_map(layer, None)
        with mock.patch.object(reading, "BATCH", 100), pytest.raises(UntrustedFileError):
            for _rows in reading.batches(source, layer, fields, file_name=path.name, max_features=150):
                pass
        assert not [t for t in threading.enumerate() if t.name == "landreg-import-reader"]

    def test_a_geojson_file_is_read_through_gdals_columnar_stream_with_its_ids(self):
        path = first_parcels(30)
        source, layer = reading.open_layer(path)
        with mock.patch.object(reading, "_by_feature", side_effect=AssertionError("feature by feature")):
            rows = [
                row
                for rows in reading.batches(
                    source, layer, reading.field_map(layer, None), file_name=path.name, max_features=100
                )
                for row in rows
            ]
        expected = [f["id"] for f in json.loads(path.read_text())["features"]]
        assert [row[0] for row in rows] == expected
        assert all(row[2][:1] in (b"\x00", b"\x01") for row in rows)  # WKB, either byte order

    def test_the_columnar_stream_reads_numbers_and_text_as_the_feature_reader_does(self):
        path = first_parcels(20)
        source, layer = reading.open_layer(path)
        names = [name for name in layer.fields if name not in ("created", "updated")]  # dates: not read
        assert {"id", "commune", "contenance"} <= set(names)
        (fids, columns, wkbs), *_rest = list(arrow.batches(layer, names, batch_size=100))
        by_feature = next(reading._by_feature(layer, names))
        assert fids == by_feature[0]
        for name in names:
            assert columns[name] == by_feature[1][name], name
        assert len(wkbs) == 20

    def test_a_geopackage_imports_each_feature_once(self):
        # GDAL 3.6's own GeoPackage stream repeats features: that file is read feature by feature.
        source, layer = reading.open_layer(SPANISH)
        ids = [
            row[0]
            for rows in reading.batches(
                source, layer, reading.field_map(layer, None), file_name=SPANISH.name, max_features=1000
            )
            for row in rows
        ]
        assert len(ids) == len(set(ids)) == 186  # the rows it holds (its metadata announces 264)


class SeenAcrossBatchesTests(TestCase):
    """The ids and numbers already read are kept in the database (memory flat as the file grows), and a
    second feature with the same id or number is still refused when it comes in a later batch."""

    @classmethod
    def setUpTestData(cls):
        _country, _region, _commune, cls.village, _other = make_territory()

    def test_an_id_or_a_number_repeated_in_a_later_batch_is_refused(self):
        data = json.loads(FRENCH.read_text())
        features = data["features"][:6]
        for k, feature in enumerate(features):
            feature["properties"]["number"] = f"N-{k}"
        features[4]["properties"]["id"] = features[0]["properties"]["id"]  # batch 3 repeats an id of batch 1
        features[5]["properties"]["number"] = "N-1"  # and a number of batch 1
        data["features"] = features
        path = Path(tempfile.mkdtemp(prefix="landreg-seen-")) / "parcelles.geojson"
        path.write_text(json.dumps(data))
        remember = mock.patch.object(
            staging.Stage, "remember", autospec=True, side_effect=staging.Stage.remember
        )
        first_ids = []  # the ids each batch brought first (remembered with them)

        def first_seen(stage, kind, values):
            found = real_first_seen(stage, kind, values)
            first_ids.extend(found)
            return found

        real_first_seen = staging.Stage.first_seen
        with (
            mock.patch.object(reading, "BATCH", 2),
            remember as remembered,
            mock.patch.object(staging.Stage, "first_seen", first_seen),
        ):
            report = import_parcels(path=path, village=self.village, dry_run=True)
        codes = {e.feature_id: e.codes for e in report.errors}
        ids = [f["properties"]["id"] for f in features]
        assert codes == {ids[0]: ["duplicate_id"], ids[5]: ["duplicate_number"]}
        kept = [(c.args[1], v) for c in remembered.call_args_list for v in c.args[2]]
        assert sorted(first_ids) == sorted(set(ids))  # each once: the repeated one was seen before
        # N-4 came with the repeated id: refused before its number was read.
        assert sorted(v for kind, v in kept if kind == "number") == [f"N-{k}" for k in range(4)]


class CellsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        _country, _region, _commune, cls.village, cls.other = make_territory()
        cls.path = first_parcels(600)

    def test_pairs_found_a_cell_at_a_time_are_those_found_in_one_go(self):
        whole = import_parcels(path=self.path, village=self.village, dry_run=True)
        with mock.patch.object(staging, "CELL", 40):  # 15 cells over 600 parcels
            cut = import_parcels(path=self.path, village=self.village, dry_run=True)
        assert whole.touching_pairs > 1000
        assert cut.touching_pairs == whole.touching_pairs
        for kind in ("overlaps", "slivers", "gaps"):
            assert sorted(map(str, getattr(cut, kind))) == sorted(map(str, getattr(whole, kind))), kind

    def test_pairs_with_stored_parcels_are_counted_once_across_cells(self):
        first = first_parcels(300)
        import_parcels(path=first, village=self.other)
        whole = import_parcels(path=self.path, village=self.village, dry_run=True)
        with mock.patch.object(staging, "CELL", 30):
            cut = import_parcels(path=self.path, village=self.village, dry_run=True)
        # Every feature of the first 300 lies exactly on a stored parcel: an overlap each, at least.
        assert len(whole.overlaps) >= 300
        assert sorted(map(str, cut.overlaps)) == sorted(map(str, whole.overlaps))
        assert cut.touching_pairs == whole.touching_pairs

    def test_the_staging_table_is_gone_after_a_dry_run_and_after_an_import(self):
        import_parcels(path=self.path, village=self.village, dry_run=True)
        assert not _staging_exists()
        report = import_parcels(path=self.path, village=self.village)
        assert report.imported == Parcel.objects.filter(village=self.village).count() == 600
        assert not _staging_exists()

    def test_the_pairs_are_compared_in_a_thread_while_the_parcels_are_saved(self):
        # The comparison of the first cell waits until the parcels are in the table: it runs beside the
        # save, not before it (an import comparing first and saving after would never get there).
        saved, threads = threading.Event(), set()
        real_pairs, real_insert = staging._cell_pairs, staging.Stage.insert_parcels

        def cell_pairs(*args):
            threads.add(threading.current_thread().name)
            assert saved.wait(timeout=60), "the parcels were not saved while the pairs were compared"
            return real_pairs(*args)

        def insert(stage, *args, **kwargs):
            hashed = real_insert(stage, *args, **kwargs)
            saved.set()
            return hashed

        with (
            mock.patch.object(staging, "_cell_pairs", cell_pairs),
            mock.patch.object(staging.Stage, "insert_parcels", insert),
        ):
            report = import_parcels(path=first_parcels(200), village=self.village)
        assert report.imported == 200 and report.touching_pairs > 300
        assert threads == {"landreg-import-pairs"}
        findings = report.overlap_count + report.sliver_count + report.gap_count
        assert findings and TopologyFinding.objects.count() == findings

    def test_a_failure_while_comparing_the_pairs_saves_nothing(self):
        with (
            mock.patch.object(staging, "_cell_pairs", side_effect=RuntimeError("comparison failed")),
            pytest.raises(RuntimeError, match="comparison failed"),
        ):
            import_parcels(path=first_parcels(50), village=self.village)
        assert not Parcel.objects.filter(village=self.village).exists()
        assert not _staging_exists()


def _staging_exists() -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f"pg_temp.{staging.STAGE}"])
        else:
            cursor.execute("SELECT count(*) FROM sqlite_temp_master WHERE name = %s", [staging.STAGE])
        return bool(cursor.fetchone()[0])
