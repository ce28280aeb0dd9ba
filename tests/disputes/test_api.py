"""/api/v1/disputes/: the same cases and moves as the pages, in the OpenAPI schema."""

from landreg.core import clock
from landreg.disputes.models import DisputeCase
from tests.disputes.helpers import DisputeTestCase


class DisputeApiTests(DisputeTestCase):
    def api(self, user, method, url, body=None):
        self.client.force_login(user)
        call = getattr(self.client, method)
        return call(url, body, content_type="application/json") if body is not None else call(url)

    def test_the_dispute_administrator_opens_a_case_and_the_committee_conciliates_it_through_the_api(self):
        opened = self.api(
            self.disputes,
            "post",
            "/api/v1/disputes/",
            {
                "village": "TC-A",
                "kind": "boundary",
                "subject": "Borne arrachée",
                "parcels": [self.parcel_a.number],
                "parties": [
                    {"role": "holder", "name": "OUÉDRAOGO Aminata", "sex": "F"},
                    {"role": "neighbour", "name": "ZONGO Paul", "sex": "M"},
                ],
            },
        )
        assert opened.status_code == 201, opened.content
        case = opened.json()
        assert case["number"].startswith("LIT-TC-C-") and case["parcels"] == [self.parcel_a.number]
        url = f"/api/v1/disputes/{case['id']}/moves/"
        today = clock.today().isoformat()
        scheduled = self.api(
            self.conciliator, "post", url + "session_schedule/", {"scheduled_for": today, "place": "Mairie"}
        )
        assert scheduled.status_code == 200 and scheduled.json()["status"] == "conciliation"
        session = scheduled.json()["sessions"][0]["id"]
        positions = [{"party": p["id"], "present": True, "position": "Accord"} for p in case["parties"]]
        held = self.api(
            self.conciliator,
            "post",
            url + "session_hold/",
            {
                "session": session,
                "held_on": today,
                "conciliators": "Naaba",
                "language": "mooré",
                "minutes": "Entendus",
                "positions": positions,
            },
        )
        assert held.status_code == 200, held.content
        agreed = self.api(
            self.conciliator,
            "post",
            url + "agree/",
            {"decided_on": today, "summary": "Borne replacée", "signatures": "Empreintes", "change": "none"},
        )
        assert agreed.status_code == 200 and agreed.json()["status"] == "conciliated"
        assert [e["move"] for e in agreed.json()["events"]] == [
            "open",
            "session_schedule",
            "session_hold",
            "agree",
        ]

    def test_a_move_the_status_does_not_allow_is_409_and_a_missing_permission_403(self):
        case = self.file_case(parcels=[self.parcel_a])
        url = f"/api/v1/disputes/{case.pk}/moves/"
        refused = self.api(
            self.disputes, "post", url + "refer/", {"court_name": "TGI", "court_reference": "1"}
        )
        assert refused.status_code == 409 and refused.json()["error"] == "TransitionNotAllowed", (
            refused.json()
        )
        refused = self.api(self.registrar, "post", url + "withdraw/", {"reason": "x"})
        assert refused.status_code == 403  # the registrar may open and follow cases, not move them
        assert self.api(self.registrar, "get", f"/api/v1/disputes/{case.pk}/").status_code == 200
        assert self.api(self.agent_b, "get", f"/api/v1/disputes/{case.pk}/").status_code == 404
        refused = self.api(self.conciliator, "post", url + "withdraw/", {"reason": "x"})
        assert refused.status_code == 403
        assert self.api(self.conciliator, "post", url + "withdraw/", {}).status_code == 400
        assert DisputeCase.objects.get().is_open

    def test_lists_are_scoped_and_figures_and_reminders_are_given(self):
        self.file_case(parcels=[self.parcel_a])
        self.travel(20)
        assert self.api(self.conciliator, "get", "/api/v1/disputes/").json()["count"] == 1
        assert self.api(self.agent_b, "get", "/api/v1/disputes/").json()["results"] == []
        figures = self.api(self.disputes, "get", "/api/v1/disputes/figures/").json()
        assert (
            figures["total"] == 1
            and figures["by_type"]["other"] == 1
            and figures["parties_by_sex"]["female"] == 1
        )
        reminders = self.api(self.disputes, "get", "/api/v1/disputes/reminders/").json()
        assert len(reminders["overdue"]) == 1

    def test_the_schema_lists_the_dispute_endpoints(self):
        schema = self.api(self.disputes, "get", "/api/schema/?format=json").json()
        assert "/api/v1/disputes/{id}/moves/{move}/" in schema["paths"]

    def test_a_session_of_another_case_is_refused_with_a_message_not_recorded(self):
        """Pages and API run a move the same way (services.run_move): the session must be the case's."""
        case = self.file_case(parcels=[self.parcel_a])
        other = self.file_case(village=self.village_b, parcels=[self.parcel_b])
        today = clock.today().isoformat()
        for each in (case, other):
            scheduled = self.api(
                self.disputes,
                "post",
                f"/api/v1/disputes/{each.pk}/moves/session_schedule/",
                {"scheduled_for": today, "place": "Mairie"},
            )
            assert scheduled.status_code == 200, scheduled.content
        body = {
            "session": str(other.sessions.get().pk),
            "held_on": today,
            "conciliators": "Naaba",
            "language": "mooré",
            "minutes": "Entendus",
            "positions": [{"party": p.pk, "present": True, "position": ""} for p in case.parties.all()],
        }
        refused = self.api(self.disputes, "post", f"/api/v1/disputes/{case.pk}/moves/session_hold/", body)
        assert refused.status_code == 400, refused.content
        assert "Cette séance n’est pas une séance du dossier" in refused.json()["detail"]
        assert other.sessions.get().held_on is None and case.sessions.get().held_on is None
