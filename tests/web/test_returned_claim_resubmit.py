"""A claim the land office returned for correction, opened for edit, offers to save and submit it again (the
workflow's move from « returned »), not « Enregistrer le brouillon »: it is no draft. The corrections are kept
when the registry refuses to lodge it again, and the page says why."""

from django.urls import reverse

from landreg.adjudication.claims import transitions as t
from landreg.adjudication.states import ClaimState
from tests.adjudication.helpers import AdjudicationTestCase
from tests.browser_forms import flat, form_with_field


class ReturnedClaimResubmitTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        claim = self.submitted(self.draft())
        t.screening_start(claim=claim, actor=self.registrar)
        self.claim = t.screening_return(claim=claim, actor=self.registrar, reasons="Nom du lieu-dit manquant")
        assert self.claim.state == ClaimState.RETURNED
        self.client.force_login(self.agent_a)
        self.client.cookies["django_language"] = "fr"
        self.edit = reverse("adjudication:claim-edit", args=[self.claim.pk])

    def edit_form(self):
        page = self.client.get(self.edit).content.decode()
        return page, form_with_field(page, "local_name")

    def test_the_edit_page_of_a_returned_claim_offers_to_save_and_submit_again_not_a_draft(self):
        page, form = self.edit_form()
        assert "Enregistrer le brouillon" not in page
        assert ("resubmit", "1") in form.buttons and ("save", "1") in form.buttons
        assert ">Enregistrer et déposer à nouveau</button>" in page

    def test_save_and_submit_again_lodges_the_corrected_claim_for_screening(self):
        _page, form = self.edit_form()
        body = flat(form.data(("resubmit", "1"), local_name="Champ de Ɓaŋre"))
        response = self.client.post(self.edit, body, follow=True)
        self.claim.refresh_from_db()
        assert (self.claim.state, self.claim.local_name) == (ClaimState.SUBMITTED, "Champ de Ɓaŋre")
        assert "La demande est corrigée et déposée à nouveau\u202f: elle attend l’examen." in (
            response.content.decode()
        )
        assert self.claim.events.order_by("-occurred_at", "-pk").first().move == "submit"

    def test_a_refused_submission_keeps_the_corrections_and_says_why(self):
        self.claim.documents.clear()  # the application's documents gone: the registry refuses to lodge it
        _page, form = self.edit_form()
        body = flat(form.data(("resubmit", "1"), local_name="Champ de Ɓaŋre"))
        page = self.client.post(self.edit, body, follow=True).content.decode()
        self.claim.refresh_from_db()
        assert (self.claim.state, self.claim.local_name) == (ClaimState.RETURNED, "Champ de Ɓaŋre")
        assert (
            "Les corrections sont enregistrées\u202f; la demande n’est pas déposée à nouveau\u202f: " in page
        )

    def test_save_without_submitting_keeps_it_returned(self):
        _page, form = self.edit_form()
        self.client.post(self.edit, flat(form.data(("save", "1"), local_name="Kɔgo")))
        self.claim.refresh_from_db()
        assert (self.claim.state, self.claim.local_name) == (ClaimState.RETURNED, "Kɔgo")

    def test_a_draft_still_offers_to_save_the_draft(self):
        draft = self.draft(east=3000)
        page = self.client.get(reverse("adjudication:claim-edit", args=[draft.pk])).content.decode()
        assert ">Enregistrer le brouillon</button>" in page and 'name="resubmit"' not in page
