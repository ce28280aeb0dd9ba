"""Bad requests get a clear 4xx, never a 500 nor a crash (issue 9, on both databases).

Each case here was a server error or a native crash of the SpatiaLite process on the day it was found.
"""

from landreg.adjudication.claims.transitions import ALLOWED_MOVES
from tests.adjudication.helpers import AdjudicationTestCase

ITEMS = "/ogcapi/collections/parcels/items"
TWENTY_DIGITS = "9" * 20


class OgcApiBadQueryTests(AdjudicationTestCase):
    def assert_ogc_400(self, **query):
        response = self.client.get(ITEMS, query)
        assert response.status_code == 400, (query, response.status_code)
        assert response.json()["code"] == "InvalidParameterValue"
        assert response.json()["description"]

    def test_a_box_beyond_the_earth_is_refused_before_it_reaches_the_database(self):
        # -1e308 aborted the SpatiaLite process (native crash), taking every user's request with it.
        self.assert_ogc_400(bbox="-1e308,-1e308,1e308,1e308")
        self.assert_ogc_400(bbox="-181,0,1,1")
        self.assert_ogc_400(bbox="0,-91,1,1")
        self.assert_ogc_400(bbox="0,0,1,91")

    def test_a_box_with_nan_or_infinity_is_refused(self):
        self.assert_ogc_400(bbox="nan,0,1,1")
        self.assert_ogc_400(bbox="0,0,inf,1")
        self.assert_ogc_400(bbox="nan,nan,nan,nan")

    def test_a_box_with_min_above_max_or_the_wrong_count_is_refused(self):
        self.assert_ogc_400(bbox="2,0,1,1")
        self.assert_ogc_400(bbox="0,0,1")
        self.assert_ogc_400(bbox="a,b,c,d")

    def test_an_impossible_date_is_refused(self):
        self.assert_ogc_400(datetime="2024-02-30")
        self.assert_ogc_400(datetime="2024-02-30T00:00:00Z")
        self.assert_ogc_400(datetime="2024-01-01/2024-13-01")
        self.assert_ogc_400(datetime="99999-01-01")

    def test_an_unknown_crs_is_refused(self):
        self.assert_ogc_400(crs="http://www.opengis.net/def/crs/EPSG/0/999999")
        self.assert_ogc_400(**{"bbox-crs": "EPSG:4326x", "bbox": "0,0,1,1"})

    def test_crs84_is_accepted_for_crs_and_bbox_crs(self):
        crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
        assert self.client.get(ITEMS, {"crs": crs84}).status_code == 200
        assert self.client.get(ITEMS, {"bbox-crs": crs84, "bbox": "-1,-1,1,1"}).status_code == 200

    def test_a_huge_offset_or_limit_is_a_clear_answer(self):
        assert self.client.get(ITEMS, {"offset": TWENTY_DIGITS}).status_code == 400
        assert self.client.get(ITEMS, {"limit": TWENTY_DIGITS}).status_code in (200, 400)
        assert self.client.get(ITEMS, {"limit": "-" + TWENTY_DIGITS}).status_code == 400


class ApiBadQueryTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.registrar)

    def test_a_twenty_digit_page_of_the_claims_list_is_a_404_and_its_page_size_is_capped(self):
        for query in ({"page": TWENTY_DIGITS}, {"page": "-" + TWENTY_DIGITS}):
            response = self.client.get("/api/v1/claims/", query)
            assert response.status_code in (400, 404), (query, response.status_code)
        # As the parcels' list (below): the largest page, as the schema's maximum says.
        assert self.client.get("/api/v1/claims/", {"page_size": TWENTY_DIGITS}).status_code == 200

    def test_a_twenty_digit_page_of_the_parcels_list_is_a_404(self):
        for query in ({"page": TWENTY_DIGITS}, {"page": TWENTY_DIGITS, "bbox": "-1,-1,1,1"}):
            response = self.client.get("/api/v1/parcels/", query)
            assert response.status_code in (400, 404), (query, response.status_code)

    def test_a_twenty_digit_page_size_is_capped(self):
        assert self.client.get("/api/v1/parcels/", {"page_size": TWENTY_DIGITS}).status_code == 200

    def test_a_parcel_box_with_nan_or_beyond_the_earth_is_a_400(self):
        for bbox in ("nan,0,1,1", "-1e308,-1e308,1e308,1e308", "0,0,inf,1", "1,2,3"):
            assert self.client.get("/api/v1/parcels/", {"bbox": bbox}).status_code == 400, bbox


class MoveBodyTests(AdjudicationTestCase):
    """A move's body holds only that move's own fields; ``actor`` or ``claim`` never reach the service."""

    def test_a_move_body_holding_actor_claim_or_move_is_ignored_not_a_500(self):
        claim = self.submitted(self.draft())
        self.client.force_login(self.registrar)
        for body in ({"actor": "x"}, {"claim": "y"}, {"move": "reject"}, {"reasons": ["a", "b"]}):
            response = self.client.post(
                f"/api/v1/claims/{claim.pk}/moves/screening_start/", body, content_type="application/json"
            )
            assert response.status_code in (200, 400), (body, response.status_code)
        claim.refresh_from_db()
        assert claim.state == "screening"
        assert claim.events.last().actor == self.registrar

    def test_a_move_body_that_is_not_an_object_is_a_400(self):
        claim = self.submitted(self.draft())
        self.client.force_login(self.agent_a)
        for body in ("[1, 2]", '"text"', "12", "{"):
            response = self.client.post(
                f"/api/v1/claims/{claim.pk}/moves/withdraw/", body, content_type="application/json"
            )
            assert response.status_code == 400, (body, response.status_code)

    def test_a_bad_date_for_extending_the_notice_is_a_400_naming_the_field(self):
        claim = self.accepted(self.submitted(self.draft()))
        self.client.force_login(self.registrar)
        for new_end in ("2030-02-30", "soon", "", TWENTY_DIGITS):
            response = self.client.post(
                f"/api/v1/claims/{claim.pk}/moves/notice_extend/",
                {"new_end": new_end, "reason": "x"},
                content_type="application/json",
            )
            assert response.status_code == 400, (new_end, response.status_code)
            assert "new_end" in response.json()

    def test_every_move_has_an_input_serializer(self):
        from landreg.adjudication.api.move_inputs import MOVE_INPUTS

        assert set(MOVE_INPUTS) == set(ALLOWED_MOVES)

    def test_an_unknown_move_is_a_404(self):
        claim = self.submitted(self.draft())
        self.client.force_login(self.registrar)
        response = self.client.post(
            f"/api/v1/claims/{claim.pk}/moves/nope/", {}, content_type="application/json"
        )
        assert response.status_code == 404
