"""After each move the case page says what was done, in French first (« Séance de conciliation fixée au
14 janvier 2030 (Maison du village). », « Affaire close par conciliation … »), not a bare « Enregistré. »
after every move (found on the walk of the demo). Each move is posted as the page renders it (CSRF, the
one-use token, its button) and the message read on the page the user is sent back to."""

import re
from html import unescape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from landreg.adjudication.notice.objections import objection_lodge
from landreg.adjudication.states import ClaimState
from tests.browser_forms import form_posting_to
from tests.disputes.helpers import JUDGEMENT_PDF, DisputeTestCase

NNBSP = "\u202f"


class MoveMessageTests(DisputeTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        claim = self.walk_to(self.draft(east=100), ClaimState.PUBLIC_NOTICE)
        self.case = objection_lodge(
            claim=claim,
            recorded_by=self.agent_a,
            objector_name="ƁAŊƆ Ɛlisabɛt",
            objector_id_reference="CNIB B1",
            grounds="Limite ouest",
        ).dispute
        self.url = f"/disputes/{self.case.pk}/"

    def browser(self, user) -> Client:
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        return client

    def move(self, client, move, files=None, **typed) -> str:
        """The move's form posted as the page renders it; the message the page then shows."""
        form = form_posting_to(client.get(self.url).content.decode(), f"/moves/{move}/")
        data = form.data(form.button(move), **typed)
        data.update(files or {})
        response = client.post(form.action, data, follow=True)
        page = unescape(response.content.decode())
        assert response.status_code == 200, page[:2000]
        assert "Enregistré." not in page
        return " ".join(re.findall(r'<li class="(?:success|info)[^"]*">(.*?)</li>', page, re.S))

    def test_the_conciliation_says_each_step_it_recorded(self):
        conciliator = self.browser(self.conciliator)
        said = self.move(
            conciliator, "session_schedule", scheduled_for="2030-01-14", place="Maison du village"
        )
        assert "Séance de conciliation fixée au 14 janvier 2030 (Maison du village)." in said
        self.travel(7)
        said = self.move(
            conciliator,
            "session_hold",
            conciliators="Naaba Kiiba",
            language="mooré",
            minutes="Les parties ont été entendues.",
            **{f"present_{p.pk}": "on" for p in self.case.parties.all()},
        )
        assert "La séance tenue le 14 janvier 2030 est enregistrée." in said
        said = self.move(
            conciliator,
            "agree",
            summary="ƁAŊƆ Ɛlisabɛt retire son opposition.",
            signatures="Empreintes des parties",
            change="withdraw_objection",
        )
        assert (
            f"Affaire close par conciliation (accord du 14 janvier 2030){NNBSP}: l’opposition est retirée."
            in said
        )

    def test_the_way_to_the_court_says_each_step_it_recorded(self):
        conciliator, admin = self.browser(self.conciliator), self.browser(self.disputes)
        self.held_session(self.case)
        said = self.move(conciliator, "non_conciliation", summary="Pas d’accord sur la limite ouest.")
        assert (
            f"Non-conciliation constatée (14 janvier 2030){NNBSP}: la voie du tribunal est ouverte." in said
        )
        said = self.move(
            admin,
            "refer",
            court_name="TGI de Koudougou",
            court_reference="RG 12/2030",
            referred_on="2030-01-14",
        )
        assert "Affaire portée devant TGI de Koudougou le 14 janvier 2030 (RG 12/2030)." in said
        scan = SimpleUploadedFile("jugement.pdf", JUDGEMENT_PDF, content_type="application/pdf")
        said = self.move(
            admin,
            "decide",
            files={"document": scan},
            summary="L’opposition est rejetée.",
            document_reference="Jugement 45/2030",
            change="reject_objection",
        )
        assert (
            f"Décision du tribunal du 14 janvier 2030 enregistrée{NNBSP}: l’opposition est rejetée." in said
        )
