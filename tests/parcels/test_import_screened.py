"""The checks' screening of a batch's geometries (the WKB read, validity, repeated vertices, the vertex
limit) runs in GDAL's reading thread while the main thread checks the batch before (issue 14 item 1), with
the same outcome as when the main thread screens the whole file at once."""

import json
import tempfile
import threading
from pathlib import Path
from unittest import mock

import pytest
from django.test import TestCase

from landreg.parcels.importing import checking, import_parcels, reading
from tests.base import make_territory

FRENCH = Path(__file__).parents[2].parent / "shared" / "data" / "etalab-91216-epinay-sur-orge-parcels.geojson"

pytestmark = pytest.mark.skipif(not FRENCH.exists(), reason="shared data folder not present")


def mixed_file() -> Path:
    """35 parcels of the real commune, some spoilt: a bow tie, a repeated vertex, a one-part multipolygon,
    no geometry, a point."""
    data = json.loads(FRENCH.read_text())
    features = data["features"][:35]
    ring = features[12]["geometry"]["coordinates"][0]
    features[12]["geometry"]["coordinates"] = [[ring[0], ring[2], ring[1], ring[3], ring[0]]]  # bow tie
    ring = features[15]["geometry"]["coordinates"][0]
    features[15]["geometry"]["coordinates"] = [[ring[0], ring[1], *ring[1:]]]
    features[22]["geometry"] = {
        "type": "MultiPolygon",
        "coordinates": [features[22]["geometry"]["coordinates"]],
    }
    features[25]["geometry"] = None
    features[31]["geometry"] = {"type": "Point", "coordinates": ring[0]}
    path = Path(tempfile.mkdtemp(prefix="landreg-screened-")) / "parcelles.geojson"
    path.write_text(json.dumps(data | {"features": features}))
    return path


class ScreenedInReadingThreadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        _country, _region, _commune, cls.village, _other = make_territory()

    def _report(self, batch: int):
        threads = []
        real = checking.screen

        def screen(*args, **kwargs):
            threads.append(threading.current_thread().name)
            return real(*args, **kwargs)

        with (
            mock.patch.object(reading, "BATCH", batch),
            mock.patch.object(checking, "screen", side_effect=screen),
        ):
            report = import_parcels(path=self.path, village=self.village, dry_run=True)
        return report, sorted(threads)

    def test_the_batches_after_the_first_are_screened_in_the_reading_thread_with_the_same_outcome(self):
        self.path = mixed_file()
        whole, threads = self._report(5000)
        assert threads == ["MainThread"]
        batched, threads = self._report(10)
        assert threads == [
            "MainThread",
            "landreg-import-reader",
            "landreg-import-reader",
            "landreg-import-reader",
        ]
        # (Each batch's own order: the rules per feature first, then the geometries.)
        rejected = sorted((e.feature_id, e.codes) for e in whole.errors)
        assert len(rejected) >= 3 and ("parcelles.geojson" not in str(rejected))
        assert sorted((e.feature_id, e.codes) for e in batched.errors) == rejected
        assert (batched.to_import, batched.repaired) == (whole.to_import, whole.repaired)
        assert whole.to_import == 35 - len(rejected)

    def test_split_parts_are_screened_by_the_checks_themselves(self):
        self.path = mixed_file()
        threads = []
        real = checking.screen

        def screen(*args, **kwargs):
            threads.append(threading.current_thread().name)
            return real(*args, **kwargs)

        with (
            mock.patch.object(reading, "BATCH", 10),
            mock.patch.object(checking, "screen", side_effect=screen),
        ):
            report = import_parcels(
                path=self.path, village=self.village, dry_run=True, split_multipolygons=True
            )
        assert set(threads) == {"MainThread"}
        assert report.to_import >= 30
