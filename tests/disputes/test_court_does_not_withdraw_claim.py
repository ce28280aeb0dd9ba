"""A court does not withdraw a claim: withdrawing it is its applicant's act (agreed at the conciliation, or at
the land office). The court's decision on a case about a claim offered « la demande est retirée » among its
choices; it no longer does, on the page, through the API or in the move itself, which refuses it with the
reason. The agreement keeps it. A decision recorded with it before (the register wrote the claim withdrawn,
the chained history keeps it so) says what it was on the case page, in French and in English, in the record
of the decision and in the claim's history, and the audit chain still verifies. Posted as the page renders
it (CSRF, the one-use token, the button)."""

import re
from html import unescape
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from landreg.adjudication.states import ClaimState
from landreg.audit.services import audit_verify
from landreg.core import clock
from landreg.disputes.cases import transitions as moves
from landreg.disputes.exceptions import DisputeError
from landreg.disputes.models import DisputeOutcome
from landreg.disputes.states import AgreedChange, DisputeStatus
from tests.browser_forms import form_posting_to
from tests.certificates.base import pdf_text
from tests.disputes.helpers import JUDGEMENT_PDF
from tests.disputes.test_changes_that_apply import offered
from tests.disputes.test_pages import PageTestCase
from tests.web.test_french_pages import visible_texts

NNBSP = "\u202f"
SAID_FR = "la demande est close par la décision du tribunal (inscrite au registre comme retirée)"
SAID_EN = "the claim is closed by the court's decision (entered in the register as withdrawn)"


class CourtDoesNotWithdrawTheClaimTests(PageTestCase):
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

    def decide_on_the_page(self, change: str):
        form = form_posting_to(self.browser.get(self.url).content.decode(), self.action)
        data = form.data(
            form.button("decide"),
            summary="La demande de ƁAŊƆ Ɛlisabɛt sur le champ de Kɔnɛ Ŋaba est mal fondée.",
            document_reference="Jugement 46/2030",
            change=change,
        )
        data["document"] = SimpleUploadedFile("jugement.pdf", JUDGEMENT_PDF, content_type="application/pdf")
        return self.browser.post(self.action, data, follow=True)

    def test_the_decision_does_not_offer_the_withdrawal_and_refuses_it_on_the_page_the_api_and_the_move(self):
        html = self.browser.get(self.url).content.decode()
        assert offered(html, self.action) == ["none", "reject_objection", "boundary"]
        response = self.decide_on_the_page("withdraw_claim")
        assert response.status_code == 400
        assert "Un tribunal ne retire pas une demande, seul le demandeur la retire" in unescape(
            response.content.decode()
        )
        self.client.force_login(self.disputes)
        answer = self.client.post(
            f"{'/api/v1'}{self.url}moves/decide/",
            {
                "decided_on": clock.today().isoformat(),
                "summary": "La demande est écartée.",
                "change": "withdraw_claim",
                "document": str(self.court_decision().pk),
            },
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="fr",
        )
        assert answer.status_code == 400, answer.content
        assert "Un tribunal ne retire pas une demande, seul le demandeur la retire" in answer.json()["detail"]
        with self.assertRaisesMessage(DisputeError, "seul le demandeur la retire"):
            moves.decide(
                case=self.case,
                actor=self.disputes,
                decided_on=clock.today(),
                summary="La demande est écartée.",
                change=AgreedChange.WITHDRAW_CLAIM,
                document=self.court_decision(),
            )
        self.case.refresh_from_db()
        self.claim.refresh_from_db()
        assert self.case.status == DisputeStatus.IN_COURT and not self.case.outcomes.filter(
            kind="court_decision"
        )
        assert self.claim.state == ClaimState.PUBLIC_NOTICE

    def test_a_decision_recorded_with_the_withdrawal_before_says_what_it_was(self):
        # Recorded as the move allowed it before: the claim withdrawn in the register, the events chained.
        with mock.patch("landreg.disputes.outcomes.changes.change_refusal", return_value=None):
            moves.decide(
                case=self.case,
                actor=self.disputes,
                decided_on=clock.today(),
                summary="La demande de ƁAŊƆ Ɛlisabɛt est mal fondée.",
                change=AgreedChange.WITHDRAW_CLAIM,
                document=self.court_decision(),
            )
        outcome = DisputeOutcome.objects.get(case=self.case, kind="court_decision")
        assert outcome.change == AgreedChange.WITHDRAW_CLAIM  # kept as recorded: nothing rewritten
        self.claim.refresh_from_db()
        assert self.claim.state == ClaimState.WITHDRAWN
        page = unescape(self.browser.get(self.url).content.decode())
        outcomes = page[page.index("<h2>Issues</h2>") :]
        outcomes = outcomes[: outcomes.index("</ul>")]
        assert f'<span class="change">{SAID_FR}</span>' in outcomes
        assert "la demande est retirée" not in outcomes
        [link] = re.findall(r'href="(/disputes/[^"]+/records/[^"]+\.pdf)">Relevé de la décision', page)
        text = " ".join(pdf_text(self.browser.get(link).content).split())
        assert SAID_FR in text and "la demande est retirée" not in text
        history = self.browser.get(f"/adjudication/claims/{self.claim.pk}/").content.decode()
        table = history[history.index('<table class="list history">') :]
        texts = visible_texts(table[: table.index("</table>")])
        assert f"— Décision de justice{NNBSP}: {SAID_FR}" in texts, texts
        self.browser.cookies["django_language"] = "en"
        translation.activate("en")
        page = unescape(self.browser.get(self.url).content.decode())
        assert f'<span class="change">{SAID_EN}</span>' in page and "the claim is withdrawn" not in page
        assert audit_verify()[1] is None
