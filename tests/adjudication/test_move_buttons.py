"""Every move button of the claim page, clicked as a browser does: the form the page renders, its CSRF token
and the button's own name and value, then the page the user lands on (issue 10: each one answered 500)."""

import datetime as dt
from html import unescape

from django.test import Client

from landreg.adjudication.claims import transitions as t
from landreg.adjudication.states import ClaimState
from landreg.core import clock
from landreg.disputes.models import DisputeCase
from tests.adjudication.helpers import AdjudicationTestCase
from tests.browser_forms import form_posting_to, forms, links

S = ClaimState


class MoveButtonTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        self.browser = Client(enforce_csrf_checks=True)

    def click(self, user, claim, move, **typed):
        """Open the claim's page as ``user`` and click the move's button; a move that asks to confirm opens
        its own page, where the reason is typed and the move confirmed."""
        self.browser.force_login(user)
        page = self.browser.get(f"/adjudication/claims/{claim.pk}/")
        assert page.status_code == 200
        html = page.content.decode()
        action = f"/adjudication/claims/{claim.pk}/moves/{move}/"
        if action in links(html):
            page = self.browser.get(action)
            assert page.status_code == 200
            html = page.content.decode()
            assert "Annuler" in html  # the way back without doing anything
        form = form_posting_to(html, f"/moves/{move}/")
        assert form.method == "post" and "csrfmiddlewaretoken" in dict(form.fields)
        assert form.required <= set(typed), f"{move}: fill {form.required - set(typed)}"
        response = self.browser.post(form.action, form.data(form.button(move), **typed), follow=True)
        assert response.status_code in (200, 400), (move, response.status_code)
        claim.refresh_from_db()
        return response

    def shown(self, response) -> list[str]:
        return [str(m) for m in response.context["messages"]]

    def test_a_claim_goes_from_draft_to_ready_for_certificate_by_the_buttons_of_its_page(self):
        claim = self.draft()
        self.attach(claim, *claim.profile.required_documents.get("application", []))
        done = self.click(self.agent_a, claim, "submit")
        assert claim.state == S.SUBMITTED
        assert self.shown(done) == [f"C’est fait. État de la demande {claim.receipt_number}\u202f: déposée."]
        self.click(self.registrar, claim, "screening_start")
        assert claim.state == S.SCREENING
        self.click(self.registrar, claim, "screening_accept")
        seen = []
        while claim.state != S.READY_FOR_CERTIFICATE:
            seen.append(claim.state)
            if claim.state == S.PUBLIC_NOTICE:
                new_end = (claim.notice_end + dt.timedelta(days=2)).isoformat()
                self.click(self.registrar, claim, "notice_extend", new_end=new_end, reason="Marché annulé")
                assert claim.notice_end.isoformat() == new_end
                self.travel((claim.notice_end - dt.date(2030, 1, 7)).days + 1)
                self.click(self.registrar, claim, "notice_close")
            elif claim.state == S.SITE_VERIFICATION:
                self.site_record(claim)
                self.click(self.president_a, claim, "site_verification_close")
            elif claim.state == S.COMMITTEE_VALIDATION:
                self.votes(claim, approve=claim.profile.quorum_min_votes)
                self.click(self.president_a, claim, "committee_validate")
            elif claim.state == S.AUTHORITY_APPROVAL:
                approved = self.click(self.mayor, claim, "authority_approve")
                # The mayor reads where the claim now stands (a bare « C’est fait. » before).
                assert self.shown(approved) == [
                    f"C’est fait. État de la demande {claim.receipt_number}\u202f: prête pour le certificat."
                ]
            else:
                raise AssertionError(f"stuck in {claim.state}")
            assert claim.state != seen[-1], f"{seen[-1]}: the button did not move the claim"
        assert S.PUBLIC_NOTICE in seen and claim.right is not None

    def test_return_reject_withdraw_freeze_and_unfreeze_each_take_their_reason(self):
        returned = self.submitted(self.draft(east=100))
        self.click(self.registrar, returned, "screening_start")
        self.click(self.registrar, returned, "screening_return", reasons="Plan illisible")
        assert returned.state == S.RETURNED and returned.return_reasons == "Plan illisible"

        rejected = self.submitted(self.draft(east=300))
        self.click(self.registrar, rejected, "screening_start")
        self.click(self.registrar, rejected, "reject", code="duplicate", note="Déjà déposée")
        assert rejected.state == S.REJECTED and rejected.rejection_reason == "duplicate"

        frozen = self.submitted(self.draft(east=500))
        self.click(self.disputes, frozen, "freeze", reason="Affaire 12/2030")
        assert frozen.state == S.FROZEN
        self.click(self.disputes, frozen, "unfreeze", reason="Jugement 3/2030")
        assert frozen.state == S.SUBMITTED

        self.click(self.agent_a, frozen, "withdraw", reason="Le demandeur renonce")
        assert frozen.state == S.WITHDRAWN

    def test_a_move_without_its_reason_says_what_to_fill_and_leaves_the_claim_as_it_was(self):
        claim = self.submitted(self.draft())
        response = self.click(self.agent_a, claim, "withdraw", reason="")
        assert response.status_code == 400 and claim.state == S.SUBMITTED
        assert "Ce champ est obligatoire." in response.content.decode()

    def test_the_moves_that_end_or_send_back_a_claim_ask_to_confirm_and_say_what_follows(self):
        claim = t.screening_start(claim=self.submitted(self.draft()), actor=self.registrar)
        self.browser.force_login(self.registrar)
        html = self.browser.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        for move in ("reject", "screening_return", "withdraw", "freeze"):
            assert f"/moves/{move}/" not in {f.action[-len(f"/moves/{move}/") :] for f in forms(html)}
        assert any(h.endswith("/moves/reject/") for h in links(html))
        assert any(f.action.endswith("/moves/screening_accept/") for f in forms(html))  # one click
        page = self.browser.get(f"/adjudication/claims/{claim.pk}/moves/reject/").content.decode()
        assert "ne pourra pas être reprise" in page and 'name="note"' in page
        claim.refresh_from_db()
        assert claim.state == S.SCREENING  # opening the confirmation does nothing yet

    def test_a_refused_move_shows_its_page_again_with_what_was_typed(self):
        claim = self.accepted(self.submitted(self.draft()))
        end = claim.notice_end.isoformat()
        response = self.click(self.registrar, claim, "notice_extend", new_end=end, reason="Marché annulé")
        html = response.content.decode()
        assert response.status_code == 400 and "Marché annulé" in html and "ne peut être raccourcie" in html

    def test_a_move_not_open_to_the_user_sends_back_to_the_claim_with_a_message(self):
        claim = self.submitted(self.draft())
        self.browser.force_login(self.agent_a)
        response = self.browser.get(f"/adjudication/claims/{claim.pk}/moves/reject/", follow=True)
        assert response.status_code == 200 and claim.state == S.SUBMITTED
        assert self.shown(response) == ["Cette action ne vous est pas ouverte sur cette demande maintenant."]

    def test_a_bad_date_to_extend_the_notice_is_an_error_message_not_a_500(self):
        claim = self.accepted(self.submitted(self.draft()))
        end = claim.notice_end
        self.click(self.registrar, claim, "notice_extend", new_end="2030-02-30", reason="x")
        assert claim.notice_end == end


