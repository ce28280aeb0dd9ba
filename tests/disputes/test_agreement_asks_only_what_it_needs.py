"""An agreement asks « Qui est … ? » about the case's parties known only by name only where a change it may
record names a person (revised holders). On an objection, whose agreement withdraws the objection, withdraws
the claim or revises its boundary, the page asked who the objector ƁAŊƆ Ɛlisabɛt is among the village's
persons, a question nothing it records needs answered. Posted as the page renders it."""

from html import unescape

from landreg.disputes.states import DisputeStatus
from tests.browser_forms import form_posting_to
from tests.disputes.test_pages import PageTestCase


class AgreementAsksOnlyWhatItNeedsTests(PageTestCase):
    def test_an_objection_withdrawn_asks_no_one_who_a_party_is(self):
        _claim, case = self.objection_case()
        assert case.parties.filter(name="ƁAŊƆ Ɛlisabɛt", party__isnull=True).exists()
        self.held_session(case)
        browser = self.client_for(self.conciliator)
        html = unescape(browser.get(f"/disputes/{case.pk}/").content.decode())
        form = form_posting_to(html, "/moves/agree/")
        assert "Qui est" not in html and not [name for name in form.controls if name.startswith("person_")]
        response = self.post_move(
            browser,
            case,
            "agree",
            summary="ƁAŊƆ Ɛlisabɛt retire son opposition.",
            signatures="Empreintes des parties",
            change="withdraw_objection",
        )
        assert response.status_code == 302, unescape(response.content.decode())[:2000]
        case.refresh_from_db()
        assert case.status == DisputeStatus.CONCILIATED
        assert case.parties.get(name="ƁAŊƆ Ɛlisabɛt").party is None  # no one registered

    def test_revised_holders_still_ask_who_a_party_is(self):
        case = self.file_case(parcels=[self.parcel_a], rights=[self.right_a], subject="Parts de ŊABA Ɓukari")
        self.held_session(case)
        html = unescape(self.client_for(self.conciliator).get(f"/disputes/{case.pk}/").content.decode())
        assert "Qui est ZONGO Paul\u202f?" in html
