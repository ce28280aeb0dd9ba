"""A claim's boundary revised while the claim is before its committee, its notice not posted again (the
profile does not ask a new notice after an agreement), kept the committee's votes cast on the boundary that
was: « 2 pour, 0 contre — quorum atteint », the validation offered at once on a boundary nobody voted on. The
revision now opens a new committee round: the old votes count no more, the members who voted vote again, and
the claim's page says the votes were reset and why (the boundary revised, by which record), in French and in
English. Posted as the page renders it (CSRF, the one-use token, the button)."""

import re
from html import unescape

from django.test import Client
from django.utils import translation

from landreg.adjudication.states import ClaimState
from landreg.core import clock
from landreg.disputes.cases import transitions as moves
from landreg.disputes.cases.services import PartyInput
from landreg.disputes.states import AgreedChange
from tests.browser_forms import form_posting_to
from tests.disputes.helpers import DisputeTestCase
from tests.geometries import square

NNBSP = "\u202f"
S = ClaimState


class BoundaryRevisedBeforeTheCommitteeTests(DisputeTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.claim = self.walk_to(self.draft(east=100), S.COMMITTEE_VALIDATION)
        self.claim.profile.dispute_new_notice = False
        self.claim.profile.save(update_fields=["dispute_new_notice"])
        self.page_url = f"/adjudication/claims/{self.claim.pk}/"

    def browser(self, user, language="fr") -> Client:
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        client.cookies["django_language"] = language
        return client

    def page(self, user, language="fr") -> str:
        return unescape(self.browser(user, language).get(self.page_url).content.decode())

    def revise_by_agreement(self):
        case = self.file_case(
            subject="Chevauchement avec le champ de KƆNƆ Ɛsi",
            kind="boundary",
            claims=[self.claim],
            parties=[
                PartyInput("claimant", "ŊABA Ɓintu Fatɛ", "F"),
                PartyInput("neighbour", "KƆNƆ Ɛsi", "F"),
            ],
        )
        self.held_session(case)
        moves.agree(
            case=case,
            actor=self.conciliator,
            decided_on=clock.today(),
            summary="La limite est reculée de 10 m.",
            signatures="Empreintes des parties",
            change=AgreedChange.BOUNDARY,
            change_data={"geometry": square(100, 0, side=90).geojson},
        )
        return case

    def test_the_votes_cast_before_the_revision_count_no_more_and_the_page_says_why(self):
        self.votes(self.claim, approve=2)
        page = self.page(self.president_a)
        assert re.search(r'<p class="tally">2 pour, 0 contre — quorum atteint</p>', page)
        case = self.revise_by_agreement()
        self.claim.refresh_from_db()
        assert self.claim.state == S.COMMITTEE_VALIDATION  # no new notice: still before the committee
        assert self.claim.committee_round == 2
        html = self.page(self.president_a)
        assert (
            f'<p class="tally">0 pour, 0 contre — Quorum non atteint{NNBSP}: 0 vote exprimé, 2 requis.</p>'
            in html
        )
        day = clock.today().strftime("%d/%m/%Y")
        said = re.search(r'<p class="round-reset">(.*?)</p>', html, re.S).group(1)
        assert said == (
            f"Votes remis à zéro{NNBSP}: les limites de la demande ont été révisées le {day}{NNBSP}; "
            "les votes exprimés avant ne comptent plus et chaque membre vote à nouveau sur la demande "
            f"telle qu’elle est désormais. Révision{NNBSP}: accord (conciliation) du {day}, "
            f"dossier {case.number}."
        ), said
        assert "/moves/committee_validate/" not in html
        # The member who voted on the old boundary is offered the vote again, and votes.
        member = self.browser(self.members_a[0])
        page = member.get(self.page_url).content.decode()
        assert "Votre vote" not in unescape(page)
        form = form_posting_to(page, "/vote/")
        response = member.post(
            form.action, form.data(form.buttons[0], decision="approve", reason="Limites vues")
        )
        assert response.status_code == 302
        english = self.page(self.president_a, "en")
        said = re.search(r'<p class="round-reset">(.*?)</p>', english, re.S).group(1)
        assert said.startswith(f"Votes reset: the claim's boundary was revised on {day}; the votes cast"), (
            said
        )
        assert said.endswith(f"Revised by: agreement (conciliation) of {day}, case {case.number}."), said
        assert "1 vote cast, 2 needed" in english

    def test_a_claim_no_one_had_voted_on_stays_in_its_round_and_says_nothing_of_a_reset(self):
        self.revise_by_agreement()
        self.claim.refresh_from_db()
        assert self.claim.committee_round == 1
        assert 'class="round-reset"' not in self.page(self.president_a)
