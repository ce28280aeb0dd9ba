"""The periods of the procedure profile after which a case may be declared final: to take the dispute to court
after a record of non-conciliation, to appeal a court's decision. Kept on the case from the record's or the
decision's date; before the period is over the case page offers no "final" move and the move is refused with
the date; after it, the dispute administrator's home lists the case to declare final. Without a period in the
profile, the administrator says when the case is final (as before)."""

import datetime as dt
from html import unescape

from django.test import Client

from landreg.core import clock
from landreg.disputes.cases import transitions as moves
from landreg.disputes.exceptions import DisputeError
from landreg.disputes.states import DisputeStatus
from tests.browser_forms import form_posting_to
from tests.disputes.test_pages import PageTestCase
from tests.web.test_work_queues import listed, queues

COURT_DAYS, APPEAL_DAYS = 30, 60


class FinalPeriodsTestCase(PageTestCase):
    def setUp(self):
        super().setUp()
        self.profile.dispute_court_days, self.profile.dispute_appeal_days = COURT_DAYS, APPEAL_DAYS
        self.profile.save(update_fields=["dispute_court_days", "dispute_appeal_days"])
        self.case = self.file_case(
            parcels=[self.parcel_a], rights=[self.right_a], subject="Limite nord contestée par ƁAŊƆ Ɛlisabɛt"
        )
        self.held_session(self.case)
        self.url = f"/disputes/{self.case.pk}/"
        self.finalise_action = f"{self.url}moves/finalise/"

    def page(self, client: Client) -> str:
        response = client.get(self.url)
        assert response.status_code == 200
        return unescape(response.content.decode())

    def not_conciliated(self, on: dt.date):
        response = self.post_move(
            self.client_for(self.conciliator),
            self.case,
            "non_conciliation",
            decided_on=on.isoformat(),
            summary="Ŋaba et ZONGO Paul maintiennent chacun la borne qu’ils ont plantée",
        )
        assert response.status_code == 302, response.content.decode()[:500]
        self.case.refresh_from_db()

    def referred(self):
        moves.refer(
            case=self.case,
            actor=self.disputes,
            court_name="TGI de Koudougou",
            court_reference="RG 12/2030",
            referred_on=clock.today(),
        )

    def finalise_on_page(self, client: Client):
        form = form_posting_to(self.page(client), self.finalise_action)
        return client.post(
            form.action, form.data(form.buttons[0], reason="Aucun tribunal saisi dans le délai")
        )


class AfterNonConciliationTests(FinalPeriodsTestCase):
    def test_the_case_is_final_only_once_the_period_to_go_to_court_is_over(self):
        record_date = clock.today() - dt.timedelta(days=2)
        self.not_conciliated(record_date)
        last_day = record_date + dt.timedelta(days=COURT_DAYS)
        assert self.case.final_from == last_day + dt.timedelta(days=1)
        admin = self.client_for(self.disputes)
        html = self.page(admin)
        first = self.case.final_from.strftime("%d/%m/%Y")
        assert f'Peut être déclaré définitif à partir du</dt><dd class="final-from">{first}' in html
        assert "si aucun tribunal n’est saisi d’ici là" in html
        assert self.finalise_action not in html  # not offered yet
        assert "finalise" not in moves.allowed_moves_for(self.disputes, self.case)
        with self.assertRaisesMessage(
            DisputeError,
            f"jusqu’au {last_day.strftime('%d/%m/%Y')}\u202f: le dossier peut être déclaré définitif "
            f"à partir du {first}",
        ):
            moves.finalise(case=self.case, actor=self.disputes, reason="Trop tôt")
        self.case.refresh_from_db()
        assert self.case.status == DisputeStatus.NOT_CONCILIATED and not self.case.final
        # Not on the administrator's list of cases to declare final yet.
        _client, found = self.home_of_disputes()
        assert found["to_finalise"][0] == 0

        self.travel((self.case.final_from - clock.today()).days)
        client, found = self.home_of_disputes()
        count, _late, link, _late_link, *_held = found["to_finalise"]
        assert count == 1 and link == "/disputes/cases/?to_finalise=true"
        assert listed(client, link) == 1
        response = self.finalise_on_page(admin)
        assert response.status_code == 302
        self.case.refresh_from_db()
        assert self.case.status == DisputeStatus.CLOSED and self.case.final and not self.case.is_open
        assert self.home_of_disputes()[1]["to_finalise"][0] == 0

    def test_a_court_seized_in_the_period_stops_it(self):
        self.not_conciliated(clock.today())
        self.referred()
        self.case.refresh_from_db()
        assert self.case.final_from is None and self.case.status == DisputeStatus.IN_COURT

    def test_a_profile_changed_later_does_not_move_a_period_already_running(self):
        self.not_conciliated(clock.today())
        running = self.case.final_from
        self.profile.dispute_court_days = 90
        self.profile.save(update_fields=["dispute_court_days"])
        self.case.refresh_from_db()
        assert self.case.final_from == running
        self.travel((running - clock.today()).days)
        moves.finalise(case=self.case, actor=self.disputes, reason="Aucun tribunal saisi dans le délai")

    def home_of_disputes(self):
        client = Client()
        client.force_login(self.disputes)
        return client, queues(client.get("/").content.decode())