class ObjectionFromTheClaimPageTests(AdjudicationTestCase):
    def test_a_neighbour_objects_from_the_claim_page_and_a_dispute_case_opens(self):
        claim = self.accepted(self.submitted(self.draft()))
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.agent_a)
        page = browser.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        form = form_posting_to(page, "/objection/")
        body = form.data(
            form.buttons[0],
            grounds="La limite ouest empiète sur mon champ",
            objector_name="Ɓaŋɔ Awa",
            objector_id_reference="CNIB B1234",
        )
        response = browser.post(form.action, body, follow=True)
        assert response.status_code == 200
        objection = claim.objections.get()
        assert objection.objector_name == "Ɓaŋɔ Awa" and objection.dispute.is_open
        assert objection.dispute.number in response.content.decode()

    def test_the_same_objection_sent_twice_is_recorded_once_with_one_dispute_case(self):
        # Seen in Chromium: « Former opposition » sent twice (a double click, or the form sent again after
        # a lost answer) opened two dispute cases for one objection (LIT-SAB-2026-0007 and -0008).
        claim = self.accepted(self.submitted(self.draft()))
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.agent_a)
        page = browser.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        form = form_posting_to(page, "/objection/")
        body = form.data(
            form.buttons[0],
            grounds="La borne nord est sur mon champ de sorgho",
            objector_name="ƁAŊƆ Ɛlisabɛt",
            objector_id_reference="CNIB B7654321",
        )
        assert browser.post(form.action, body).status_code == 302
        response = browser.post(form.action, body, follow=True)
        assert response.status_code == 200
        objection = claim.objections.get()
        assert DisputeCase.objects.filter(claims=claim).count() == 1
        assert objection.dispute.number in response.content.decode()

    def test_an_objection_refused_comes_back_with_what_was_typed_and_the_reason_next_to_the_field(self):
        claim = self.accepted(self.submitted(self.draft()))
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.agent_a)
        page = browser.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        form = form_posting_to(page, "/objection/")
        grounds = "La limite ouest empiète sur mon champ depuis la saison des pluies"
        # The agent forgets to write how the objector was identified.
        response = browser.post(
            form.action, form.data(form.buttons[0], grounds=grounds, objector_name="Ɓaŋɔ Awa")
        )
        assert response.status_code == 400 and not claim.objections.exists()
        again = form_posting_to(response.content.decode(), "/objection/")
        assert ("grounds", grounds) in again.fields and ("objector_name", "Ɓaŋɔ Awa") in again.fields
        html = unescape(response.content.decode())
        error = html[html.index('id="id_objector_id_reference_errors"') :]
        assert error.split(">", 1)[1].startswith("Indiquez comment l’opposant a été identifié")
        # Corrected, the same form goes through.
        body = again.data(again.buttons[0], objector_id_reference="CNIB B1234")
        assert browser.post(again.action, body).status_code == 302
        assert claim.objections.get().grounds == grounds

    def test_an_objection_after_the_notice_says_so_on_the_claim_page_and_keeps_the_grounds(self):
        claim = self.accepted(self.submitted(self.draft()))
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.agent_a)
        form = form_posting_to(
            browser.get(f"/adjudication/claims/{claim.pk}/").content.decode(), "/objection/"
        )
        claim.refresh_from_db()
        with clock.frozen_at(clock.now() + dt.timedelta(days=(claim.notice_end - clock.today()).days + 1)):
            response = browser.post(
                form.action,
                form.data(
                    form.buttons[0],
                    grounds="Trop tard ?",
                    objector_name="ZONGO Paul",
                    objector_id_reference="CNIB 1",
                ),
            )
        assert response.status_code == 400 and not claim.objections.exists()
        html = unescape(response.content.decode())
        assert "les oppositions ne sont plus reçues" in html and "Trop tard ?" in html

    def test_the_dispute_administrator_goes_from_the_objection_to_its_case_and_the_agent_reads_its_number(
        self,
    ):
        claim = self.accepted(self.submitted(self.draft()))
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.agent_a)
        form = form_posting_to(
            browser.get(f"/adjudication/claims/{claim.pk}/").content.decode(), "/objection/"
        )
        body = form.data(
            form.buttons[0], grounds="Limite", objector_name="Ɓaŋɔ Awa", objector_id_reference="CNIB 1"
        )
        page = browser.post(form.action, body, follow=True).content.decode()
        case = claim.objections.get().dispute
        assert case.number in page and f"/disputes/{case.pk}/" not in links(
            page
        )  # agents do not handle cases
        browser.force_login(self.disputes)
        page = browser.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        assert f"/disputes/{case.pk}/" in links(page)
        opened = browser.get(f"/disputes/{case.pk}/")
        assert opened.status_code == 200 and "Ɓaŋɔ Awa" in opened.content.decode()


