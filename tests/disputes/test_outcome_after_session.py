"""A conciliation ends with a record (agreement or non-conciliation) once the parties have been heard: the
case page and the API offer neither before a session is held, and the moves refuse it, writing nothing."""

import datetime as dt
from html import unescape

from landreg.core import clock
from landreg.disputes.cases import transitions as moves
from landreg.disputes.exceptions import DisputeError
from landreg.disputes.models import DisputeEvent, DisputeOutcome
from landreg.disputes.states import DisputeStatus
from landreg.parties.models import PartyKind
from tests.base import make_person, record_shared_holding
from tests.browser_forms import form_posting_to
from tests.disputes.helpers import DisputeTestCase
from tests.disputes.test_pages import PageTestCase, posted
from tests.geometries import square

NOT_HEARD = "Aucune séance de conciliation n’a encore été tenue"


class SessionScheduledOnly(DisputeTestCase):
    def case_with_a_session_scheduled(self):
        """A case on the land a lineage holds with two people, with its first session scheduled next week."""
        self.holding = record_shared_holding(
            self.village_a,
            square(3000, 0),
            [self.holder_a, make_person(self.village_a, last_name="Ɓaŋgɛ", first_names="Ɛlisabɛt")],
        )
        case = self.file_case(subject="Limite du champ du lignage Ɓɔɔ", parcels=[self.holding])
        self.session = moves.session_schedule(
            case=case,
            actor=self.conciliator,
            scheduled_for=clock.today() + dt.timedelta(days=7),
            place="Maison du village",
        )
        case.refresh_from_db()
        assert case.status == DisputeStatus.CONCILIATION
        return case

    def assert_nothing_written(self, case):
        case.refresh_from_db()
        assert case.status == DisputeStatus.CONCILIATION and case.is_open and not case.outcome_note
        assert not DisputeOutcome.objects.filter(case=case).exists()
        assert list(DisputeEvent.objects.filter(case=case).values_list("move", flat=True)) == [
            "open",
            "session_schedule",
        ]


class OutcomeMovesTests(SessionScheduledOnly):
    def test_no_agreement_nor_non_conciliation_is_recorded_before_a_session_is_held(self):
        case = self.case_with_a_session_scheduled()
        with self.assertRaisesMessage(DisputeError, "No conciliation session has been held yet"):
            moves.agree(
                case=case,
                actor=self.conciliator,
                decided_on=clock.today(),
                summary="La limite suit la haie de karités.",
                signatures="OUÉDRAOGO Aminata (empreinte), ZONGO Paul (signature)",
            )
        with self.assertRaisesMessage(DisputeError, "No conciliation session has been held yet"):
            moves.non_conciliation(
                case=case, actor=self.disputes, decided_on=clock.today(), summary="Désaccord"
            )
        self.assert_nothing_written(case)
        assert {"agree", "non_conciliation"}.isdisjoint(moves.allowed_moves_for(self.conciliator, case))

    def test_once_a_session_is_held_the_case_may_end_in_agreement_or_non_conciliation(self):
        case = self.case_with_a_session_scheduled()
        self.held_session(case)
        case.refresh_from_db()
        assert {"agree", "non_conciliation"} <= set(moves.allowed_moves_for(self.conciliator, case))


class OutcomeFormsPageTests(SessionScheduledOnly, PageTestCase):
    def test_the_case_page_offers_the_outcome_forms_only_once_a_session_is_held(self):
        case = self.case_with_a_session_scheduled()
        client = self.client_for(self.conciliator)
        html = unescape(client.get(f"/disputes/{case.pk}/").content.decode())
        assert "Limite du champ du lignage Ɓɔɔ" in html
        for move in ("agree", "non_conciliation", "decide"):
            assert f"/disputes/{case.pk}/moves/{move}/" not in html
        assert f"/disputes/{case.pk}/moves/session_schedule/" in html
        assert "Procès-verbal de conciliation" not in html.replace("procès-verbal de conciliation", "")

        self.travel(7)
        page = client.get(f"/disputes/{case.pk}/").content.decode()
        action = f"/disputes/{case.pk}/moves/session_hold/"
        form = form_posting_to(page, action)
        present = {f"present_{p.pk}": "on" for p in case.parties.all()}
        held = client.post(
            action,
            posted(
                form,
                held_on=clock.today().isoformat(),
                conciliators="Naaba Kiiba, SAWADOGO Issa",
                language="mooré",
                minutes="Les parties et le chef du lignage Ɓɔɔ ont été entendus.",
                **present,
            ),
        )
        assert held.status_code == 302, unescape(held.content.decode())
        html = client.get(f"/disputes/{case.pk}/").content.decode()
        assert f"/disputes/{case.pk}/moves/agree/" in html
        assert f"/disputes/{case.pk}/moves/non_conciliation/" in html
        response = self.post_move(
            client,
            case,
            "non_conciliation",
            decided_on=clock.today().isoformat(),
            summary="Le lignage Ɓɔɔ maintient sa limite.",
        )
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.status == DisputeStatus.NOT_CONCILIATED


class OutcomeApiTests(SessionScheduledOnly):
    def test_the_api_offers_no_outcome_before_a_held_session_and_refuses_one_writing_nothing(self):
        case = self.case_with_a_session_scheduled()
        assert self.holding.rights.current().get().holders.filter(party__kind=PartyKind.GROUP).exists()
        self.client.force_login(self.conciliator)
        listed = self.client.get("/api/v1/disputes/").json()["results"]
        # A session scheduled is moved or called off, not yet recorded as held (its day is to come).
        waiting = ["session_schedule", "session_reschedule", "session_cancel"]
        assert [c["allowed_moves"] for c in listed] == [waiting]
        detail = self.client.get(f"/api/v1/disputes/{case.pk}/").json()
        assert detail["allowed_moves"] == waiting
        response = self.client.post(
            f"/api/v1/disputes/{case.pk}/moves/agree/",
            {
                "decided_on": clock.today().isoformat(),
                "summary": "La limite suit la haie de karités.",
                "signatures": "Empreintes",
                "change": "none",
            },
            content_type="application/json",
            headers={"accept-language": "fr"},
        )
        assert response.status_code == 400, response.content
        assert NOT_HEARD in response.json()["detail"]
        self.assert_nothing_written(case)
