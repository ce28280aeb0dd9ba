"""The case page's timeline says a status change only where there was one: a case's opening and a held
session read « Dossier ouvert : ouvert → ouvert » and « … : en conciliation → en conciliation » (seen walking
a dispute on the demo), as if something had moved."""

from html import unescape

from tests.disputes.test_pages import PageTestCase


class TimelineTests(PageTestCase):
    def test_the_timeline_shows_the_status_only_where_it_changed(self):
        case = self.file_case(parcels=[self.parcel_a], subject="Borne nord")
        self.held_session(case)
        html = unescape(self.client_for(self.conciliator).get(f"/disputes/{case.pk}/").content.decode())
        timeline = html.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
        assert "ouvert → ouvert" not in timeline and "en conciliation → en conciliation" not in timeline
        assert "ouvert → en conciliation" in timeline, timeline
        assert timeline.count("<li>") == 3, timeline  # opened, session planned, session held
