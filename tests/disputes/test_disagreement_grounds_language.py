"""The grounds of a case opened by a neighbour's disagreement at the site verification are the registry's
words (who disagreed, and their remark): kept as its message in English and read in the reader's language on
the case page and through the API. They were written in the language of the member who recorded the site
visit, so a visit recorded at a French desk read French on an English page. A remark the committee typed
stays as typed; grounds written before as « name: remark » read through the same sentence."""

from html import unescape

from django.test import Client
from django.utils import translation

from landreg.adjudication.models import AttendeeRole, SignatureMark
from landreg.adjudication.site.visits import AttendeeInput, site_visit_record
from landreg.adjudication.states import ClaimState
from landreg.core import clock
from landreg.disputes.models import DisputeCase
from tests.disputes.helpers import DisputeTestCase

REMARK = "La borne ouest est plantée dans mon champ de sorgho"


class DisagreementGroundsLanguageTests(DisputeTestCase):
    def setUp(self):
        super().setUp()
        claim = self.walk_to(self.draft(east=100), ClaimState.SITE_VERIFICATION)
        translation.activate("fr")  # recorded at a French desk
        visit = site_visit_record(
            claim=claim,
            actor=self.member_a,
            visit_date=clock.today(),
            place="Champ de Tanghin",
            language="mooré",
            translated=False,
            translation_language="",
            attendees=[
                AttendeeInput(AttendeeRole.APPLICANT, "KABORE Salif", True, SignatureMark.FINGERPRINT),
                AttendeeInput(
                    AttendeeRole.NEIGHBOUR,
                    "OUÉDRAOGO Aminata",
                    False,
                    SignatureMark.SIGNATURE,
                    remark=REMARK,
                    neighbour_parcel=self.parcel_a,
                    direction="W",
                ),
                AttendeeInput(AttendeeRole.NEIGHBOUR, "ƁAŊƆ Awa", False, SignatureMark.CROSS),
            ],
        )
        self.case = visit.dispute

    def grounds_on_the_page(self, language: str) -> str:
        browser = Client()
        browser.force_login(self.conciliator)
        browser.cookies["django_language"] = language
        html = unescape(browser.get(f"/disputes/{self.case.pk}/").content.decode())
        start = html.index(
            "<dd>", html.index("<dt>" + ("Motifs" if language == "fr" else "Grounds") + "</dt>")
        )
        return html[start + 4 : html.index("</dd>", start)]

    def test_the_grounds_are_kept_in_english_and_read_in_either_language(self):
        assert self.case.grounds == (
            f"OUÉDRAOGO Aminata disagrees with the limits: {REMARK}\nƁAŊƆ Awa disagrees with the limits"
        )
        english = self.grounds_on_the_page("en")
        assert english == (
            f"OUÉDRAOGO Aminata disagrees with the limits: {REMARK}<br>ƁAŊƆ Awa disagrees with the limits"
        )
        french = self.grounds_on_the_page("fr")
        assert (
            french
            == f"OUÉDRAOGO Aminata conteste les limites\u202f: {REMARK}<br>ƁAŊƆ Awa conteste les limites"
        )
        self.client.force_login(self.conciliator)
        self.client.cookies["django_language"] = "en"
        answer = self.client.get(f"/api/v1/disputes/{self.case.pk}/")
        assert answer.json()["grounds"] == self.case.grounds

    def test_grounds_written_before_in_french_read_in_english(self):
        DisputeCase.objects.filter(pk=self.case.pk).update(grounds=f"OUÉDRAOGO Aminata: {REMARK}\nƁAŊƆ Awa")
        english = self.grounds_on_the_page("en")
        assert english == (
            f"OUÉDRAOGO Aminata disagrees with the limits: {REMARK}<br>ƁAŊƆ Awa disagrees with the limits"
        )
