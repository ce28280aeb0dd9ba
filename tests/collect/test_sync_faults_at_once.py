"""A record of a sync push the registry refuses hears of every fault the registry's checks find, in one
answer: its boundary's overlaps and its right's and people's faults together, as an ODK record does
(collect.submissions). Before, a record held back by the overlap screening heard only of the overlap; its
unknown right or a claimant without a sex came back on the next push, one more trip to the field."""

import json
import uuid

from django.contrib.gis.geos import MultiPolygon
from django.utils import translation

from landreg.adjudication.models import Claim
from tests.adjudication.helpers import AdjudicationTestCase
from tests.geometries import square


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
