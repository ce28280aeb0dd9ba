"""An agreement or a court decision offers only the changes to the register that can apply to its case:
« l’opposition est retirée » where an objection (or a neighbour's disagreement at the site visit) opened the
case, « la demande est retirée » where it concerns a claim in progress, a revised boundary for one claim or
one registered parcel, revised holders or an ended right for one current right. Found on the walk of the
demo: the court's decision on a dispute over a registered holding offered to withdraw an objection and a
claim the case never had. A change that does not apply, forged into the form or sent to the API, is refused
with the reason and nothing is recorded. Posted as the page renders it (CSRF, the one-use token, the
button)."""

import re
from html import unescape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from landreg.adjudication.notice.objections import objection_lodge
from landreg.adjudication.states import ClaimState
from landreg.core import clock
from landreg.disputes.cases import transitions as moves
from landreg.disputes.cases.services import PartyInput
from landreg.disputes.exceptions import DisputeError
from landreg.disputes.states import DisputeStatus
from tests.browser_forms import form_posting_to
from tests.disputes.helpers import JUDGEMENT_PDF, DisputeTestCase


def offered(html: str, action: str) -> list[str]:
    """The values of the « Modification du registre » choice of the form posting to ``action``."""
    form = html[html.index(f'action="{action}"') :]
    select = re.search(r'<select name="change"[^>]*>(.*?)</select>', form[: form.index("</form>")], re.S)
    return re.findall(r'<option value="([^"]*)"', select.group(1))


class ChangesThatApplyTests(DisputeTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")

    def browser(self, user) -> Client:
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        return client

    def holding_case(self):
        """A dispute over a registered holding (a sale made by one heir), before the court."""
        case = self.file_case(
            subject="Vente faite par un seul des héritiers",
            kind="ownership",
            parcels=[self.parcel_a],
            rights=[self.right_a],
            parties=[
                PartyInput("holder", "OUÉDRAOGO Aminata", "F", self.holder_a),
                PartyInput("other", "ŊABA Ɓukari", "M"),
            ],
        )
        self.held_session(case)
        moves.non_conciliation(
            case=case, actor=self.conciliator, decided_on=clock.today(), summary="Pas d’accord."
        )
        moves.refer(
            case=case,
            actor=self.disputes,
            court_name="TGI de Koudougou",
            court_reference="RG 12/2030",
            referred_on=clock.today(),
        )
        return case

    def test_the_court_decision_on_a_holding_offers_no_withdrawal_of_an_objection_or_a_claim(self):
        case = self.holding_case()
        action = f"/disputes/{case.pk}/moves/decide/"
        html = self.browser(self.disputes).get(f"/disputes/{case.pk}/").content.decode()
        assert offered(html, action) == ["none", "boundary", "shares", "end_right"]

    def test_a_withdrawal_of_an_objection_forged_into_the_decision_is_refused_with_the_reason(self):
        case = self.holding_case()
        client = self.browser(self.disputes)
        action = f"/disputes/{case.pk}/moves/decide/"
        form = form_posting_to(client.get(f"/disputes/{case.pk}/").content.decode(), action)
        data = form.data(
            form.button("decide"),
            summary="L’opposition est rejetée.",
            document_reference="Jugement 45/2030",
            change="withdraw_objection",
        )
        data["document"] = SimpleUploadedFile("jugement.pdf", JUDGEMENT_PDF, content_type="application/pdf")
        response = client.post(action, data)
        assert response.status_code == 400
        page = unescape(response.content.decode())
        assert "Aucune opposition n’a été formée dans ce dossier" in page
        case.refresh_from_db()
        assert case.status == DisputeStatus.IN_COURT and not case.outcomes.filter(kind="court_decision")

    def test_the_agreement_on_an_objection_offers_its_withdrawal_and_the_claims(self):
        claim = self.walk_to(self.draft(east=100), ClaimState.PUBLIC_NOTICE)
        case = objection_lodge(claim=claim, recorded_by=self.stranger, grounds="Limite ouest").dispute
        self.held_session(case)
        html = self.browser(self.conciliator).get(f"/disputes/{case.pk}/").content.decode()
        action = f"/disputes/{case.pk}/moves/agree/"
        assert offered(html, action) == ["none", "withdraw_objection", "withdraw_claim", "boundary"]

    def test_the_move_and_the_api_refuse_a_change_that_does_not_apply(self):
        case = self.holding_case()
        with self.assertRaisesMessage(DisputeError, "Ce dossier ne concerne aucune demande en cours"):
            moves.decide(
                case=case,
                actor=self.disputes,
                decided_on=clock.today(),
                summary="La demande est retirée.",
                document=self.court_decision(),
                change="withdraw_claim",
            )
        self.client.force_login(self.disputes)
        answer = self.client.post(
            f"/api/v1/disputes/{case.pk}/moves/decide/",
            {
                "decided_on": clock.today().isoformat(),
                "summary": "L’opposition est retirée.",
                "change": "withdraw_objection",
                "document": str(self.court_decision().pk),
            },
            content_type="application/json",
        )
        assert answer.status_code == 400, answer.content
        assert "Aucune opposition n’a été formée dans ce dossier" in answer.json()["detail"]
        case.refresh_from_db()
        assert case.status == DisputeStatus.IN_COURT
