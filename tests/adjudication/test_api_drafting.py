"""POST and PUT of a claim through the API check what the page checks: sexes, exact shares, a group's
members and mandatary, civil status, secondary rights, registered parties of the caller's villages only,
and the village's boundary."""

import json

from django.contrib.gis.geos import MultiPolygon

from landreg.adjudication.models import Claim, ClaimantRole
from landreg.adjudication.states import ClaimState
from landreg.territory.models import UnitLevel
from landreg.territory.services import unit_create
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.geometries import bowtie, square


class ClaimDraftApiTests(AdjudicationTestCase):
    def send(self, body, pk=None, user=None):
        self.client.force_login(user or self.agent_a)
        if pk is None:
            return self.client.post("/api/v1/claims/", body, content_type="application/json")
        return self.client.put(f"/api/v1/claims/{pk}/", body, content_type="application/json")

    def body(self, **changes):
        body = {
            "village": "TC-A",
            "geometry": json.loads(square(100, 0).geojson),
            "local_name": "Kɔnkɔ",
            "limits": {"north": "Piste de Ɓoulsa"},
            "claimants": [
                {
                    "last_name": "Ŋaba",
                    "first_names": "Ɓintu Fatɛ",
                    "sex": "F",
                    "share": "2/3",
                    "birth_date": "1984-03-02",
                    "birth_place": "Koudougou",
                    "id_document_type": "national_id",
                    "id_document_number": "B00112233",
                    "domicile": "Sabtenga",
                },
                {"last_name": "Kaboré", "first_names": "Issa", "sex": "M", "share": "1/3"},
            ],
        }
        return body | changes

    def test_a_joint_claim_with_civil_status_and_a_grazing_right_is_drafted(self):
        body = self.body(
            secondary_rights=[
                {
                    "right_type": "grazing",
                    "kind": "group",
                    "name": "Éleveurs de Ɓaŋre",
                    "group_type": "community",
                }
            ]
        )
        response = self.send(body)
        assert response.status_code == 201, response.content
        claim = Claim.objects.get()
        woman = claim.claimants.get(first_names="Ɓintu Fatɛ")
        assert str(woman.share) == "2/3" and woman.id_document_number == "B00112233"
        assert str(woman.birth_date) == "1984-03-02" and claim.limit_north == "Piste de Ɓoulsa"
        assert claim.secondary_rights.get().name == "Éleveurs de Ɓaŋre"

    def test_shares_that_do_not_add_up_or_a_missing_sex_are_400(self):
        body = self.body()
        body["claimants"][1]["share"] = "1/2"
        response = self.send(body)
        assert response.status_code == 400 and "7/6" in response.json()["detail"]
        body = self.body()
        del body["claimants"][1]["sex"]
        response = self.send(body)
        assert response.status_code == 400 and "sex" in str(response.json()["claimants"]), response.json()
        assert not Claim.objects.exists()

    def test_a_family_claims_with_members_and_one_mandatary(self):
        members = [
            {"role": "mandatary", "last_name": "Ŋaba", "first_names": "Awa", "sex": "F", "share": "1/2"},
            {"role": "member", "last_name": "Ŋaba", "first_names": "Ɓoukary", "sex": "M", "share": "1/2"},
        ]
        family = {"kind": "group", "name": "Famille Ŋaba", "group_type": "family"}
        response = self.send(self.body(claimants=[family, *members], right_type="commonOwnership"))
        assert response.status_code == 201, response.content
        claim = Claim.objects.get()
        assert claim.claimants.get(role=ClaimantRole.MANDATARY).first_names == "Awa"
        members[0]["role"] = "member"
        response = self.send(self.body(claimants=[family, *members]))
        assert response.status_code == 400 and "mandataire" in response.json()["detail"]

    def test_a_party_of_another_village_is_unknown(self):
        other = make_person(self.village_b, "Zongo", "Paul", "M")
        response = self.send(self.body(claimants=[{"party": str(other.pk)}]))
        assert response.status_code == 400 and not Claim.objects.exists()
        own = make_person(self.village_a, "Ɓationo", "Awa")
        assert self.send(self.body(claimants=[{"party": str(own.pk)}])).status_code == 201

    def test_a_crossed_boundary_and_unknown_parties_are_said_together(self):
        # The walk crossed itself, and both a claimant and the grazing right's holder are of village B: the
        # agent hears of the three at once, not of the boundary first and of the people at the next try.
        other = make_person(self.village_b, "Zongo", "Ɓila", "M")
        body = self.body(
            geometry=json.loads(bowtie().geojson),
            claimants=[{"party": str(other.pk)}],
            secondary_rights=[{"right_type": "grazing", "party": str(other.pk)}],
        )
        response = self.send(body)
        assert response.status_code == 400 and not Claim.objects.exists()
        body = response.json()
        assert body["geometry"]
        assert body["claimants"] == {"0": {"party": ["Personne inconnue."]}}
        assert body["secondary_rights"] == {"0": {"party": ["Personne inconnue."]}}

    def test_unknown_parties_an_unknown_right_and_shares_that_do_not_add_up_are_said_together(self):
        # As a sync record hears them: the unknown party hid the right's faults, and the unknown right hid
        # the shares. Sent again with the same key, the same answer; nothing is written either time.
        other = make_person(self.village_b, "Zongo", "Ɓila", "M")
        body = self.body(right_type="droitInconnu")
        body["claimants"][1] = {"party": str(other.pk), "share": "1/2"}
        self.client.force_login(self.agent_a)
        answers = [
            self.client.post(
                "/api/v1/claims/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="leve-ngaba-1"
            )
            for _ in range(2)
        ]
        assert answers[0].status_code == answers[1].status_code == 400
        assert answers[0].json() == answers[1].json()
        errors = answers[0].json()
        assert errors["claimants"] == {"1": {"party": ["Personne inconnue."]}}
        faults = json.dumps(errors["claim"], ensure_ascii=False)
        assert "droitInconnu" in faults and "7/6" in faults, errors
        assert not Claim.objects.exists()

    def test_an_unknown_right_and_shares_that_do_not_add_up_are_said_together_in_the_detail(self):
        body = self.body(right_type="droitInconnu")
        body["claimants"][1]["share"] = "1/2"
        response = self.send(body)
        assert response.status_code == 400 and response.json()["error"] == "ClaimError"
        detail = response.json()["detail"]
        assert "droitInconnu" in detail and "7/6" in detail, detail
        assert not Claim.objects.exists()

    def test_a_boundary_outside_a_village_that_has_one_is_400(self):
        village = unit_create(
            level=UnitLevel.VILLAGE,
            code="TC-V",
            name="Village C",
            parent=self.commune,
            boundary=MultiPolygon(square(0, 0, side=500), srid=4326),
        )
        from landreg.accounts.roles import Role
        from landreg.accounts.services import role_grant

        role_grant(user=self.agent_a, role=Role.FIELD_AGENT, unit=village)
        response = self.send(self.body(village="TC-V", geometry=json.loads(square(5000, 0).geojson)))
        assert response.status_code == 400 and response.json()["geometry"]
        assert self.send(self.body(village="TC-V")).status_code == 201

    def test_a_boundary_or_village_or_key_the_api_cannot_use_is_refused_in_french(self):
        # Seen on the demo: these came back in English, one quoting GDAL's internals.
        for geometry in (
            {"type": "Polygon", "coordinates": "x"},
            {"type": "Polygon", "coordinates": [[[1e10, 0]]]},
            7,
        ):
            response = self.send(self.body(geometry=geometry))
            message = response.json()["geometry"][0]
            assert response.status_code == 400 and "Le contour ne peut être lu" in message, response.content
            assert "OGR" not in message and "pointer" not in message
        unknown = self.send(self.body(village="ƁOULSA"))
        assert unknown.status_code == 400 and unknown.json() == {"village": ["Code de village inconnu."]}
        self.client.force_login(self.agent_a)
        long_key = self.client.post(
            "/api/v1/claims/", self.body(), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k" * 101
        )
        assert long_key.status_code == 400 and long_key.json()["error"] == "invalid"
        assert "100 caractères" in long_key.json()["detail"] and Claim.objects.count() == 0

    def test_a_draft_is_replaced_with_put_and_a_submitted_claim_is_not(self):
        pk = self.send(self.body()).json()["id"]
        body = self.body(
            claimants=[{"last_name": "Ŋaba", "first_names": "Awa", "sex": "F"}], local_name="Tanghin"
        )
        del body["village"]
        response = self.send(body, pk=pk)
        assert response.status_code == 200, response.content
        claim = Claim.objects.get()
        assert claim.local_name == "Tanghin" and claim.claimants.get().first_names == "Awa"
        assert self.send(body, pk=pk, user=self.agent_b).status_code == 404
        self.submitted(claim)
        response = self.send(body, pk=pk)
        assert response.status_code == 400 and Claim.objects.get().state == ClaimState.SUBMITTED