class VoteFromTheClaimPageTests(AdjudicationTestCase):
    def test_a_vote_without_its_reason_comes_back_with_the_choice_kept_and_the_reason_asked_for(self):
        claim = self.walk_to(self.draft(), S.COMMITTEE_VALIDATION)
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.member_a)
        form = form_posting_to(browser.get(f"/adjudication/claims/{claim.pk}/").content.decode(), "/vote/")
        response = browser.post(form.action, form.data(form.buttons[0], decision="reject", reason=" "))
        assert response.status_code == 400 and not claim.votes.exists()
        html = unescape(response.content.decode())
        again = form_posting_to(html, "/vote/")
        assert again.radios["decision"] == "reject"  # the choice made, not the first one
        error = html[html.index('id="id_reason_errors"') :]
        assert error.split(">", 1)[1].startswith("Ce champ est obligatoire.")
        body = again.data(again.buttons[0], reason="La limite nord n’a pas été montrée aux voisins")
        assert browser.post(again.action, body).status_code == 302
        vote = claim.votes.get()
        assert (vote.member, vote.decision) == (self.member_a, "reject")

    def test_a_second_vote_of_the_same_member_is_refused_on_the_page_in_french(self):
        claim = self.walk_to(self.draft(), S.COMMITTEE_VALIDATION)
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.member_a)
        page = f"/adjudication/claims/{claim.pk}/"
        form = form_posting_to(browser.get(page).content.decode(), "/vote/")
        other_tab = form_posting_to(browser.get(page).content.decode(), "/vote/")
        body = form.data(form.buttons[0], decision="approve", reason="Limites reconnues")
        assert browser.post(form.action, body).status_code == 302
        # The same form sent again (a double click, a retry): recorded once, the claim's page shown again.
        again = browser.post(form.action, body, follow=True)
        assert again.status_code == 200 and claim.votes.count() == 1
        assert "envoyé deux fois" in unescape(again.content.decode())
        # A vote from a second tab opened before: refused, said on the page.
        response = browser.post(
            form.action, other_tab.data(other_tab.buttons[0], decision="reject", reason="Non")
        )
        assert response.status_code == 400 and claim.votes.count() == 1
        assert "Vous avez déjà voté" in unescape(response.content.decode())

    def test_after_voting_the_member_reads_their_own_vote_and_reason_and_no_form(self):
        claim = self.walk_to(self.draft(), S.COMMITTEE_VALIDATION)
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.member_a)
        form = form_posting_to(browser.get(f"/adjudication/claims/{claim.pk}/").content.decode(), "/vote/")
        body = form.data(form.buttons[0], decision="reject", reason="Limite nord contestée")
        page = browser.post(form.action, body, follow=True)
        html = unescape(page.content.decode())
        day = clock.today().strftime("%d/%m/%Y")
        assert f"Votre vote ({day})\u202f: contre la demande." in html
        assert "Votre motif\u202f: Limite nord contestée" in html
        assert not any(f.action.endswith("/vote/") for f in forms(html))
        # Another member, who has not voted, reads no one's vote as theirs and gets the form.
        browser.force_login(self.members_a[1])
        other = unescape(browser.get(f"/adjudication/claims/{claim.pk}/").content.decode())
        assert "Votre vote" not in other and any(f.action.endswith("/vote/") for f in forms(other))
