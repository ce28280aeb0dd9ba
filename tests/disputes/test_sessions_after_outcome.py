"""A session scheduled and never held reads « non tenue (la conciliation est terminée) » once the case has its
outcome, not « prévue »: on the walk of the demo, a case conciliated on the 6th still showed its session of
the 10th as scheduled, a date the parties might still come to."""

import datetime as dt
from html import unescape

from django.test import Client
from django.utils import translation

from landreg.core import clock
from landreg.disputes.cases import transitions as moves
from tests.disputes.helpers import DisputeTestCase


class SessionsAfterOutcomeTests(DisputeTestCase):
    def sessions(self, case) -> str:
        translation.activate("fr")
        client = Client()
        client.force_login(self.conciliator)
        html = unescape(client.get(f"/disputes/{case.pk}/").content.decode())
        return html.split("<h2>Séances de conciliation</h2>", 1)[1].split("</ul>\n", 1)[0]

    def test_a_session_left_over_after_the_agreement_is_not_held(self):
        case = self.file_case(
            subject="Limite est contestée par ŊABA Kadiatou", kind="boundary", parcels=[self.parcel_a]
        )
        self.held_session(case)
        moves.session_schedule(
            case=case,
            actor=self.conciliator,
            scheduled_for=clock.today() + dt.timedelta(days=4),
            place="Mairie",
        )
        assert "Mairie — prévue" in self.sessions(case)
        moves.agree(
            case=case,
            actor=self.conciliator,
            decided_on=clock.today(),
            summary="Accord sur la borne est",
            signatures="Empreintes des parties",
            change="none",
            change_data={},
        )
        shown = self.sessions(case)
        assert "Mairie — non tenue (la conciliation est terminée)" in shown and "prévue" not in shown
