"""Every person named on a claim or an application has a sex: holdings are counted by sex, and a claimant
without one used to pass the form and the API (``"" in "FM"`` is true) and break the claim at approval."""

import json

import pytest
from django.db import IntegrityError

from landreg.adjudication.exceptions import ClaimError
from landreg.adjudication.models import Claim, Claimant
from tests.adjudication.helpers import AdjudicationTestCase, applicant
from tests.browser_forms import flat, form_data
from tests.geometries import square


class ClaimantSexTests(AdjudicationTestCase):
    def test_the_service_refuses_a_person_without_a_sex_or_with_an_unknown_one(self):
        for sex in ("", "FM", "X", " "):
            with self.subTest(sex=sex), pytest.raises(ClaimError):
                self.draft(claimants=[applicant("Ɓaŋa", "Fatɛ", sex=sex)])
        assert not Claim.objects.exists()

    def test_the_database_refuses_a_new_person_without_a_sex(self):
        claim = self.draft()
        with pytest.raises(IntegrityError):
            Claimant.objects.create(claim=claim, last_name="Ɓaŋa")

    def test_the_draft_page_refuses_a_row_without_a_sex(self):
        self.client.force_login(self.agent_a)
        data = flat(form_data(self.client.get("/adjudication/claims/new/").content.decode()))
        data.update(
            {
                "village": str(self.village_a.pk),
                "geometry": square(100, 0).geojson,
                "holders-0-last_name": "Ɓaŋa",
                "holders-0-first_names": "Fatɛ",
                "save": "1",
            }
        )
        response = self.client.post("/adjudication/claims/new/", data)
        assert response.status_code == 400 and not Claim.objects.exists()
        assert 'id="id_holders-0-sex_errors"' in response.content.decode()

    def api(self, url, body):
        self.client.force_login(self.agent_a)
        return self.client.post(url, body, content_type="application/json")

    def test_the_api_refuses_a_claimant_without_a_sex(self):
        body = {
            "village": "TC-A",
            "geometry": json.loads(square(100, 0).geojson),
            "claimants": [{"last_name": "Ɓaŋa", "first_names": "Fatɛ", "share": "1"}],
        }
        response = self.api("/api/v1/claims/", body)
        assert response.status_code == 400 and "sex" in json.dumps(response.json())
        body["claimants"][0]["sex"] = ""
        assert self.api("/api/v1/claims/", body).status_code == 400
        assert not Claim.objects.exists()

    def test_the_change_api_refuses_a_new_holder_without_a_sex(self):
        self.client.force_login(self.registrar)
        body = {
            "kind": "inheritance",
            "reason": "Décès",
            "right": str(self.right_a.pk),
            "holders": [{"last_name": "Ɓaŋa", "first_names": "Fatɛ", "share": "1"}],
        }
        response = self.client.post("/api/v1/changes/", body, content_type="application/json")
        assert response.status_code == 400 and "sex" in json.dumps(response.json())
        assert not Claim.objects.exists()
