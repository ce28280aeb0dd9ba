"""A court rules on an objection, it does not withdraw it: its decision against the objection said
« l’opposition est retirée », the words of the objector's withdrawal agreed at the conciliation. The decision
now offers « l’opposition est rejetée » (AgreedChange.REJECT_OBJECTION, its own choice), said on the case's
page, the record of the decision (PDF) and the claim's history; the withdrawal forged into the decision, or
the rejection into an agreement, is refused with the reason, on the page and through the API. Posted as the
page renders it (CSRF, the one-use token, the button)."""

import re
from html import unescape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from landreg.adjudication.notice.objections import objection_lodge
from landreg.adjudication.states import ClaimState
from landreg.core import clock
from landreg.disputes.cases import transitions as moves
from landreg.disputes.states import DisputeStatus
from tests.browser_forms import form_posting_to
from tests.certificates.base import pdf_text
from tests.disputes.helpers import JUDGEMENT_PDF
from tests.disputes.test_changes_that_apply import offered
from tests.disputes.test_pages import PageTestCase
from tests.web.test_french_pages import visible_texts

NNBSP = "\u202f"


class ObjectionRejectedTests(PageTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.claim, self.case = self.objection_case()
        self.held_session(self.case)
        moves.non_conciliation(
            case=self.case, actor=self.conciliator, decided_on=clock.today(), summary="Pas d’accord."
        )
        moves.refer(
            case=self.case,
            actor=self.disputes,
            court_name="TGI de Koudougou",
            court_reference="RG 12/2030",
            referred_on=clock.today(),
        )
        self.browser = self.client_for(self.disputes)
        self.url = f"/disputes/{self.case.pk}/"
        self.action = f"{self.url}moves/decide/"

    def decide(self, change: str):
        form = form_posting_to(self.browser.get(self.url).content.decode(), self.action)
        data = form.data(
            form.button("decide"),
            summary="La borne nord reste où elle est ; l’opposition de ƁAŊƆ Ɛlisabɛt est mal fondée.",
            document_reference="Jugement 45/2030",
            change=change,
        )
        data["document"] = SimpleUploadedFile("jugement.pdf", JUDGEMENT_PDF, content_type="application/pdf")
        return self.browser.post(self.action, data, follow=True)

    def test_the_court_rejects_the_objection_in_its_own_words_on_the_page_the_record_and_the_claim(self):
        html = self.browser.get(self.url).content.decode()
        assert offered(html, self.action) == ["none", "reject_objection", "boundary"]
        assert "l’opposition est rejetée" in unescape(html)
        page = unescape(self.decide("reject_objection").content.decode())
        said = " ".join(re.findall(r'<li class="success[^"]*">(.*?)</li>', page, re.S))
        assert f"enregistrée{NNBSP}: l’opposition est rejetée." in said
        outcomes = page[page.index("<h2>Issues</h2>") :]
        assert "l’opposition est rejetée" in outcomes[: outcomes.index("</ul>")]
        assert "retirée" not in outcomes[: outcomes.index("</ul>")]
        self.case.refresh_from_db()
        assert self.case.status == DisputeStatus.DECIDED
        [link] = re.findall(r'href="(/disputes/[^"]+/records/[^"]+\.pdf)">Relevé de la décision', page)
        text = " ".join(pdf_text(self.browser.get(unescape(link)).content).split())
        assert "l’opposition est rejetée" in text and "l’opposition est retirée" not in text
        history = self.browser.get(f"/adjudication/claims/{self.claim.pk}/").content.decode()
        table = history[history.index('<table class="list history">') :]
        texts = visible_texts(table[: table.index("</table>")])
        assert f"— Décision de justice{NNBSP}: l’opposition est rejetée" in texts, texts

    def test_the_withdrawal_forged_into_the_decision_is_refused_with_the_reason(self):
        response = self.decide("withdraw_objection")
        assert response.status_code == 400
        assert "Un tribunal ne retire pas une opposition" in unescape(response.content.decode())
        self.client.force_login(self.disputes)
        answer = self.client.post(
            f"/api/v1/disputes/{self.case.pk}/moves/decide/",
            {
                "decided_on": clock.today().isoformat(),
                "summary": "L’opposition est retirée.",
                "change": "withdraw_objection",
                "document": str(self.court_decision().pk),
            },
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="fr",
        )
        assert answer.status_code == 400, answer.content
        assert "seul l’opposant la retire" in answer.json()["detail"]
        self.case.refresh_from_db()
        assert self.case.status == DisputeStatus.IN_COURT

    def test_an_agreement_does_not_reject_the_objection(self):
        _claim, case = self.objection_case_beside()
        self.held_session(case)
        html = self.browser.get(f"/disputes/{case.pk}/").content.decode()
        action = f"/disputes/{case.pk}/moves/agree/"
        assert offered(html, action) == ["none", "withdraw_objection", "withdraw_claim", "boundary"]
        self.client.force_login(self.conciliator)
        answer = self.client.post(
            f"/api/v1/disputes/{case.pk}/moves/agree/",
            {
                "decided_on": clock.today().isoformat(),
                "summary": "Accord",
                "signatures": "Empreintes",
                "change": "reject_objection",
            },
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="fr",
        )
        assert answer.status_code == 400, answer.content
        assert "Seul un tribunal rejette une opposition" in answer.json()["detail"]

    def objection_case_beside(self):
        claim = self.walk_to(self.draft(east=300), ClaimState.PUBLIC_NOTICE)
        objection = objection_lodge(
            claim=claim,
            recorded_by=self.agent_a,
            objector_name="KƆNƆ Ɛsi",
            objector_id_reference="CNIB B2",
            grounds="Limite est",
        )
        return claim, objection.dispute
