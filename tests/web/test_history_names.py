"""Histories name the person who did each thing, not their login: a parcel's versions, a claim's moves and a
certificate's events show « Awa Ɓaŋré » for the account agent_a; an account without names still shows its
login rather than nothing."""

from django.urls import reverse

from landreg.certificates.issuing.services import certificate_issue
from landreg.parcels.services import parcel_update
from tests.adjudication.helpers import AdjudicationTestCase


class HistoriesNameThePeopleTests(AdjudicationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for user, first, last in ((cls.agent_a, "Awa", "Ɓaŋré"), (cls.registrar, "Yacouba", "Tiɛmtoré")):
            user.first_name, user.last_name = first, last
            user.save()

    def page(self, user, url: str) -> str:
        self.client.force_login(user)
        response = self.client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    def history(self, page: str) -> str:
        return page[page.index('class="list history"') :]

    def test_a_parcel_s_history_names_who_made_each_version(self):
        parcel_update(parcel=self.parcel_a, actor=self.agent_a, reason="Nom local corrigé", local_name="Kɔgo")
        parcel_update(parcel=self.parcel_a, actor=self.agent_b, reason="Usage relevé", local_name="Kɔgo-2")
        history = self.history(
            self.page(self.registrar, reverse("web:parcel-detail", args=[self.parcel_a.pk]))
        )
        assert "<td>Awa Ɓaŋré</td>" in history
        assert "<td>agent_a</td>" not in history
        assert "<td>agent_b</td>" in history  # no names: the login, not an empty cell

    def test_a_claim_s_history_names_who_made_each_move(self):
        claim = self.accepted(self.submitted(self.draft()))
        history = self.history(self.page(self.agent_a, reverse("adjudication:claim-detail", args=[claim.pk])))
        assert "<td>Awa Ɓaŋré</td>" in history and "<td>Yacouba Tiɛmtoré</td>" in history
        assert ">agent_a<" not in history and ">registrar<" not in history

    def test_a_certificate_s_history_names_who_issued_it(self):
        certificate, _created = certificate_issue(right=self.right_a, actor=self.registrar)
        page = self.page(self.registrar, reverse("certificates:detail", args=[certificate.pk]))
        history = page[page.rindex("<ul>") :]
        assert " — Yacouba Tiɛmtoré " in history
        assert "registrar" not in history
