"""The case page's list of what the case concerns and its outcomes read as sentences in both languages. A
right read « Right Customary ownership — TC-A-0001 » (a label and its value run together, the parcel's number
unnamed), and an outcome's change ran into its record's link: « … nothing to change in the register Record
(PDF, in French) ». The right now reads « Right: Customary ownership, parcel … » (« Droit : … , parcelle … »)
and the record's link stands in its own paragraph after the change."""

import re
from html import unescape

from django.utils import translation

from landreg.core import clock
from landreg.disputes.cases import transitions as moves
from tests.disputes.helpers import DisputeTestCase

NNBSP = "\u202f"


class CasePageWordingTests(DisputeTestCase):
    def setUp(self):
        super().setUp()
        self.case = self.file_case(
            parcels=[self.parcel_a], rights=[self.right_a], subject="Parts de ŊABA Ɓukari et de KƆNƆ Ɛsi"
        )
        self.held_session(self.case)
        moves.agree(
            case=self.case,
            actor=self.conciliator,
            decided_on=clock.today(),
            summary="Les parts restent comme inscrites.",
            signatures="Empreintes des parties",
        )

    def page(self, language: str) -> str:
        translation.activate(language)
        self.client.force_login(self.conciliator)
        self.client.cookies["django_language"] = language
        response = self.client.get(f"/disputes/{self.case.pk}/")
        assert response.status_code == 200
        return unescape(response.content.decode())

    def change_then_record(self, html: str) -> tuple[str, str]:
        """The outcome's change and the text of its record's link, which must stand in its own paragraph."""
        found = re.search(
            r'<span class="change">([^<]*)</span>\s*<p class="papers"><a href="[^"]+\.pdf">([^<]*)</a></p>',
            html,
        )
        assert found, html[html.index("<h2>O") if "<h2>O" in html else 0 :][:1500]
        return found.group(1), found.group(2)

    def test_the_english_page_names_the_right_and_keeps_the_record_apart_from_the_change(self):
        html = self.page("en")
        number = self.parcel_a.number
        assert f"<li>Right: {self.right_a.right_type.label_en}, parcel {number}</li>" in html
        assert self.change_then_record(html) == (
            "nothing to change in the register",
            "Record (PDF, in French)",
        )

    def test_the_french_page_says_the_same_in_french(self):
        html = self.page("fr")
        number = self.parcel_a.number
        assert f"<li>Droit{NNBSP}: {self.right_a.right_type.label_fr}, parcelle {number}</li>" in html
        assert self.change_then_record(html) == ("rien à changer au registre", "Procès-verbal (PDF)")
