"""A dispute case's timeline is append-only through the ORM: no event is changed or deleted, one by one or
by a query (core.history.append_only; the guard was on save() only)."""

import datetime as dt

from landreg.core import clock
from landreg.disputes.cases import transitions as moves
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

    def test_a_day_recorded_in_iso_in_an_older_event_reads_in_french_in_the_history(self):
        # Seen on the demo's older cases: events recorded before their days were written the French way read
        # « 2026-10-20 — Maison du village ». Events are never rewritten: the page writes their days.
        from landreg.disputes.cases.transitions import _MOVES
        from landreg.disputes.models import DisputeCase

        case = self.file_case(parcels=[self.parcel_a])
        locked = DisputeCase.objects.get(pk=case.pk)
        _MOVES.record(
            locked, "session_schedule", self.conciliator, "conciliation", reason="2026-10-20 — Maison"
        )
        self.client.force_login(self.disputes)
        html = self.client.get(f"/disputes/{case.pk}/", HTTP_HOST="127.0.0.1").content.decode()
        timeline = html.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
        assert "20/10/2026 — Maison" in timeline and "2026-10-20" not in timeline, timeline


class CaseFormLabelsTests(DisputeTestCase):
    def test_the_forms_of_a_case_label_their_fields_with_a_capital_and_a_narrow_space(self):
        # Seen walking the demo as litiges and conciliation: « village : », « numéros de parcelle : »,
        # « prévue le : », « lieu : » (the labels in lower case, a wide space before the colon).
        import re

        case = self.file_case(parcels=[self.parcel_a])
        labels = []
        for user, url in ((self.disputes, "/disputes/new/"), (self.conciliator, f"/disputes/{case.pk}/")):
            self.client.force_login(user)
            html = self.client.get(url, HTTP_HOST="127.0.0.1").content.decode()
            labels += re.findall(r"<label[^>]*>([^<]*)</label>", html)
        assert "Village\u202f:" in labels and "Numéros de parcelle\u202f:" in labels, labels
        assert "Prévue le\u202f:" in labels and "Lieu\u202f:" in labels, labels
        assert not [label for label in labels if label[:1].islower()], labels
