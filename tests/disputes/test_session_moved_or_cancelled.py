"""A scheduled conciliation session may be moved to another day or place, or called off with the reason, by
whoever schedules sessions (the conciliation committee, the dispute administrator): before, a session once
scheduled stayed « prévue » for ever, a day the parties might still come to. Each is a move of the case like
the others (locked, in the allowed-moves table, recorded in its timeline and the audit history), on the page
(posted as it renders, CSRF and the one-use token) and through the API; the page says what was done. A
session called off, with none other scheduled or held, takes the case back to « ouvert »; a held session is
neither moved nor cancelled."""

import datetime as dt
import re
from html import unescape

from django.test import Client
from django.utils import translation

from landreg.audit.models import AuditEvent
from landreg.core import clock
from landreg.disputes.cases import transitions as moves
from landreg.disputes.states import DisputeStatus
from tests.browser_forms import form_posting_to
from tests.disputes.helpers import DisputeTestCase


class SessionMovedOrCancelledTests(DisputeTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.case = self.file_case(parcels=[self.parcel_a], subject="Limite ouest contestée par ŊABA Ɓukari")
        self.session = moves.session_schedule(
            case=self.case,
            actor=self.conciliator,
            scheduled_for=dt.date(2030, 1, 14),
            place="Maison du village",
        )
        self.url = f"/disputes/{self.case.pk}/"
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.conciliator)

    def move(self, move, **typed):
        form = form_posting_to(self.browser.get(self.url).content.decode(), f"/moves/{move}/")
        return self.browser.post(form.action, form.data(form.button(move), **typed), follow=True)

    @staticmethod
    def said(response) -> str:
        page = unescape(response.content.decode())
        return " ".join(re.findall(r'<li class="(?:success|info|error)[^"]*">(.*?)</li>', page, re.S))

    def test_the_committee_moves_the_session_then_calls_it_off_and_the_page_says_so(self):
        moved = self.move(
            "session_reschedule",
            session=str(self.session.pk),
            scheduled_for="2030-01-21",
            place="École de Tanghin",
            reason="Le chef de village est en voyage",
        )
        assert moved.status_code == 200
        assert "Séance de conciliation déplacée au 21 janvier 2030 (École de Tanghin)." in self.said(moved)
        self.session.refresh_from_db()
        assert (self.session.scheduled_for, self.session.place) == (dt.date(2030, 1, 21), "École de Tanghin")
        page = unescape(moved.content.decode())
        assert "14/01/2030 — Maison du village → 21/01/2030 — École de Tanghin — Le chef de village" in page
        refused = self.move("session_cancel", session=str(self.session.pk), reason="  ")
        assert "Dites pourquoi la séance est annulée." in unescape(refused.content.decode())
        cancelled = self.move(
            "session_cancel", session=str(self.session.pk), reason="Le conciliateur est malade"
        )
        assert (
            "La séance du 21 janvier 2030 est annulée\u202f; aucune séance n’est plus prévue."
            in self.said(cancelled)
        )
        page = unescape(cancelled.content.decode())
        assert "annulée le 07/01/2030\u202f: Le conciliateur est malade" in page
        assert "/moves/session_cancel/" not in page and "/moves/session_reschedule/" not in page
        assert "/moves/session_schedule/" in page
        self.case.refresh_from_db()
        assert self.case.status == DisputeStatus.OPEN
        events = list(self.case.events.values_list("move", "from_status", "to_status"))
        assert events[-2:] == [
            ("session_reschedule", "conciliation", "conciliation"),
            ("session_cancel", "conciliation", "open"),
        ]
        assert AuditEvent.objects.filter(action="dispute.session_cancel").count() == 1

    def test_the_api_moves_and_cancels_and_a_held_session_stays_as_held(self):
        self.client.force_login(self.disputes)
        url = f"/api/v1/disputes/{self.case.pk}/moves/"
        case = self.client.get(f"/api/v1/disputes/{self.case.pk}/").json()
        assert {"session_reschedule", "session_cancel"} <= set(case["allowed_moves"])
        moved = self.client.post(
            url + "session_reschedule/",
            {"session": str(self.session.pk), "scheduled_for": "2030-01-09"},
            content_type="application/json",
        )
        assert moved.status_code == 200, moved.content
        assert moved.json()["sessions"][0]["scheduled_for"] == "2030-01-09"
        assert moved.json()["sessions"][0]["place"] == "Maison du village"  # empty keeps the place
        self.travel(2)
        moves.session_hold(
            case=self.case,
            actor=self.conciliator,
            session=self.session,
            held_on=clock.today(),
            conciliators="Naaba Kiiba",
            language="mooré",
            minutes="Les parties ont été entendues.",
            positions=[moves.PositionInput(p.pk, True) for p in self.case.parties.all()],
        )
        second = moves.session_schedule(
            case=self.case, actor=self.conciliator, scheduled_for=dt.date(2030, 1, 16), place="Mairie"
        )
        refused = self.client.post(
            url + "session_cancel/",
            {"session": str(self.session.pk), "reason": "x"},
            content_type="application/json",
        )
        assert refused.status_code == 400 and "enregistrée comme tenue" in refused.json()["detail"]
        cancelled = self.client.post(
            url + "session_cancel/",
            {"session": str(second.pk), "reason": "Pluies"},
            content_type="application/json",
        )
        assert cancelled.status_code == 200, cancelled.content
        # A session was held: the case stays in conciliation.
        assert cancelled.json()["status"] == "conciliation"
        assert [s["cancel_reason"] for s in cancelled.json()["sessions"]] == ["", "Pluies"]

    def test_who_may_not_schedule_may_not_move_or_cancel(self):
        self.client.force_login(self.registrar)  # opens and follows cases, does not conciliate
        answer = self.client.post(
            f"/api/v1/disputes/{self.case.pk}/moves/session_cancel/",
            {"session": str(self.session.pk), "reason": "x"},
            content_type="application/json",
        )
        assert answer.status_code == 403
        self.session.refresh_from_db()
        assert self.session.cancelled_at is None
