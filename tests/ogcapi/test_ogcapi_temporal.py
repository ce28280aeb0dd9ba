"""CQL2's temporal functions (conformance class temporal-functions) on the parcels' lifespans, in both
encodings: each T_ function with an instant and with an interval, the closed intervals' boundaries (meets is
not overlaps at the shared instant), open ends, time zones, and a 400 in French for what cannot apply; and
?datetime= reading an instant as the filter reads it."""

import json

from landreg.ogcapi.filtering import queryables
from landreg.parcels.models import Parcel, ParcelVersion
from landreg.parcels.services import parcel_record
from tests.base import RegistryTestCase
from tests.geometries import square

ITEMS = "/ogcapi/collections/parcels/items"
ALL_TIME = "../.."  # every parcel, retired or not, as it last stood: each with its whole lifespan
JAN, MAR, JUL, NEXT_JAN = "2024-01-01", "2024-03-01", "2024-07-01", "2025-01-01"
A, B, C = "TC-A-00001", "TC-B-00001", "TC-A-00002"
EVERY = [A, C, B]  # in the collection's order (number)


def z(day: str) -> str:
    return f"{day}T00:00:00Z"


class TemporalFunctionTests(RegistryTestCase):
    """Three parcels, each one version, their lifespans (closed, as CQL2 reads an INTERVAL):
    A = [2024-01-01, 2024-07-01], retired when B began (A's end meets B's start);
    B = [2024-07-01, 2025-01-01], retired;
    C = [2024-03-01, ..), in force (no end)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.parcel_c = parcel_record(village=cls.village_a, geometry=square(300, 0), survey_method="gps")
        for parcel, begin, end in (
            (cls.parcel_a, JAN, JUL),
            (cls.parcel_b, JUL, NEXT_JAN),
            (cls.parcel_c, MAR, None),
        ):
            lifespan = {"begin_lifespan": z(begin), "end_lifespan": z(end) if end else None}
            Parcel.objects.filter(pk=parcel.pk).update(**lifespan)
            ParcelVersion.objects.filter(parcel=parcel).update(**lifespan)

    def numbers(self, cql, datetime=ALL_TIME, **params) -> list[str]:
        query = {"filter": cql if isinstance(cql, str) else json.dumps(cql), "datetime": datetime, **params}
        if not isinstance(cql, str):
            query["filter-lang"] = "cql2-json"
        response = self.client.get(ITEMS, query)
        assert response.status_code == 200, (cql, response.content[:400])
        return [f["properties"]["number"] for f in response.json()["features"]]

    def refused(self, cql, **params) -> str:
        query = {"filter": cql if isinstance(cql, str) else json.dumps(cql), "datetime": ALL_TIME, **params}
        if not isinstance(cql, str):
            query["filter-lang"] = "cql2-json"
        response = self.client.get(ITEMS, query)
        assert response.status_code == 400, (cql, response.status_code, response.content[:400])
        body = response.json()
        assert body["code"] == "InvalidParameterValue" and body["description"]
        return body["description"]

    # The five functions on instants and intervals alike

    def test_t_after_and_t_before_with_an_instant_and_an_interval(self):
        assert self.numbers(f"T_AFTER(begin_lifespan, DATE('{MAR}'))") == [B]  # C began at it: not after
        assert self.numbers(f"T_BEFORE(begin_lifespan, DATE('{MAR}'))") == [A]
        lifespan = "INTERVAL(begin_lifespan, end_lifespan)"
        # Closed intervals: A ends at 2024-07-01 00:00 and B begins then, so neither is before or after it.
        assert self.numbers(f"T_AFTER({lifespan}, TIMESTAMP('{z(JUL)}'))") == []
        assert self.numbers(f"T_AFTER({lifespan}, TIMESTAMP('2024-06-30T23:59:59Z'))") == [B]
        assert self.numbers(f"T_BEFORE({lifespan}, TIMESTAMP('{z(JUL)}'))") == []
        assert self.numbers(f"T_BEFORE({lifespan}, TIMESTAMP('2024-07-01T00:00:01Z'))") == [A]
        # C has no end: it is before no moment; a moment after every end is after A and B only.
        assert self.numbers(f"T_AFTER(TIMESTAMP('2030-01-01T00:00:00Z'), {lifespan})") == [A, B]
        assert self.numbers(f"T_BEFORE({lifespan}, INTERVAL('2026-01-01', '..'))") == [A, B]

    def test_t_intersects_and_t_disjoint_with_an_instant_and_an_interval(self):
        lifespan = "INTERVAL(begin_lifespan, end_lifespan)"
        assert self.numbers(f"T_INTERSECTS({lifespan}, TIMESTAMP('{z(JUL)}'))") == EVERY  # A's end, B's start
        assert self.numbers(f"T_DISJOINT({lifespan}, TIMESTAMP('2024-07-01T00:00:01Z'))") == [A]
        assert self.numbers(f"T_INTERSECTS(begin_lifespan, INTERVAL('{MAR}', '{JUL}'))") == [C, B]
        assert self.numbers(f"T_DISJOINT(begin_lifespan, INTERVAL('{MAR}', '{JUL}'))") == [A]
        assert self.numbers(f"T_INTERSECTS({lifespan}, INTERVAL('2024-07-02', '..'))") == [C, B]
        assert self.numbers(f"T_DISJOINT({lifespan}, INTERVAL('..', '2024-02-01'))") == [C, B]

    def test_t_equals_with_an_instant_and_an_interval(self):
        assert self.numbers(f"T_EQUALS(begin_lifespan, TIMESTAMP('{z(MAR)}'))") == [C]
        assert self.numbers(
            f"T_EQUALS(INTERVAL(begin_lifespan, end_lifespan), INTERVAL('{JAN}', '{JUL}'))"
        ) == [A]
        # An open end equals an open end: C is in force.
        assert self.numbers(f"T_EQUALS(INTERVAL(begin_lifespan, end_lifespan), INTERVAL('{MAR}', '..'))") == [
            C
        ]

    def test_a_time_property_without_a_value_is_unknown_but_an_open_end_in_an_interval(self):
        assert self.numbers("T_AFTER(end_lifespan, DATE('2000-01-01'))") == [A, B]  # C has no end
        assert self.numbers("T_BEFORE(begin_lifespan, end_lifespan)") == [A, B]
        assert self.numbers("NOT T_BEFORE(begin_lifespan, end_lifespan)") == []
        assert self.numbers("T_AFTER(INTERVAL(begin_lifespan, end_lifespan), DATE('2000-01-01'))") == EVERY

    # The ten functions on intervals only

    def test_t_meets_is_not_t_overlaps_at_the_shared_instant(self):
        lifespan = "INTERVAL(begin_lifespan, end_lifespan)"
        assert self.numbers(f"T_MEETS({lifespan}, INTERVAL('{JUL}', '2024-12-31'))") == [A]
        assert self.numbers(f"T_OVERLAPS({lifespan}, INTERVAL('{JUL}', '2024-12-31'))") == []
        assert self.numbers(f"T_OVERLAPS({lifespan}, INTERVAL('2024-06-30T00:00:00Z', '2024-12-31'))") == [A]
        assert self.numbers(f"T_METBY({lifespan}, INTERVAL('{z(JAN)}', '{z(JUL)}'))") == [B]
        assert self.numbers(f"T_OVERLAPPEDBY({lifespan}, INTERVAL('{JAN}', '2024-08-01'))") == [C, B]
        # Two literals: known before any row is read.
        assert self.numbers(f"T_MEETS(INTERVAL('{JAN}', '{JUL}'), INTERVAL('{JUL}', '..'))") == EVERY
        assert self.numbers(f"T_OVERLAPS(INTERVAL('{JAN}', '{JUL}'), INTERVAL('{JUL}', '..'))") == []
        assert self.numbers(f"T_INTERSECTS(INTERVAL('{JAN}', '{JUL}'), INTERVAL('{JUL}', '..'))") == EVERY

    def test_t_starts_t_startedby_t_finishes_and_t_finishedby(self):
        lifespan = "INTERVAL(begin_lifespan, end_lifespan)"
        assert self.numbers(f"T_STARTS({lifespan}, INTERVAL('{JAN}', '2024-12-31'))") == [A]
        assert self.numbers(f"T_STARTEDBY({lifespan}, INTERVAL('{MAR}', '2024-04-01'))") == [C]
        assert self.numbers(f"T_FINISHES({lifespan}, INTERVAL('2024-02-01', '..'))") == [C]  # both unbounded
        assert self.numbers(f"T_FINISHEDBY({lifespan}, INTERVAL('{MAR}', '{JUL}'))") == [A]

    def test_t_during_and_t_contains_with_open_intervals(self):
        lifespan = "INTERVAL(begin_lifespan, end_lifespan)"
        assert self.numbers(f"T_DURING({lifespan}, INTERVAL('2023-12-31', '2025-01-02'))") == [A, B]
        assert self.numbers(f"T_DURING({lifespan}, INTERVAL('2023-12-31', '..'))") == [
            A,
            B,
        ]  # C ends unbounded
        assert self.numbers(f"T_DURING({lifespan}, INTERVAL('..', '..'))") == [A, B]
        assert self.numbers(f"T_CONTAINS({lifespan}, INTERVAL('2024-04-01', '2024-05-01'))") == [A, C]
        assert self.numbers(f"T_CONTAINS(INTERVAL('..', '..'), {lifespan})") == [A, B]

    def test_the_functions_on_intervals_refuse_an_instant(self):
        for name in (
            "T_CONTAINS",
            "T_DURING",
            "T_FINISHEDBY",
            "T_FINISHES",
            "T_MEETS",
            "T_METBY",
            "T_OVERLAPPEDBY",
            "T_OVERLAPS",
            "T_STARTEDBY",
            "T_STARTS",
        ):
            message = self.refused(f"{name}(begin_lifespan, INTERVAL('{JAN}', '{JUL}'))")
            assert f"{name} compare deux intervalles" in message and "begin_lifespan" in message
            self.refused(f"{name}(INTERVAL(begin_lifespan, end_lifespan), DATE('{JAN}'))")

    # CQL2 JSON

    def test_cql2_json_reads_the_same_functions_and_literals(self):
        lifespan = {"interval": [{"property": "begin_lifespan"}, {"property": "end_lifespan"}]}
        # CQL2's own examples write t_finishedBy, t_metBy...
        finished_by = {"op": "t_finishedBy", "args": [lifespan, {"interval": [MAR, JUL]}]}
        assert self.numbers(finished_by) == [A]
        meets = {"op": "t_meets", "args": [lifespan, {"interval": [JUL, "2024-12-31"]}]}
        assert self.numbers(meets) == [A]
        after = {"op": "t_after", "args": [{"property": "begin_lifespan"}, {"date": MAR}]}
        assert self.numbers(after) == [B]
        at = {
            "op": "t_equals",
            "args": [{"property": "begin_lifespan"}, {"timestamp": "2024-03-01T01:00:00+01:00"}],
        }
        assert self.numbers(at) == [C]
        open_end = {"op": "t_intersects", "args": [lifespan, {"interval": ["2024-07-02T00:00:00Z", ".."]}]}
        assert self.numbers(open_end) == [C, B]
        assert self.numbers({"op": "not", "args": [after]}) == [A, C]
        compared = {"op": "<", "args": [{"property": "begin_lifespan"}, {"timestamp": z(MAR)}]}
        assert self.numbers(compared) == [A]

    def test_cql2_json_errors_are_400(self):
        for cql in (
            {"op": "t_after", "args": [{"property": "begin_lifespan"}]},
            {"op": "t_after", "args": [{"property": "begin_lifespan"}, {"date": MAR}, {"date": JUL}]},
            {"op": "t_after", "args": [{"property": "begin_lifespan"}, {"timestamp": 5}]},
            {"op": "t_after", "args": [{"property": "begin_lifespan"}, {"interval": [JUL]}]},
            {"op": "t_after", "args": [{"property": "begin_lifespan"}, {"interval": [JUL, JAN]}]},
            {"op": "t_after", "args": [{"property": "area_m2"}, {"date": JUL}]},
            {"op": "t_during", "args": [{"property": "begin_lifespan"}, {"interval": [JAN, ".."]}]},
            {
                "op": "t_after",
                "args": [{"property": "begin_lifespan"}, {"interval": [{"property": "number"}, ".."]}],
            },
        ):
            self.refused(cql)

    # Time zones, and ?datetime= reading an instant as the filter does

    def test_an_offset_is_the_same_moment_in_utc_and_a_time_without_its_zone_is_refused(self):
        assert self.numbers("T_EQUALS(begin_lifespan, TIMESTAMP('2024-03-01T01:00:00+01:00'))") == [C]
        assert self.numbers("T_EQUALS(begin_lifespan, TIMESTAMP('2024-02-29T19:00:00-05:00'))") == [C]
        assert self.numbers("begin_lifespan = TIMESTAMP('2024-03-01T01:00:00+01:00')") == [C]
        assert self.numbers("T_EQUALS(begin_lifespan, TIMESTAMP('2024-03-01t00:00:00z'))") == [C]
        message = self.refused("T_EQUALS(begin_lifespan, TIMESTAMP('2024-03-01T00:00:00'))")
        assert "TIMESTAMP('2024-03-01T00:00:00')" in message and "fuseau horaire" in message
        self.refused("begin_lifespan = TIMESTAMP('2024-03-01T00:00:00')")
        # ?datetime= and the queryable as a parameter read the same texts the same way.
        moment = "2024-03-01T01:00:00+01:00"
        assert self.numbers(f"begin_lifespan = TIMESTAMP('{z(MAR)}')", begin_lifespan=moment) == [C]
        for datetime in ("2024-03-01T00:00:00", "2024-03-01T00:00:00+0100", "2024-03-01T25:00:00Z"):
            response = self.client.get(ITEMS, {"datetime": datetime})
            assert response.status_code == 400, datetime
            assert self.client.get(ITEMS, {"begin_lifespan": datetime}).status_code == 400

    def test_datetime_and_the_filter_agree_on_an_instant_a_date_and_an_offset(self):
        lifespan = "INTERVAL(begin_lifespan, end_lifespan)"
        for given, written in (
            ("2024-02-01T01:00:00+01:00", "TIMESTAMP('2024-02-01T00:00:00Z')"),
            (MAR, f"DATE('{MAR}')"),
            ("2024-08-01T00:00:00Z", "TIMESTAMP('2024-07-31T20:00:00-04:00')"),
        ):
            at = self.numbers("area_m2 > 0", datetime=given)
            assert at == self.numbers(f"T_INTERSECTS({lifespan}, {written})"), given
        # An interval: the parcels whose lifespan meets it, by either.
        assert self.numbers("area_m2 > 0", datetime=f"{MAR}/{z(JUL)}") == [A, C, B]
        assert self.numbers(f"T_INTERSECTS({lifespan}, INTERVAL('{MAR}', '{z(JUL)}'))") == [A, C, B]
        # Where they differ, as documented: a version ended at t is no longer in force at t (the history's
        # lifespans are half-open), while a CQL2 INTERVAL includes its end.
        assert self.numbers("area_m2 > 0", datetime=z(JUL)) == [C, B]
        assert self.numbers(f"T_INTERSECTS({lifespan}, TIMESTAMP('{z(JUL)}'))") == EVERY

    # What is refused, in French

    def test_malformed_literals_and_backwards_intervals_are_400_in_french(self):
        message = self.refused("T_AFTER(begin_lifespan, TIMESTAMP('2024-02-30T00:00:00Z'))")
        assert "TIMESTAMP('2024-02-30T00:00:00Z')" in message and "n’est pas" in message
        assert "n’est pas une date" in self.refused("T_AFTER(begin_lifespan, DATE('2024-13-01'))")
        self.refused(f"T_AFTER(begin_lifespan, TIMESTAMP('{JAN}'))")  # a date is not a timestamp
        self.refused(f"T_AFTER(begin_lifespan, DATE('{z(JAN)}'))")
        self.refused("T_AFTER(begin_lifespan, TIMESTAMP('yesterday'))")
        message = self.refused(f"T_AFTER(begin_lifespan, INTERVAL('{JUL}', '{JAN}'))")
        assert f"INTERVAL('{JUL}', '{JAN}')" in message and "se termine avant de commencer" in message
        # 00:30 at +01:00 is 23:30 UTC the day before: before the start.
        backwards = f"T_AFTER(begin_lifespan, INTERVAL('{z(JUL)}', '{JUL}T00:30:00+01:00'))"
        assert "se termine avant de commencer" in self.refused(backwards)
        self.refused("T_AFTER(begin_lifespan, INTERVAL('soon', '..'))")
        self.refused("T_AFTER(begin_lifespan, INTERVAL(area_m2, '..'))")
        self.refused("INTERVAL(begin_lifespan, end_lifespan) = 1")
        self.refused("INTERVAL(begin_lifespan, end_lifespan)")

    def test_a_temporal_function_on_a_property_that_is_not_a_time_is_400_in_french(self):
        for cql in (
            f"T_AFTER(area_m2, DATE('{JAN}'))",
            f"T_BEFORE(DATE('{JAN}'), number)",
            f"T_INTERSECTS(geometry, INTERVAL('{JAN}', '..'))",
            f"T_EQUALS(dispute_pending, DATE('{JAN}'))",
            f"T_AFTER('{JAN}', DATE('{JAN}'))",  # a string is not a date
            "T_AFTER(begin_lifespan, 5)",
        ):
            message = self.refused(cql)
            assert "compare des instants et des intervalles" in message, message
        assert "area_m2" in self.refused(f"T_AFTER(area_m2, DATE('{JAN}'))")


class LifespanQueryablesTests(RegistryTestCase):
    def test_the_queryables_say_the_lifespan_is_the_features_interval(self):
        properties = self.client.get("/ogcapi/collections/parcels/queryables").json()["properties"]
        assert properties["begin_lifespan"]["x-ogc-role"] == "primary-interval-start"
        assert properties["end_lifespan"]["x-ogc-role"] == "primary-interval-end"
        assert properties["end_lifespan"]["format"] == "date-time"


def test_conformance_declares_the_temporal_functions():
    assert "http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions" in queryables.CONFORMANCE
