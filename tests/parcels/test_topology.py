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
        # On three threads each: the two box tests, dwithin, intersects (pairs sharing no vertex) and relate.
        assert pool.call_count == 5


class PairsAsGeosFindsThemTests(SimpleTestCase):
    """classify_pairs settles most pairs without GEOS (a shared vertex, a widened box): it must find what
    GEOS's own predicates find pair by pair, also where neighbours share no vertex."""

    @staticmethod
    def parcels():
        import numpy as np
        import shapely

        return np.array(
            [
                shapely.box(0, 0, 10, 10),
                shapely.box(10, 0, 20, 5),  # shares the vertex (10, 0) with 0
                shapely.box(10, 5, 20, 9),  # meets 0 and 3 on their sides, no vertex in common: T-junctions
                shapely.box(20, 0, 30, 10),  # beside 1 and 2
                shapely.box(0, 0, 10, 10),  # the same as 0: all its interior shared
                shapely.box(2, 2, 4, 4),  # inside 0 and 4, touching nothing
                shapely.box(30.3, 0, 40, 10),  # 0.3 m from 3: a gap
                shapely.box(30.3, 10.3, 40, 20),  # diagonal to 3, 0.42 m away: a gap too
                shapely.Polygon([(20, 10), (30, 10), (25, 20)]),  # on top of 3, sharing its side
                shapely.box(40.6, 0, 50, 10),  # 0.6 m from 6: nothing
                shapely.Polygon([(0, 10), (10, 10), (10, 10.0001), (0, 10.2)]),  # a sliver's neighbour of 0
                shapely.box(5, 9.9, 9, 10.1),  # overlaps 0, 4 and the thin one
            ],
            dtype=object,
        )

    def test_the_same_findings_and_touching_pairs_as_geos_pair_by_pair(self):
        import shapely

        from landreg.parcels.topology import classify_pairs

        geoms = self.parcels()
        tolerance = Tolerance(overlap_m2=1, overlap_pct=1, gap_m=0.5)
        expected_findings, expected_touching = set(), set()
        for i in range(len(geoms)):
            for j in range(i + 1, len(geoms)):
                a, b = geoms[i], geoms[j]
                if shapely.intersects(a, b):
                    if shapely.relate_pattern(a, b, "2********"):
                        expected_findings.add(("interior", i, j))
                    else:
                        expected_touching.add((i, j))
                elif shapely.dwithin(a, b, tolerance.gap_m):
                    expected_findings.add(("gap", i, j))
        report = classify_pairs(geoms, shapely.area(geoms), tolerance)
        found = {("gap" if f.kind == "gap" else "interior", f.i, f.j) for f in report.findings}
        assert found == expected_findings
        assert set(report.touching) == expected_touching
        assert {(0, 2), (2, 3)} <= expected_touching and ("gap", 3, 7) in expected_findings

    def test_a_vertex_is_shared_only_with_the_same_coordinates(self):
        import numpy as np

        from landreg.parcels.topology import _share_a_vertex

        geoms = self.parcels()
        left, right = np.array([0, 0, 0, 2, 3]), np.array([1, 2, 4, 3, 6])
        assert _share_a_vertex(geoms, left, right).tolist() == [True, False, True, False, False]
