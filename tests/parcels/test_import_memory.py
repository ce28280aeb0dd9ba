"""An import's memory does not grow with the file (issue 14 item 1): what it keeps for the whole file is
bounded. The report lists at most ``report.DETAILED`` rejected features, overlaps, slivers and gaps and
counts them all; the audit events are not kept once recorded (each holds its 5,000 rows); the topology
findings are built and saved ``writing.FINDINGS`` at a time. These tests fail if any of them is kept whole.
"""

import copy
import gc
import io
import json
import tempfile
import weakref
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import TestCase

from landreg.audit import rows
from landreg.audit.models import AuditEvent
from landreg.audit.services import audit_verify
from landreg.parcels.importing import ImportFailed, import_parcels, report, writing
from landreg.parcels.models import Parcel, TopologyFinding
from tests.base import make_territory

FRENCH = Path(__file__).parents[2].parent / "shared" / "data" / "etalab-91216-epinay-sur-orge-parcels.geojson"

pytestmark = pytest.mark.skipif(not FRENCH.exists(), reason="shared data folder not present")


def french_file(n: int, *, bad_land_use: int = 0, doubled: int = 0) -> Path:
    """The first ``n`` parcels of the real commune; the first ``bad_land_use`` with an unknown land use,
    the first ``doubled`` drawn twice more under ids of their own (an overlap each)."""
    data = json.loads(FRENCH.read_text())
    features = data["features"][:n]
    for feature in features[:bad_land_use]:
        feature["properties"]["land_use"] = "volcano"
    for k, feature in enumerate(features[:doubled]):
        twin = copy.deepcopy(feature)
        twin["id"] = twin["properties"]["id"] = f"twin-{k}"
        features.append(twin)
    data["features"] = features
    path = Path(tempfile.mkdtemp(prefix="landreg-memory-")) / "parcelles.geojson"
    path.write_text(json.dumps(data))
    return path


class BoundedReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        _country, _region, _commune, cls.village, _other = make_territory()

    def test_the_report_lists_the_first_rejected_features_and_counts_them_all(self):
        path = french_file(30, bad_land_use=12)
        with mock.patch.object(report, "DETAILED", 5), pytest.raises(ImportFailed) as failed:
            import_parcels(path=path, village=self.village)
        got = failed.value.report
        assert got.error_count == 12
        assert len(got.errors) == 5
        assert all(e.codes == ["bad_attribute"] for e in got.errors)
        assert "12 features cannot be imported" in str(failed.value)
        assert got.as_dict()["error_count"] == 12
        assert not Parcel.objects.filter(village=self.village).exists()  # all or nothing, as before

    def test_keep_valid_saves_the_others_and_counts_every_one_left_out(self):
        path = french_file(30, bad_land_use=12)
        with mock.patch.object(report, "DETAILED", 5):
            got = import_parcels(path=path, village=self.village, keep_valid=True)
        assert (got.imported, got.error_count, len(got.errors)) == (18, 12, 5)

    def test_the_command_says_how_many_rejected_features_it_does_not_list(self):
        path = french_file(30, bad_land_use=12)
        out = io.StringIO()
        with mock.patch.object(report, "DETAILED", 5), pytest.raises(CommandError):
            call_command("import_parcels", str(path), "--village", self.village.code, stdout=out)
        text = out.getvalue()
        assert "rejected: 12" in text
        assert text.count("Unknown land use") == 5
        assert "and 7 more rejected features" in text

    def test_overlaps_are_counted_whole_listed_in_part_and_every_finding_saved(self):
        path = french_file(40, doubled=6)
        real = TopologyFinding.objects.bulk_create
        sizes = []

        def bulk_create(objs, *args, **kwargs):
            sizes.append(len(objs))
            return real(objs, *args, **kwargs)

        spy = mock.patch.object(TopologyFinding.objects, "bulk_create", side_effect=bulk_create)
        with mock.patch.object(report, "DETAILED", 2), mock.patch.object(writing, "FINDINGS", 4), spy:
            got = import_parcels(path=path, village=self.village)
        assert got.imported == 46
        assert got.overlap_count == 6
        assert len(got.overlaps) == 2
        pairs = got.overlap_count + got.sliver_count + got.gap_count
        assert TopologyFinding.objects.count() == pairs  # none lost to the report's limit
        assert sum(sizes) == pairs and max(sizes) <= 4  # built and saved a few at a time


class AuditEventsNotKeptTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        _country, _region, _commune, cls.village, _other = make_territory()

    def test_each_audit_event_of_an_import_is_let_go_before_the_next_is_recorded(self):
        # PostgreSQL's path (register_hashed) kept them all, then wrote them in SQL; SpatiaLite's records a
        # chunk per call.
        path = french_file(60)
        recorded = []

        def audit_record(**kwargs):
            gc.collect()
            kept = [ref for ref in recorded if ref() is not None]
            assert not kept, f"{len(kept)} earlier audit events still held"
            event = real(**kwargs)
            recorded.append(weakref.ref(event))
            return event

        real = rows.audit_record
        with (
            mock.patch.object(rows, "ROWS_PER_EVENT", 10),
            mock.patch.object(writing, "ROWS_PER_EVENT", 10),
            mock.patch.object(rows, "audit_record", side_effect=audit_record),
        ):
            got = import_parcels(path=path, village=self.village)
        assert got.imported == 60
        # PostgreSQL: the events are written by the database from the table of hashes, no row in Python.
        assert len(recorded) == (0 if connection.vendor == "postgresql" else 6)
        assert AuditEvent.objects.filter(action="parcel.import").count() == 6
        assert audit_verify()[1] is None
        assert rows.rows_verify() == []
