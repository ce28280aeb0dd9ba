"""A session is recorded as held on or after the day it was scheduled for, and not in the future: the case
page offers to record it once its day has come, and the page, the move and the API refuse a date before its
day or after today, writing nothing."""

import datetime as dt
from html import unescape

from landreg.core import clock
from landreg.disputes.cases import transitions as moves
from landreg.disputes.cases.transitions import PositionInput
from landreg.disputes.exceptions import DisputeError
from landreg.disputes.models import DisputeEvent, SessionPosition
from tests.base import make_person, record_shared_holding
from tests.browser_forms import form_posting_to
from tests.disputes.helpers import DisputeTestCase
from tests.disputes.test_pages import PageTestCase, posted
from tests.geometries import square

BEFORE_ITS_DAY = "n’est pas enregistrée comme tenue avant ce jour"


class SessionNextWeek(DisputeTestCase):
    def case_with_a_session_next_week(self):
        """A case on the land a lineage holds with two people; its session sits in a week."""
        holding = record_shared_holding(
            self.village_a,
            square(3000, 0),
            [self.holder_a, make_person(self.village_a, last_name="Ɓaŋgɛ", first_names="Ɛlisabɛt")],
        )
        case = self.file_case(subject="Passage vers le puits du lignage Ɓɔɔ", parcels=[holding])
        self.day = clock.today() + dt.timedelta(days=7)
        self.session = moves.session_schedule(
            case=case, actor=self.conciliator, scheduled_for=self.day, place="Maison du village"
        )
        case.refresh_from_db()
        return case

    def hold(self, case, held_on):
        return moves.session_hold(
            case=case,
            actor=self.conciliator,
            session=self.session,
            held_on=held_on,
            conciliators="Naaba Kiiba",
            language="mooré",
            minutes="Les parties ont été entendues.",
            positions=[PositionInput(p.pk, True, "") for p in case.parties.all()],
        )

    def assert_not_held(self):
        self.session.refresh_from_db()
        assert self.session.held_on is None and not self.session.minutes
        assert not SessionPosition.objects.filter(session=self.session).exists()
        assert not DisputeEvent.objects.filter(move="session_hold").exists()


class SessionHoldMoveTests(SessionNextWeek):
    def test_a_session_is_not_recorded_as_held_before_its_day_nor_in_the_future(self):
        case = self.case_with_a_session_next_week()
        with self.assertRaisesMessage(DisputeError, "it is not recorded as held before that day"):
            self.hold(case, clock.today())
        assert "session_hold" not in moves.allowed_moves_for(self.conciliator, case)
        self.travel(7)
        with self.assertRaisesMessage(DisputeError, "it is not recorded as held before that day"):
            self.hold(case, self.day - dt.timedelta(days=1))
        with self.assertRaisesMessage(DisputeError, "once held, not before"):
            self.hold(case, self.day + dt.timedelta(days=1))
        self.assert_not_held()
        assert "session_hold" in moves.allowed_moves_for(self.conciliator, case)
        assert self.hold(case, self.day).held_on == self.day


class SessionHoldPageTests(SessionNextWeek, PageTestCase):
    def test_the_page_offers_the_session_once_its_day_has_come_and_refuses_another_date(self):
        case = self.case_with_a_session_next_week()
        client = self.client_for(self.conciliator)
        action = f"/disputes/{case.pk}/moves/session_hold/"
        html = unescape(client.get(f"/disputes/{case.pk}/").content.decode())
        assert "Passage vers le puits du lignage Ɓɔɔ" in html and action not in html

        self.travel(7)
        page = client.get(f"/disputes/{case.pk}/").content.decode()
        form = form_posting_to(page, action)
        typed = {
            "conciliators": "Naaba Kiiba, SAWADOGO Issa",
            "language": "mooré",
            "minutes": "Le chef du lignage Ɓɔɔ et ŊANDO Ɛrik ont été entendus.",
            **{f"present_{p.pk}": "on" for p in case.parties.all()},
        }
        for held_on, said in [
            (self.day - dt.timedelta(days=2), BEFORE_ITS_DAY),
            (self.day + dt.timedelta(days=1), "Une séance s’enregistre une fois tenue, pas avant."),
        ]:
            with self.subTest(held_on=held_on):
                response = client.post(action, posted(form, held_on=held_on.isoformat(), **typed))
                html = unescape(response.content.decode())
                assert response.status_code == 400 and said in html
                assert "ŊANDO Ɛrik ont été entendus" in html  # what was typed is kept
                self.assert_not_held()
        response = client.post(action, posted(form, held_on=self.day.isoformat(), **typed), follow=True)
        assert response.status_code == 200 and "tenue le " + self.day.strftime("%d/%m/%Y") in unescape(
            response.content.decode()
        )


class SessionHoldApiTests(SessionNextWeek):
    def test_the_api_refuses_a_session_held_before_its_day_writing_nothing(self):
        case = self.case_with_a_session_next_week()
        self.client.force_login(self.conciliator)
        detail = self.client.get(f"/api/v1/disputes/{case.pk}/").json()
        assert "session_hold" not in detail["allowed_moves"]
        body = {
            "session": str(self.session.pk),
            "held_on": clock.today().isoformat(),
            "conciliators": "Naaba Kiiba",
            "language": "mooré",
            "minutes": "Entendus",
            "positions": [{"party": p.pk, "present": True} for p in case.parties.all()],
        }
        url = f"/api/v1/disputes/{case.pk}/moves/session_hold/"
        response = self.client.post(url, body, content_type="application/json")
        assert response.status_code == 400 and BEFORE_ITS_DAY in response.json()["detail"]
        self.assert_not_held()
        self.travel(7)
        listed = self.client.get("/api/v1/disputes/").json()["results"]
        assert "session_hold" in listed[0]["allowed_moves"]
        response = self.client.post(
            url, body | {"held_on": self.day.isoformat()}, content_type="application/json"
        )
        assert (
            response.status_code == 200 and response.json()["sessions"][0]["held_on"] == self.day.isoformat()
        )
