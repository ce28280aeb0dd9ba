"""The API checks a boundary before it is recorded: specific errors with where, overlaps, sides."""

from django.contrib.gis.geos import MultiPolygon, Polygon
from django.utils import translation

from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import RegistryTestCase
from tests.geometries import bowtie, square

URL = "/api/v1/parcels/check/"


class ParcelCheckApiTests(RegistryTestCase):
    def post(self, user, geometry, **extra):
        self.client.force_login(user)
        with translation.override("en"):
            return self.client.post(
                URL, {"village": "TC-A", "geometry": geometry, **extra}, content_type="application/json"
            )

    def test_a_self_intersection_comes_back_with_its_code_and_location(self):
        response = self.post(self.agent_a, bowtie().json)
        assert response.status_code == 400
        [error] = response.json()["errors"]
        assert error["code"] == "self_intersection"
        assert error["location"] == [-2.9995, 12.2005]

    def test_an_overlapping_boundary_is_valid_and_shows_the_conflict_and_its_side(self):
        body = self.post(self.agent_a, square(50, 0).json).json()
        assert body["valid"] and round(body["area_m2"]) == 10_000
        [finding] = body["findings"]
        assert (finding["kind"], finding["parcel"], finding["side"]) == ("overlap", "TC-A-00001", "W")

    def test_an_unclosed_ring_is_repaired_only_when_asked(self):
        ring = [[-3, 12], [-2.999, 12], [-2.999, 12.001], [-3, 12.001]]
        geometry = {"type": "Polygon", "coordinates": [ring]}
        assert self.post(self.agent_a, geometry).json()["errors"][0]["code"] == "unclosed_ring"
        repaired = self.post(self.agent_a, geometry, repair=True).json()
        assert repaired["valid"] and repaired["repaired"][0]["code"] == "unclosed_ring"

    def test_an_agent_of_another_village_gets_404(self):
        assert self.post(self.agent_b, square(50, 0).json).status_code == 404

    def test_the_claim_form_names_the_village_by_its_id(self):
        response = self.post(self.agent_a, square(300, 0).json, village=str(self.village_a.pk))
        assert response.status_code == 200 and response.json()["findings"] == []
        assert self.post(self.agent_b, square(300, 0).json, village=str(self.village_a.pk)).status_code == 404

    def test_a_boundary_outside_the_village_is_refused_with_where(self):
        self.village_a.boundary = MultiPolygon(
            Polygon.from_bbox(square(-500, -500, side=1500).extent), srid=4326
        )
        self.village_a.save(update_fields=["boundary"])
        response = self.post(self.agent_a, square(5000, 0).json)
        assert response.status_code == 400
        [error] = response.json()["errors"]
        assert error["code"] == "outside_village" and error["location"]


class BoundaryCheckAgainstClaimsTests(AdjudicationTestCase):
    def check(self, geometry, **extra):
        self.client.force_login(self.agent_a)
        body = {"village": "TC-A", "geometry": geometry, **extra}
        return self.client.post(URL, body, content_type="application/json").json()

    def test_a_boundary_drawn_over_a_claim_in_progress_names_its_receipt(self):
        claim = self.submitted(self.draft(east=300))
        answer = self.check(square(350, 0).json)
        assert answer["valid"] and answer["findings"] == []
        [overlap] = answer["claims"]
        assert overlap["receipt"] == claim.receipt_number and round(overlap["area_m2"]) == 5_000

    def test_drafts_and_the_claim_being_edited_are_left_out(self):
        self.draft(east=300)
        assert self.check(square(350, 0).json)["claims"] == []
        claim = self.submitted(self.draft(east=600))
        assert self.check(claim.geometry.json, claim=str(claim.pk))["claims"] == []
