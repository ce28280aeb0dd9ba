"""A claim returned at screening goes back to whoever lodged it (Claim.lodged_by_office): a first claim to the
field agent, « Renvoyer à l’agent… »; a later change lodged by the land office itself to the office's desk,
« Renvoyer au guichet… », said so on the button, its confirmation page and the claim's state once returned.
Found on the walk of the land office's paths: a lease lodged at the desk offered « Renvoyer à l’agent… »,
though no agent had lodged it."""

import re
from html import unescape

from django.test import Client

from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.claims import transitions as t
from landreg.adjudication.claims.services import ClaimantInput
from landreg.adjudication.states import ClaimState
from tests.adjudication.helpers import AdjudicationTestCase
from tests.browser_forms import form_posting_to, links


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", unescape(html)).replace("\u202f", " ").split())


def state_said(html: str) -> str:
    """The claim's state as its page says it, under « État »."""
    return unescape(re.search(r"<dt>(?:État|State)</dt><dd>([^<]*)</dd>", html).group(1))


class ReturnToLodgerTests(AdjudicationTestCase):
    profile_code = "bf-apfr"

    def setUp(self):
        super().setUp()
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.registrar)

    def in_screening(self, claim):
        self.submitted(claim)
        return t.screening_start(claim=claim, actor=self.registrar)

    def lease(self):
        return self.in_screening(
            change_draft(
                actor=self.registrar,
                kind="lease",
                parcels=[self.parcel_a],
                new_holders=[ClaimantInput(last_name="Sɔmda", first_names="Ɛlise", sex="F", share="1")],
                data={
                    "reason": "Bail de culture maraîchère",
                    "legal_basis": "Contrat de bail n° B-2030-004",
                    "start_date": "2030-01-01",
                    "end_date": "2032-12-31",
                },
            )
        )

    def page(self, claim, language="fr") -> str:
        self.browser.cookies["django_language"] = language
        response = self.browser.get(f"/adjudication/claims/{claim.pk}/")
        assert response.status_code == 200
        return response.content.decode()

    def return_button(self, html: str) -> str:
        found = re.search(r'<a class="button" href="([^"]*/moves/screening_return/)">([^<]*)</a>', html)
        assert found, "no return button"
        return found.group(1), unescape(found.group(2))

    def test_a_change_lodged_at_the_desk_goes_back_to_the_desk(self):
        claim = self.lease()
        assert claim.lodged_by_office
        url, label = self.return_button(self.page(claim))
        assert label == "Renvoyer au guichet…"
        confirm = self.browser.get(url).content.decode()
        assert "<h1>Renvoyer au guichet — " in confirm
        assert (
            "La demande retourne au guichet foncier, qui la complète ou la corrige et la dépose à nouveau. "
            "Le guichet lira vos motifs."
        ) in text(confirm)
        assert "agent" not in text(confirm)
        form = form_posting_to(confirm, "/moves/screening_return/")
        reasons = "Le contrat de bail n’est pas signé par le bailleur."
        returned = self.browser.post(form.action, form.data(form.buttons[0], reasons=reasons), follow=True)
        claim.refresh_from_db()
        assert claim.state == ClaimState.RETURNED and claim.return_reasons == reasons
        said = text(returned.content.decode())
        assert state_said(returned.content.decode()) == "renvoyée au guichet"
        assert "renvoyée à l’agent" not in said and reasons in said

    def test_in_english_it_says_the_office_desk(self):
        claim = self.lease()
        url, label = self.return_button(self.page(claim, "en"))
        assert label == "Return to the office desk…"
        confirm = text(self.browser.get(url).content.decode())
        assert "goes back to the land office's desk" in confirm and "guichet" not in confirm
        t.screening_return(claim=claim, actor=self.registrar, reasons="Deed unsigned")
        assert state_said(self.page(claim, "en")) == "returned to the office desk"

    def test_a_first_claim_goes_back_to_the_field_agent_who_lodged_it(self):
        claim = self.in_screening(self.draft())
        assert not claim.lodged_by_office
        html = self.page(claim)
        url, label = self.return_button(html)
        assert label == "Renvoyer à l’agent…" and url in links(html)
        assert "La demande retourne à l’agent" in text(self.browser.get(url).content.decode())
        t.screening_return(claim=claim, actor=self.registrar, reasons="Pièce d’identité illisible")
        assert state_said(self.page(claim)) == "renvoyée à l’agent"
