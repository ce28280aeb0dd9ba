"""A record of a sync push the registry refuses hears of every fault the registry's checks find, in one
answer: its boundary's overlaps and its right's and people's faults together, as an ODK record does
(collect.submissions). Before, a record held back by the overlap screening heard only of the overlap; its
unknown right or a claimant without a sex came back on the next push, one more trip to the field. A record
whose boundary fails its own checks (beyond the village's limits, a crossed outline) hears of its unknown
people and its right's faults too: the boundary's check stopped the others."""

import json
import uuid

from django.contrib.gis.geos import MultiPolygon
from django.utils import translation

from landreg.adjudication.models import Claim
from landreg.collect.models import SyncRecord
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.geometries import bowtie, square


class SyncFaultsAtOnceTests(AdjudicationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.village_a.boundary = MultiPolygon(square(-1000, -1000, side=20000))
        cls.village_a.save()

    def test_a_record_over_a_parcel_with_an_unknown_right_hears_of_both(self):
        translation.activate("fr")
        parcel = self.parcel_held(0, 2000)
        claim = {
            "village": "TC-A",
            "geometry": json.loads(square(0, 2000).geojson),
            "local_name": "Champ de Kɔnkɔ",
            "right_type": "droitInconnu",
            "claimants": [{"last_name": "Ŋaba", "first_names": "Ɓintou", "sex": "F", "share": "1"}],
        }
        self.client.force_login(self.agent_a)
        response = self.client.post(
            "/api/v1/sync/",
            {"records": [{"client_id": str(uuid.uuid4()), "claim": claim}]},
            content_type="application/json",
        )
        result = response.json()["results"][0]
        assert result["result"] == "rejected"
        assert parcel.number in result["errors"]["geometry"][0]
        assert "droitInconnu" in json.dumps(result["errors"]["claim"], ensure_ascii=False)
        assert Claim.objects.count() == 0

    def push(self, claim, client_id=None):
        translation.activate("fr")
        self.client.force_login(self.agent_a)
        response = self.client.post(
            "/api/v1/sync/",
            {"records": [{"client_id": client_id or str(uuid.uuid4()), "claim": claim}]},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        return response.json()["results"][0]

    def test_a_walk_that_crossed_itself_naming_people_the_agent_cannot_see_hears_of_all(self):
        # Ɛlise Ŋaba is registered in village B, out of the agent's sight; the grazing right names a party
        # that does not exist. The agent's walk of the boundary crossed itself.
        elsewhere = make_person(self.village_b, last_name="Ŋaba", first_names="Ɛlise")
        claim = {
            "village": "TC-A",
            "geometry": json.loads(bowtie().geojson),
            "local_name": "Champ de Ɓoulsa",
            "claimants": [
                {"last_name": "Ŋaba", "first_names": "Ɓintou", "sex": "F", "share": "1/2"},
                {"party": str(elsewhere.pk), "share": "1/2"},
            ],
            "secondary_rights": [{"right_type": "grazing", "party": str(uuid.uuid4())}],
        }
        result = self.push(claim)
        assert result["result"] == "rejected"
        assert result["errors"]["geometry"]
        assert result["errors"]["claimants"] == {"1": {"party": ["Personne inconnue."]}}
        assert result["errors"]["secondary_rights"] == {"0": {"party": ["Personne inconnue."]}}
        assert Claim.objects.count() == 0 and SyncRecord.objects.count() == 0

    def test_a_walk_that_crossed_itself_with_an_unknown_right_hears_of_both(self):
        claim = {
            "village": "TC-A",
            "geometry": json.loads(bowtie().geojson),
            "local_name": "Champ de Kɔnkɔ",
            "right_type": "droitInconnu",
            "claimants": [{"last_name": "Ŋaba", "first_names": "Ɓintou", "sex": "F", "share": "1"}],
        }
        result = self.push(claim)
        assert result["result"] == "rejected"
        assert result["errors"]["geometry"]
        assert "droitInconnu" in json.dumps(result["errors"]["claim"], ensure_ascii=False)
        assert Claim.objects.count() == 0 and SyncRecord.objects.count() == 0

    # A boundary that passes its own checks: the record naming an unknown party was refused on the party
    # alone; its overlap with a parcel and its right's and people's faults came back on the next push.

    def test_a_record_over_a_parcel_naming_an_unknown_party_hears_of_every_fault(self):
        parcel = self.parcel_held(0, 4000)
        elsewhere = make_person(self.village_b, last_name="Ŋaba", first_names="Ɛlise")
        claim = {
            "village": "TC-A",
            "geometry": json.loads(square(0, 4000).geojson),
            "local_name": "Champ de Ɓoulsa",
            "right_type": "droitInconnu",
            "claimants": [
                {"last_name": "Ŋaba", "first_names": "Ɓintou", "sex": "F", "share": "1/2"},
                {"party": str(elsewhere.pk), "share": "1/3"},
            ],
            "secondary_rights": [{"right_type": "grazing", "party": str(uuid.uuid4())}],
        }
        result = self.push(claim)
        assert result["result"] == "rejected"
        assert parcel.number in result["errors"]["geometry"][0]
        assert result["errors"]["claimants"] == {"1": {"party": ["Personne inconnue."]}}
        assert result["errors"]["secondary_rights"] == {"0": {"party": ["Personne inconnue."]}}
        faults = json.dumps(result["errors"]["claim"], ensure_ascii=False)
        assert "droitInconnu" in faults and "5/6" in faults
        assert Claim.objects.count() == 0 and SyncRecord.objects.count() == 0

    def test_a_record_with_a_good_boundary_naming_an_unknown_party_hears_of_its_right_too(self):
        claim = {
            "village": "TC-A",
            "geometry": json.loads(square(0, 6000).geojson),
            "local_name": "Champ de Kɔnkɔ",
            "right_type": "droitInconnu",
            "claimants": [{"party": str(uuid.uuid4()), "share": "1"}],
        }
        result = self.push(claim)
        assert result["result"] == "rejected"
        assert "geometry" not in result["errors"]
        assert result["errors"]["claimants"] == {"0": {"party": ["Personne inconnue."]}}
        assert "droitInconnu" in json.dumps(result["errors"]["claim"], ensure_ascii=False)
        assert Claim.objects.count() == 0 and SyncRecord.objects.count() == 0

    def test_a_refused_record_sent_again_hears_the_same_and_then_is_created_once_corrected(self):
        person = make_person(self.village_a, last_name="Kɔnɛ", first_names="Ŋaba")
        client_id = str(uuid.uuid4())
        claim = {
            "village": "TC-A",
            "geometry": json.loads(square(0, 8000).geojson),
            "local_name": "Champ de Kɔnkɔ",
            "right_type": "droitInconnu",
            "claimants": [{"party": str(uuid.uuid4()), "share": "1"}],
        }
        first = self.push(claim, client_id=client_id)
        assert self.push(claim, client_id=client_id) == first
        assert Claim.objects.count() == 0 and SyncRecord.objects.count() == 0
        claim["right_type"] = "customaryType"
        claim["claimants"] = [{"party": str(person.pk), "share": "1"}]
        assert self.push(claim, client_id=client_id)["result"] == "created"
        assert self.push(claim, client_id=client_id)["result"] == "unchanged"
        assert Claim.objects.count() == 1 and SyncRecord.objects.count() == 1

    def test_a_walk_that_crossed_itself_naming_an_unknown_party_hears_of_its_right_too(self):
        claim = {
            "village": "TC-A",
            "geometry": json.loads(bowtie().geojson),
            "local_name": "Champ de Kɔnkɔ",
            "right_type": "droitInconnu",
            "claimants": [{"party": str(uuid.uuid4()), "share": "1"}],
        }
        result = self.push(claim)
        assert result["result"] == "rejected"
        assert result["errors"]["geometry"]
        assert result["errors"]["claimants"] == {"0": {"party": ["Personne inconnue."]}}
        assert "droitInconnu" in json.dumps(result["errors"]["claim"], ensure_ascii=False)
        assert Claim.objects.count() == 0 and SyncRecord.objects.count() == 0

    def test_an_edit_naming_an_unknown_party_is_refused_with_its_faults_and_changes_nothing(self):
        client_id = str(uuid.uuid4())
        claim = {
            "village": "TC-A",
            "geometry": json.loads(square(0, 10000).geojson),
            "local_name": "Champ de Kɔnkɔ",
            "claimants": [{"last_name": "Ŋaba", "first_names": "Ɓintou", "sex": "F", "share": "1"}],
        }
        created = self.push(claim, client_id=client_id)
        assert created["result"] == "created"
        edit = {
            **claim,
            "right_type": "droitInconnu",
            "claimants": [{"party": str(uuid.uuid4()), "share": "1"}],
        }
        response = self.client.post(
            "/api/v1/sync/",
            {"records": [{"client_id": client_id, "base_version": created["version"], "claim": edit}]},
            content_type="application/json",
        )
        result = response.json()["results"][0]
        assert result["result"] == "rejected"
        assert "geometry" not in result["errors"]  # its own draft is no neighbour
        assert result["errors"]["claimants"] == {"0": {"party": ["Personne inconnue."]}}
        assert "droitInconnu" in json.dumps(result["errors"]["claim"], ensure_ascii=False)
        assert self.push(claim, client_id=client_id) == {**created, "result": "unchanged"}
        assert Claim.objects.get().claimants.get().last_name == "Ŋaba"

    # Refused by the reader's input checks (the serializer's, the boundary's own), a record heard nothing of
    # its overlaps: they came back once the first faults were corrected, one more trip to the field.

    def test_a_record_the_serializer_refuses_hears_of_its_overlap_with_a_parcel_too(self):
        parcel = self.parcel_held(0, 12000)
        client_id = str(uuid.uuid4())
        claim = {
            "village": "TC-A",
            "geometry": json.loads(square(50, 12000).geojson),
            "local_name": "Champ de Kɔnkɔ",
            "claimants": [{"last_name": "Ŋaba", "first_names": "Ɓintou", "share": "1"}],  # no sex
        }
        result = self.push(claim, client_id=client_id)
        assert result["result"] == "rejected"
        assert "sex" in json.dumps(result["errors"]["claim"]["claimants"]), result
        assert parcel.number in result["errors"]["claim"]["geometry"][0], result
        assert self.push(claim, client_id=client_id) == result  # the same retry, the same answer
        assert Claim.objects.count() == 0 and SyncRecord.objects.count() == 0

    def test_a_boundary_refused_for_its_area_hears_of_its_overlaps_and_holds_back_no_other_record(self):
        parcel = self.parcel_held(0, 14000)
        self.profile.max_parcel_area_m2 = 20_000
        self.profile.save(update_fields=["max_parcel_area_m2"])
        large = {  # 4 ha, over the parcel and over the next record of the push
            "village": "TC-A",
            "geometry": json.loads(square(0, 14000, side=200).geojson),
            "local_name": "Grand champ de Ɓoulsa",
            "claimants": [{"last_name": "Ŋaba", "first_names": "Ɓintou", "sex": "F", "share": "1"}],
        }
        small = {**large, "geometry": json.loads(square(150, 14150).geojson), "local_name": "Jardin de Kɔnkɔ"}
        records = [{"client_id": str(uuid.uuid4()), "claim": claim} for claim in (large, small)]
        self.client.force_login(self.agent_a)
        send = lambda: self.client.post(  # noqa: E731
            "/api/v1/sync/", {"records": records}, content_type="application/json"
        ).json()["results"]
        refused, created = send()
        assert refused["result"] == "rejected" and created["result"] == "created", (refused, created)
        geometry = refused["errors"]["geometry"]
        assert "ha" in geometry[0]  # its area first, then what it overlaps
        assert parcel.number in geometry[1] and "Jardin de Kɔnkɔ" in geometry[1], geometry
        again_refused, again = send()
        assert again_refused == refused and again["result"] == "unchanged"
        assert Claim.objects.get().local_name == "Jardin de Kɔnkɔ"