class AfterTheCourtsDecisionTests(FinalPeriodsTestCase):
    def decided(self, on: dt.date):
        moves.decide(
            case=self.case,
            actor=self.disputes,
            decided_on=on,
            summary="La borne nord reste au pied du karité",
            document=self.court_decision(),
        )
        self.case.refresh_from_db()

    def test_the_appeal_period_runs_from_the_decision_and_an_appeal_starts_it_again(self):
        self.not_conciliated(clock.today())
        self.referred()
        self.travel(20)
        decided_on = clock.today() - dt.timedelta(days=5)  # recorded five days after the judgement
        self.decided(decided_on)
        assert self.case.final_from == decided_on + dt.timedelta(days=APPEAL_DAYS + 1)
        html = self.page(self.client_for(self.disputes))
        assert "si aucun appel n’est interjeté d’ici là" in html and self.finalise_action not in html
        with self.assertRaises(DisputeError):
            moves.finalise(case=self.case, actor=self.disputes, reason="Trop tôt")
        # Appealed within the period: the case is in court again, no period runs.
        moves.appeal(
            case=self.case,
            actor=self.disputes,
            court_name="Cour d’appel de Ouagadougou",
            court_reference="CA 3",
        )
        self.case.refresh_from_db()
        assert self.case.final_from is None and self.case.is_open
        self.travel(100)
        self.decided(clock.today())
        self.travel(APPEAL_DAYS + 1)
        admin = self.client_for(self.disputes)
        assert self.finalise_action in self.page(admin)
        assert self.finalise_on_page(admin).status_code == 302
        self.case.refresh_from_db()
        assert self.case.final and self.case.status == DisputeStatus.CLOSED

    def test_the_api_gives_the_date(self):
        self.decided_after_referral()
        client = Client()
        client.force_login(self.disputes)
        body = client.get(f"/api/v1/disputes/{self.case.pk}/").json()
        assert body["final_from"] == self.case.final_from.isoformat()
        assert "finalise" not in body["allowed_moves"]

    def decided_after_referral(self):
        self.not_conciliated(clock.today())
        self.referred()
        self.decided(clock.today())


class WithoutPeriodsTests(FinalPeriodsTestCase):
    def test_the_administrator_declares_the_case_final_when_the_profile_keeps_no_period(self):
        self.profile.dispute_court_days = self.profile.dispute_appeal_days = None
        self.profile.save(update_fields=["dispute_court_days", "dispute_appeal_days"])
        self.not_conciliated(clock.today())
        assert self.case.final_from is None
        admin = self.client_for(self.disputes)
        assert "Peut être déclaré définitif" not in self.page(admin)
        assert self.finalise_on_page(admin).status_code == 302
        self.case.refresh_from_db()
        assert self.case.final
