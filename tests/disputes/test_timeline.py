"""A dispute case's timeline is append-only through the ORM: no event is changed or deleted, one by one or
by a query (core.append_only; the guard was on save() only)."""

import datetime as dt

from landreg.core import clock
from landreg.disputes import transitions as moves
from tests.append_only import assert_rewrites_refused
from tests.disputes.helpers import DisputeTestCase


class DisputeTimelineTests(DisputeTestCase):
    def test_an_event_of_a_case_is_never_changed_or_deleted(self):
        case = self.file_case(parcels=[self.parcel_a])
        event = case.events.get()
        event.reason = "rewritten"
        assert_rewrites_refused(event, case.events)
        assert case.events.get().move == "open" and case.events.get().reason != "rewritten"


class TimelineDatesTests(DisputeTestCase):
    def test_the_day_of_a_scheduled_session_reads_in_french_in_the_case_history(self):
        case = self.file_case(parcels=[self.parcel_a])
        day = clock.today() + dt.timedelta(days=7)
        moves.session_schedule(
            case=case, actor=self.conciliator, scheduled_for=day, place="Maison du village"
        )
        self.client.force_login(self.disputes)
        html = self.client.get(f"/disputes/{case.pk}/", HTTP_HOST="127.0.0.1").content.decode()
        timeline = html.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
        assert f"{day:%d/%m/%Y} — Maison du village" in timeline, timeline
        assert day.isoformat() not in timeline
