"""Each form of a case page says on its button what it saves. A walk of the demo read two buttons
« Enregistrer » side by side (under « Prévoir une séance » and « Déplacer une séance prévue »), which left the
conciliator guessing which one recorded what."""

import re
from html import unescape

from django.test import Client
from django.utils import translation

from landreg.core import clock
from landreg.disputes.cases import transitions as moves
from tests.browser_forms import form_posting_to
from tests.disputes.helpers import DisputeTestCase


def move_buttons(html: str) -> dict[str, str]:
    """The page's move buttons: the move each one sends, and the words it shows."""
    found = re.findall(r'<button type="submit" name="move" value="([a-z_]+)">(.*?)</button>', html, re.S)
    return {move: unescape(label).strip() for move, label in found}


class CaseMoveButtonTests(DisputeTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.case = self.file_case(parcels=[self.parcel_a], subject="Limite ouest contestée par ŊABA Ɓukari")
        self.url = f"/disputes/{self.case.pk}/"
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.conciliator)

    def test_each_move_of_the_case_page_has_a_button_saying_what_it_saves(self):
        self.held_session(self.case)
        moves.session_schedule(
            case=self.case, actor=self.conciliator, scheduled_for=clock.today(), place="Mairie"
        )
        buttons = move_buttons(self.browser.get(self.url).content.decode())
        assert buttons == {
            "session_schedule": "Prévoir la séance",
            "session_hold": "Enregistrer la séance",
            "session_reschedule": "Déplacer la séance",
            "session_cancel": "Annuler la séance",
            "agree": "Enregistrer l’accord",
            "non_conciliation": "Enregistrer la non-conciliation",
        }, buttons
        assert len(set(buttons.values())) == len(buttons)

    def test_the_button_read_on_the_schedule_form_schedules_the_session(self):
        page = self.browser.get(self.url).content.decode()
        assert move_buttons(page)["session_schedule"] == "Prévoir la séance"
        form = form_posting_to(page, "/moves/session_schedule/")
        answer = self.browser.post(
            form.action,
            form.data(form.button("session_schedule"), scheduled_for="2030-01-14", place="Maison du village"),
            follow=True,
        )
        assert answer.status_code == 200
        session = self.case.sessions.get()
        assert (str(session.scheduled_for), session.place) == ("2030-01-14", "Maison du village")
        assert "14/01/2030 — Maison du village" in unescape(answer.content.decode())
