"""Overlaps above the tolerance are conflicts on both parcels; slivers, gaps and touching are not."""

import pytest
from django.test import SimpleTestCase

from landreg.parcels.models import FindingKind, TopologyFinding
from landreg.parcels.neighbours import direction_of, neighbours_of
from landreg.parcels.services import parcel_record, parcel_update
from landreg.parcels.topology import Tolerance
from tests.base import RegistryTestCase
from tests.geometries import square


def record(village, east, north, side=100.0, **kw):
    return parcel_record(village=village, geometry=square(east, north, side), survey_method="gps", **kw)


class OverlapTests(RegistryTestCase):
    def test_a_parcel_overlapping_another_by_ten_percent_is_a_conflict_on_both(self):
        claim = record(self.village_a, 90, 0)  # 10 m x 100 m = 1,000 m² inside parcel_a
        [finding] = claim.findings
        assert finding.kind == FindingKind.OVERLAP
        assert finding.area_m2 == pytest.approx(1000, rel=1e-3)
        assert finding.share_pct == pytest.approx(10, rel=1e-3)
        assert {finding.parcel_a, finding.parcel_b} == {claim, self.parcel_a}
        assert (
            TopologyFinding.objects.filter(parcel_a=self.parcel_a).count()
            + TopologyFinding.objects.filter(parcel_b=self.parcel_a).count()
            == 1
        )

    def test_parcels_that_only_touch_are_not_flagged(self):
        neighbour = record(self.village_a, 100, 0)
        assert neighbour.findings == []
        assert TopologyFinding.objects.count() == 0

    def test_an_overlap_under_the_tolerance_is_a_sliver(self):
        claim = record(self.village_a, 99.995, 0)  # 0.5 m² overlap
        assert [f.kind for f in claim.findings] == [FindingKind.SLIVER]

    def test_the_procedure_tolerance_overrides_the_default(self):
        lenient = Tolerance(overlap_m2=2000, overlap_pct=50, gap_m=0.5)
        claim = record(self.village_a, 90, 0, tolerance=lenient)
        assert [f.kind for f in claim.findings] == [FindingKind.SLIVER]
        assert claim.findings[0].tolerance_m2 == 2000

    def test_a_gap_within_the_tolerance_is_reported(self):
        claim = record(self.village_a, 100.3, 0)
        [gap] = claim.findings
        assert gap.kind == FindingKind.GAP
        assert gap.distance_m == pytest.approx(0.3, abs=0.01)
        assert record(self.village_a, 0, 102).findings == []  # 2 m apart: neither gap nor neighbour

    def test_editing_a_boundary_closes_old_findings_and_detects_new_ones(self):
        claim = record(self.village_a, 90, 0)
        moved = parcel_update(parcel=claim, reason="walked again", geometry=square(100, 0))
        assert moved.findings == []
        assert TopologyFinding.objects.get().resolved_at is not None


class NeighbourTests(RegistryTestCase):
    def test_neighbours_have_their_direction(self):
        record(self.village_a, 0, 100)  # north
        record(self.village_a, 100, 0)  # east
        record(self.village_a, 0, -100)  # south
        record(self.village_a, -100.2, 0)  # west, 20 cm gap
        neighbours = neighbours_of(self.parcel_a)
        assert [(n.direction, n.parcel.number) for n in neighbours] == [
            ("N", "TC-A-00002"),
            ("E", "TC-A-00003"),
            ("S", "TC-A-00004"),
            ("W", "TC-A-00005"),
        ]
        west = next(n for n in neighbours if n.direction == "W")
        assert west.distance_m == pytest.approx(0.2, abs=0.01)

    def test_recording_a_parcel_gives_its_neighbours_at_once(self):
        east = record(self.village_a, 100, 0)
        assert [(n.parcel.number, n.direction) for n in east.neighbours] == [("TC-A-00001", "W")]

    def test_a_far_parcel_is_no_neighbour(self):
        assert neighbours_of(self.parcel_a) == []  # parcel_b is 900 m away

    def test_bearings_map_to_sides(self):
        assert [direction_of(b) for b in (0, 44, 46, 134, 136, 224, 226, 314, 316)] == list("NNEESSWWN")


class PairClassificationTests(SimpleTestCase):
    """The pair search alone, on a grid of squares with one overlap, one gap and touching neighbours."""

    @staticmethod
    def grid():
        import numpy as np
        import shapely

        squares = [
            shapely.box(x * 10, y * 10, x * 10 + 10, y * 10 + 10) for x in range(30) for y in range(30)
        ]
        squares.append(shapely.box(5, 5, 15, 15))  # overlaps four squares by 25 m² each
        squares.append(shapely.box(300.2, 0, 310, 10))  # 0.2 m east of two squares of the last column
        geoms = np.array(squares, dtype=object)
        return geoms, shapely.area(geoms)

    def classify(self):
        from landreg.parcels.topology import classify_pairs

        geoms, areas = self.grid()
        report = classify_pairs(geoms, areas, Tolerance(overlap_m2=5, overlap_pct=1, gap_m=0.5))
        return sorted((f.kind, f.i, f.j) for f in report.findings), sorted(report.touching)

    def test_overlaps_gaps_and_touching_pairs_are_found_once_each(self):
        findings, touching = self.classify()
        kinds = [kind for kind, _i, _j in findings]
        assert kinds.count("overlap") == 4 and kinds.count("gap") == 2
        # 30 x 30 grid: 2 x 30 x 29 neighbours along an edge and 2 x 29 x 29 at a corner touch.
        assert len(touching) == 2 * 30 * 29 + 2 * 29 * 29

    def test_threads_give_the_same_pairs_as_one_thread(self):
        from concurrent.futures import ThreadPoolExecutor
        from unittest import mock

        serial = self.classify()
        with (
            mock.patch("landreg.parcels.topology.PARALLEL_FROM", 1),
            mock.patch("landreg.parcels.topology.os.cpu_count", return_value=3),
            mock.patch("landreg.parcels.topology.ThreadPoolExecutor", wraps=ThreadPoolExecutor) as pool,
        ):
            assert self.classify() == serial
        assert pool.call_count == 3  # intersects, dwithin and touches each ran on three threads
