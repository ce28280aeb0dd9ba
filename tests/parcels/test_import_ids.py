"""Ids told apart across the batches of a file (issue 14 item 1): on PostgreSQL through their 64-bit hashes,
an id whose hash came back looked up exactly in the table of the ids seen. These tests make every hash
collide: no id may then be taken for another, and a real second feature with an id is still refused."""

import contextlib
import json
import shutil
import tempfile
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from django.test import TestCase
from django.utils import translation

from landreg.parcels.importing import ImportFailed, import_parcels, reading, staging
from landreg.parcels.models import Parcel
from tests.base import make_territory


def square(fid: str, k: int) -> dict:
    x = -3 + k * 0.002
    ring = [[x, 12], [x + 0.001, 12], [x + 0.001, 12.001], [x, 12.001], [x, 12]]
    return {
        "type": "Feature",
        "properties": {"id": fid},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


class IdsAcrossBatchesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        _country, _region, _commune, cls.village, _other = make_territory()

    def write(self, ids: list[str]) -> Path:
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        path = folder / "squares.geojson"
        features = [square(fid, k) for k, fid in enumerate(ids)]
        path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
        return path

    def test_distinct_ids_whose_hashes_all_collide_are_all_imported(self):
        path = self.write([f"p-{k}" for k in range(7)])
        with mock.patch.object(staging, "_id_hash", lambda value: 42), mock.patch.object(reading, "BATCH", 2):
            report = import_parcels(path=path, village=self.village)
        assert report.imported == 7 and not report.errors
        assert Parcel.objects.filter(village=self.village).count() == 7

    def test_an_id_brought_again_in_a_later_batch_is_refused_whatever_the_hashes(self):
        path = self.write(["p-0", "p-1", "p-2", "p-3", "p-1", "p-5"])
        for collide in (True, False):
            with contextlib.ExitStack() as stack:
                stack.enter_context(mock.patch.object(reading, "BATCH", 2))
                stack.enter_context(translation.override("en"))
                if collide:
                    stack.enter_context(mock.patch.object(staging, "_id_hash", lambda value: 42))
                with pytest.raises(ImportFailed) as failed:
                    import_parcels(path=path, village=self.village)
            errors = failed.value.report.errors
            assert [(e.feature_id, e.codes) for e in errors] == [("p-1", ["duplicate_id"])]
            assert "same id" in errors[0].message
        assert not Parcel.objects.exists()

    def test_the_hashes_of_the_ids_seen_are_found_whatever_run_they_were_merged_into(self):
        hashes = staging._SortedHashes()
        batches = [np.arange(k * 10, k * 10 + 7, dtype=np.int64) for k in range(9)]
        for batch in batches:
            hashes.add(batch)
        assert len(hashes.runs) < len(batches)  # merged
        wanted = np.array([0, 6, 7, 83, 86, 87, 95, -1], dtype=np.int64)
        assert hashes.contains(wanted).tolist() == [True, True, False, True, True, False, False, False]
        hashes.add(np.array([], dtype=np.int64))
        assert hashes.contains(np.array([86], dtype=np.int64)).tolist() == [True]
