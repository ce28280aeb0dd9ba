"""The survey method through the API and the device sync. Both recorded every claim as « levé GPS par
cheminement » whatever the agent did, and the certificate and the register extract printed it: a client now
says the method (one of the register's), a wrong one is refused by name, and a client of before that sends
none records « méthode non précisée », never a GPS walk nobody saw; an edit that does not say it keeps it."""

import json
import uuid

from django.urls import reverse
from django.utils import translation

from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimState
from tests.adjudication.helpers import AdjudicationTestCase
from tests.browser_forms import flat, form_posting_to
from tests.certificates.base import pdf_text
from tests.geometries import square


def claim_body(east=100, **changes):
    return {
        "village": "TC-A",
        "geometry": json.loads(square(east, 0).geojson),
        "local_name": "Champ de Kɔnkɔ",
        "claimants": [{"last_name": "Ŋaba", "first_names": "Ɓintu Fatɛ", "sex": "F", "share": "1"}],
    } | changes


class ClaimApiSurveyMethodTests(AdjudicationTestCase):
    def post(self, body):
        self.client.force_login(self.agent_a)
        return self.client.post("/api/v1/claims/", body, content_type="application/json")

    def test_a_boundary_drawn_on_imagery_is_recorded_so(self):
        response = self.post(claim_body(survey_method="imagery"))
        assert response.status_code == 201, response.content
        assert Claim.objects.get().survey_method == "imagery"
        assert response.json()["survey_method"] == "imagery"  # and the claim says it back

    def test_a_method_the_register_does_not_know_or_null_is_refused_by_name_and_nothing_is_written(self):
        translation.activate("fr")
        for method in ("laser", None, "GPS"):
            response = self.post(claim_body(survey_method=method))
            assert response.status_code == 400, response.content
            assert list(response.json()) == ["survey_method"], response.json()
        assert not Claim.objects.exists()

    def test_a_client_that_does_not_say_records_not_stated_and_the_extract_prints_it(self):
        response = self.post(claim_body())
        assert response.status_code == 201, response.content
        claim = Claim.objects.get()
        assert claim.survey_method == "unknown"
        translation.activate("fr")
        self.client.force_login(self.registrar)
        page = self.client.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        assert "<dt>Méthode de levé</dt><dd>méthode non précisée</dd>" in page
        claim = self.walk_to(claim, ClaimState.READY_FOR_CERTIFICATE)
        assert claim.parcel.survey_method == "unknown"
        page = self.client.get(reverse("web:parcel-detail", args=[claim.parcel.pk])).content.decode()
        form = form_posting_to(page, "/extract/")
        text = pdf_text(self.client.post(form.action, flat(form.data())).content)
        assert "méthode non précisée" in text and "GPS" not in text, text

    def test_a_put_that_does_not_say_keeps_the_method_and_one_that_does_changes_it(self):
        created = self.post(claim_body(survey_method="gnss_rtk")).json()
        url = f"/api/v1/claims/{created['id']}/"
        body = claim_body(local_name="Champ du marigot")
        del body["village"]
        assert self.client.put(url, body, content_type="application/json").status_code == 200
        claim = Claim.objects.get()
        assert (claim.survey_method, claim.local_name) == ("gnss_rtk", "Champ du marigot")
        response = self.client.put(url, body | {"survey_method": "imagery"}, content_type="application/json")
        assert response.status_code == 200
        assert Claim.objects.get().survey_method == "imagery"

    def test_the_schema_names_the_choices_and_says_what_a_missing_method_records(self):
        schema = self.client.get("/api/schema/", {"format": "json"}, HTTP_HOST="127.0.0.1").json()
        field = schema["components"]["schemas"]["ClaimDraftInput"]["properties"]["survey_method"]
        enum = schema["components"]["schemas"][field["allOf"][0]["$ref"].rsplit("/", 1)[1]]["enum"]
        assert {"gps", "imagery", "gnss_rtk", "unknown"} <= set(enum)
        assert "unknown" in field["description"] and "keeps" in field["description"]
        assert "survey_method" not in schema["components"]["schemas"]["ClaimDraftInput"].get("required", [])


class SyncSurveyMethodTests(AdjudicationTestCase):
    def push(self, *claims):
        self.client.force_login(self.agent_a)
        records = [{"client_id": str(uuid.uuid4()), "claim": claim} for claim in claims]
        response = self.client.post("/api/v1/sync/", {"records": records}, content_type="application/json")
        assert response.status_code == 200, response.content
        return response.json()["results"]

    def test_each_record_keeps_its_own_method_and_one_without_is_not_stated(self):
        results = self.push(
            claim_body(100, survey_method="gps"),
            claim_body(300, survey_method="imagery"),
            claim_body(500),
        )
        assert [r["result"] for r in results] == ["created"] * 3, results
        methods = {str(c.pk): c.survey_method for c in Claim.objects.all()}
        assert [methods[r["claim_id"]] for r in results] == ["gps", "imagery", "unknown"]

    def test_a_record_with_a_method_the_register_does_not_know_is_refused_by_name(self):
        translation.activate("fr")
        (result,) = self.push(claim_body(survey_method="drone"))
        assert result["result"] == "rejected"
        assert "survey_method" in result["errors"]["claim"], result
        assert not Claim.objects.exists()
