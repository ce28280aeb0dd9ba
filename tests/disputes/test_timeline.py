"""A dispute case's timeline is append-only through the ORM: no event is changed or deleted, one by one or
by a query (core.append_only; the guard was on save() only)."""

from tests.append_only import assert_rewrites_refused
from tests.disputes.helpers import DisputeTestCase


class DisputeTimelineTests(DisputeTestCase):
    def test_an_event_of_a_case_is_never_changed_or_deleted(self):
        case = self.file_case(parcels=[self.parcel_a])
        event = case.events.get()
        event.reason = "rewritten"
        assert_rewrites_refused(event, case.events)
        assert case.events.get().move == "open" and case.events.get().reason != "rewritten"
