"""The sync's download carries how each claim's boundary was surveyed (``survey_method``), as the device sends
it up: the app showed « non précisé » for a claim the land office had corrected to a GPS walk, and could not
send it back as it was. Its version covers it; an edit pending on a device since before the download carried
it is applied, not returned as a conflict."""

import json
import uuid

from django.contrib.gis.geos import MultiPolygon

from landreg.adjudication.models import Claim
from landreg.collect.sync import claim_snapshot, claim_version, digest
from tests.adjudication.helpers import AdjudicationTestCase
from tests.geometries import square


def claim_body(east, **extra):
    return {
        "village": "TC-A",
        "geometry": json.loads(square(east, 2000).geojson),
        "local_name": f"Champ de Ɓaŋre {east}",
        "claimants": [{"last_name": "Ŋaba", "first_names": "Kɔnɛ", "sex": "F", "share": "1"}],
        **extra,
    }


class SyncSurveyMethodTests(AdjudicationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.village_a.boundary = MultiPolygon(square(-1000, -1000, side=20000))
        cls.village_a.save()

    def setUp(self):
        super().setUp()
        self.client.force_login(self.agent_a)

    def push(self, records):
        response = self.client.post("/api/v1/sync/", {"records": records}, content_type="application/json")
        assert response.status_code == 200, response.content
        return response.json()["results"]

    def down(self, cursor=0):
        response = self.client.get(f"/api/v1/sync/?cursor={cursor}")
        assert response.status_code == 200, response.content
        return response.json()

    def test_the_download_says_how_each_boundary_was_surveyed(self):
        walked, unsaid = str(uuid.uuid4()), str(uuid.uuid4())
        self.push(
            [
                {"client_id": walked, "claim": claim_body(0, survey_method="gnss_rtk")},
                {"client_id": unsaid, "claim": claim_body(300)},
            ]
        )
        first = self.down()
        methods = {c["client_id"]: c["claim"]["survey_method"] for c in first["claims"]}
        assert methods == {walked: "gnss_rtk", unsaid: "unknown"}
        # The agent says later how the second was surveyed: it goes down, with a new version.
        before = claim_version(Claim.objects.get(local_name="Champ de Ɓaŋre 300"))
        edit = {"client_id": unsaid, "base_version": before, "claim": claim_body(300, survey_method="gps")}
        assert self.push([edit])[0]["result"] == "updated"
        [change] = self.down(first["cursor"])["claims"]
        assert (change["client_id"], change["claim"]["survey_method"]) == (unsaid, "gps")
        assert change["version"] != before

    def test_an_edit_from_a_version_read_before_the_download_carried_the_method_is_applied(self):
        client_id = str(uuid.uuid4())
        [created] = self.push([{"client_id": client_id, "claim": claim_body(0, survey_method="gps")}])
        claim = Claim.objects.get(pk=created["claim_id"])
        old = {key: value for key, value in claim_snapshot(claim).items() if key != "survey_method"}
        edited = claim_body(0, survey_method="gps", local_name="Champ de Kɔnkɔ")
        [answer] = self.push([{"client_id": client_id, "base_version": digest(old), "claim": edited}])
        assert answer["result"] == "updated", answer
        assert Claim.objects.get(pk=claim.pk).local_name == "Champ de Kɔnkɔ"
        # A version that was never the claim's is still a conflict.
        again = claim_body(0, local_name="Champ de Tanghin")
        [answer] = self.push([{"client_id": client_id, "base_version": digest({"x": 1}), "claim": again}])
        assert answer["result"] == "conflict" and answer["server"]["survey_method"] == "gps"

    def test_the_schema_documents_the_download_with_its_survey_method(self):
        schema = self.client.get("/api/schema/", {"format": "json"}, HTTP_HOST="127.0.0.1").json()
        answer = schema["paths"]["/api/v1/sync/"]["get"]["responses"]["200"]["content"]["application/json"]
        assert answer["schema"]["$ref"].endswith("/SyncPull")
        claim = schema["components"]["schemas"]["SyncClaim"]["properties"]
        assert "survey_method" in claim and "geometry" in claim
