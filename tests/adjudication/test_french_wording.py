"""The claim's page and the objection window speak French as the catalogues write it: « Aucune. » under
« Oppositions » and « Pièces jointes », « Langue : mooré » with its narrow no-break space, the notice's end
as 05/12/2026 rather than ISO."""

from django.utils import translation

from landreg.adjudication.exceptions import NoticeError
from landreg.adjudication.notice.objections import objection_lodge
from landreg.adjudication.states import ClaimState
from tests.adjudication.helpers import AdjudicationTestCase

NNBSP = "\u202f"


class ClaimPageWordingTests(AdjudicationTestCase):
    def page(self, claim, user):
        self.client.force_login(user)
        response = self.client.get(f"/adjudication/claims/{claim.pk}/", HTTP_HOST="127.0.0.1")
        assert response.status_code == 200
        return response.content.decode()

    def test_no_objection_reads_aucune_and_the_language_of_the_visit_has_its_space(self):
        claim = self.walk_to(self.draft(), ClaimState.SITE_VERIFICATION)
        self.site_record(claim)
        html = self.page(claim, self.agent_a)
        objections = html.split("<h2>Oppositions</h2>", 1)[1]
        assert objections.split("</ul>", 1)[0].endswith("<li>Aucune.</li>")
        assert "Aucun.<" not in html
        assert f"Langue{NNBSP}: mooré" in html and "Langue: " not in html


class NoticeEndedMessageTests(AdjudicationTestCase):
    def test_the_day_the_notice_ended_is_written_in_french(self):
        claim = self.accepted(self.submitted(self.draft()))
        self.travel(self.profile.notice_days + 1)
        with translation.override("fr"), self.assertRaises(NoticeError) as raised:
            objection_lodge(claim=claim, recorded_by=self.stranger, grounds="Trop tard")
        message = str(raised.exception)
        assert claim.notice_end.strftime("%d/%m/%Y") in message, message
        assert claim.notice_end.isoformat() not in message


class WithdrawnIsFeminineForAClaimTests(AdjudicationTestCase):
    # Seen on /statistics/ and the claims list: « Demandes par état … retiré », a claim (« demande ») in the
    # masculine, because the disputes catalogue (a case, « dossier retiré ») answered the same msgid first.
    def test_the_claims_list_offers_retiree_and_a_case_stays_retire(self):
        from landreg.disputes.states import DisputeStatus

        self.client.force_login(self.agent_a)
        html = self.client.get("/adjudication/claims/?queue=all").content.decode()
        assert '<option value="withdrawn">retirée</option>' in html, html
        with translation.override("fr"):
            assert str(ClaimState.WITHDRAWN.label) == "retirée"
            assert str(DisputeStatus.WITHDRAWN.label) == "retiré"
