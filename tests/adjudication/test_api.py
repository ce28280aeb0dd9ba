import datetime as dt
import json

from django.utils import translation

from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimState
from landreg.core import clock
from landreg.rights.models import Right
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.geometries import square


class ClaimApiTests(AdjudicationTestCase):
    def token(self, username):
        response = self.client.post(
            "/api/v1/auth/token/",
            {"username": username, "password": f"pw-{username}"},
            content_type="application/json",
        )
        return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['access']}"}

    def post(self, url, body, user):
        self.client.force_login(user)
        return self.client.post(url, body, content_type="application/json")

    def test_an_agent_drafts_documents_and_submits_a_claim_through_the_api_with_a_jwt(self):
        auth = self.token("agent_a")
        body = {
            "village": "TC-A",
            "geometry": json.loads(square(100, 0).geojson),
            "local_name": "Tanghin",
            "claimants": [{"last_name": "Kabore", "first_names": "Salif", "sex": "M", "share": "1"}],
        }
        created = self.client.post("/api/v1/claims/", body, content_type="application/json", **auth)
        assert created.status_code == 201, created.content
        pk = created.json()["id"]
        assert created.json()["allowed_moves"] == ["submit", "withdraw"]
        refused = self.client.post(
            f"/api/v1/claims/{pk}/moves/submit/", {}, content_type="application/json", **auth
        )
        assert refused.status_code == 400 and refused.json()["error"] == "MissingDocumentsError"
        document = {"source_type": "application_form", "document_date": "2030-01-07", "reference": "F-1"}
        assert (
            self.client.post(
                f"/api/v1/claims/{pk}/documents/", document, content_type="application/json", **auth
            ).status_code
            == 201
        )
        submitted = self.client.post(
            f"/api/v1/claims/{pk}/moves/submit/", {}, content_type="application/json", **auth
        )
        assert submitted.status_code == 200 and submitted.json()["receipt_number"] == "R-TC-A-2030-00001"

    def test_a_bad_geometry_or_an_unknown_village_is_a_clear_400(self):
        body = {
            "village": "TC-A",
            "geometry": {"type": "Nope"},
            "claimants": [{"last_name": "K", "sex": "M"}],
        }
        assert self.post("/api/v1/claims/", body, self.agent_a).status_code == 400
        body.update(village="ZZ", geometry=json.loads(square(100, 0).geojson))
        assert self.post("/api/v1/claims/", body, self.agent_a).status_code == 400
        assert not Claim.objects.exists()

    def test_the_agent_of_village_b_cannot_draft_in_village_a(self):
        body = {
            "village": "TC-A",
            "geometry": json.loads(square(100, 0).geojson),
            "claimants": [{"last_name": "Kabore", "sex": "M"}],
        }
        assert self.post("/api/v1/claims/", body, self.agent_b).status_code == 403

    def test_moves_through_the_api_check_the_role_and_the_village(self):
        claim = self.submitted(self.draft())
        url = f"/api/v1/claims/{claim.pk}/moves/screening_start/"
        assert self.post(url, {}, self.agent_a).status_code == 403
        self.client.force_login(self.agent_b)
        assert self.client.get(f"/api/v1/claims/{claim.pk}/").status_code == 404
        assert self.post(url, {}, self.agent_b).status_code == 404
        assert self.post(url, {}, self.registrar).json()["state"] == "screening"
        assert self.post(f"/api/v1/claims/{claim.pk}/moves/fly/", {}, self.registrar).status_code == 404

    def test_the_queue_lists_what_waits_for_the_caller(self):
        claim = self.submitted(self.draft())
        self.client.force_login(self.registrar)
        screening = self.client.get("/api/v1/claims/?queue=screening").json()["results"]
        assert [c["id"] for c in screening] == [str(claim.pk)]
        self.client.force_login(self.mayor)
        assert self.client.get("/api/v1/claims/?queue=approval").json()["results"] == []

    def test_the_claim_list_narrows_to_a_state_and_a_village_and_refuses_unknown_values_in_french(self):
        submitted = self.submitted(self.draft())
        draft_a = self.draft(east=300)
        draft_b = self.draft(east=1300, village=self.village_b, agent=self.agent_b)
        self.client.force_login(self.registrar)  # sees both villages of the commune

        def ids(query):
            response = self.client.get(f"/api/v1/claims/?{query}")
            assert response.status_code == 200, response.content
            return sorted(c["id"] for c in response.json()["results"])

        assert ids("state=submitted") == [str(submitted.pk)]
        assert ids("state=draft") == sorted([str(draft_a.pk), str(draft_b.pk)])
        assert ids("village=TC-B") == [str(draft_b.pk)]
        assert ids("state=draft&village=TC-A") == [str(draft_a.pk)]
        assert ids("queue=screening&village=TC-B") == []
        translation.activate("fr")
        for query, name in (("state=approved", "state"), ("village=ZZ-9", "village"), ("queue=all", "queue")):
            refused = self.client.get(f"/api/v1/claims/?{query}")
            assert refused.status_code == 400, query
            assert "Sélectionnez un choix valide" in refused.json()[name][0]

    def test_the_schema_declares_the_claim_lists_filters(self):
        self.client.force_login(self.registrar)
        schema = self.client.get("/api/schema/?format=json").json()
        parameters = schema["paths"]["/api/v1/claims/"]["get"]["parameters"]
        by_name = {p["name"]: p for p in parameters}
        assert {"queue", "state", "village", "page", "page_size"} <= set(by_name)
        assert "approved" not in by_name["state"]["schema"]["enum"]
        assert "public_notice" in by_name["state"]["schema"]["enum"]
        assert self.client.options("/api/v1/claims/").status_code == 200

    def test_the_claim_list_pages_with_page_size_and_a_link_to_the_next_page(self):
        claims = [self.draft(east=100 + 150 * i) for i in range(3)]
        self.client.force_login(self.agent_a)
        first = self.client.get("/api/v1/claims/?page_size=2").json()
        assert len(first["results"]) == 2 and first["count"] == 3 and first["previous"] is None
        second = self.client.get(first["next"]).json()
        assert len(second["results"]) == 1 and second["next"] is None and second["count"] == 3
        seen = [c["id"] for c in first["results"] + second["results"]]  # every claim once, none left out
        assert sorted(seen) == sorted(str(c.pk) for c in claims)
        assert self.client.get("/api/v1/claims/?page_size=zero").status_code == 404
        assert self.client.get("/api/v1/claims/?page=3&page_size=2").status_code == 404

    def test_committee_members_vote_once_through_the_api(self):
        claim = self.walk_to(self.draft(), ClaimState.COMMITTEE_VALIDATION)
        url = f"/api/v1/claims/{claim.pk}/votes/"
        assert self.post(url, {"decision": "approve", "reason": "ok"}, self.member_a).status_code == 201
        again = self.post(url, {"decision": "approve", "reason": "ok"}, self.member_a)
        assert again.status_code == 400 and again.json()["error"] == "VoteError"
        assert self.post(url, {"decision": "approve", "reason": "ok"}, self.agent_a).status_code == 403
        assert self.post(url, {"decision": "perhaps", "reason": "ok"}, self.members_a[1]).status_code == 400

    def test_anyone_identified_objects_during_the_notice_through_the_api(self):
        claim = self.accepted(self.submitted(self.draft()))
        response = self.post(
            f"/api/v1/claims/{claim.pk}/objections/", {"grounds": "Mon champ"}, self.stranger
        )
        assert response.status_code == 201 and response.json()["dispute"].startswith("LIT-TC-C-")
        self.client.logout()
        assert self.client.post(f"/api/v1/claims/{claim.pk}/objections/", {"grounds": "x"}).status_code == 401

    def test_the_site_record_is_posted_through_the_api(self):
        claim = self.walk_to(self.draft(), ClaimState.SITE_VERIFICATION)
        body = {
            "visit_date": clock.today().isoformat(),
            "place": "Tanghin",
            "language": "mooré",
            "attendees": [
                {"role": "applicant", "name": "KABORE Salif", "agrees": True, "mark": "fingerprint"},
                {
                    "role": "neighbour",
                    "name": "OUÉDRAOGO Aminata",
                    "agrees": False,
                    "mark": "signature",
                    "neighbour_parcel": str(self.parcel_a.pk),
                    "direction": "W",
                },
            ],
        }
        ahead = body | {"visit_date": (clock.today() + dt.timedelta(days=1)).isoformat()}  # not yet held
        assert self.post(f"/api/v1/claims/{claim.pk}/site-visits/", ahead, self.member_a).status_code == 400
        assert self.post(f"/api/v1/claims/{claim.pk}/site-visits/", body, self.member_a).status_code == 201
        visit = claim.site_visits.get()
        assert visit.attendees.get(role="neighbour").neighbour_parcel == self.parcel_a
        assert self.post(f"/api/v1/claims/{claim.pk}/site-visits/", body, self.mayor).status_code == 403

    def test_the_registrar_records_an_inheritance_through_the_api(self):
        heirs = [
            make_person(self.village_a, "Kabore", "Awa"),
            make_person(self.village_a, "Kabore", "Issa", "M"),
        ]
        body = {
            "kind": "inheritance",
            "reason": "Décès",
            "holders": [
                {"party": str(heirs[0].pk), "share": "2/3"},
                {"party": str(heirs[1].pk), "share": "1/3"},
            ],
        }
        url = f"/api/v1/rights/{self.right_a.pk}/transfers/"
        assert self.post(url, body, self.agent_a).status_code == 403
        # The generic profile posts an inheritance and has it approved: no direct recording.
        refused = self.post(url, body, self.registrar)
        assert refused.status_code == 409 and refused.json()["error"] == "ProcedureRequiredError"
        assert Right.objects.get(pk=self.right_a.pk).is_current
        # A commune whose profile records inheritances directly.
        self.profile.change_steps = {}
        self.profile.save(update_fields=["change_steps"])
        response = self.post(url, body, self.registrar)
        assert response.status_code == 201
        assert not Right.objects.get(pk=self.right_a.pk).is_current


class SchemaTests(AdjudicationTestCase):
    def test_the_openapi_schema_documents_the_adjudication_endpoints(self):
        self.client.force_login(self.agent_a)
        schema = self.client.get("/api/schema/").content.decode()
        for path in [
            "/api/v1/claims/",
            "/api/v1/claims/{id}/moves/{move}/",
            "/api/v1/rights/{id}/transfers/",
            "/api/v1/changes/",
        ]:
            assert path in schema
