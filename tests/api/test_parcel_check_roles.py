"""Who is answered by the live check of a boundary (``POST /api/v1/parcels/check/``), role by role, and how a
split's part or a corrected boundary is checked: the parcel changed is left out of its own findings."""

from landreg.accounts.roles import Role
from tests.adjudication.helpers import AdjudicationTestCase, make_user
from tests.geometries import square

URL = "/api/v1/parcels/check/"


class BoundaryCheckRolesTests(AdjudicationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.registrar_b = make_user("registrar_b", Role.REGISTRAR, cls.village_b)
        cls.officer = make_user("officer", Role.PROGRAMME_OFFICER, cls.commune)

    def check(self, user, geometry=None, **extra):
        self.client.force_login(user)
        body = {"village": "TC-A", "geometry": (geometry or square(0, 0, 50)).json, **extra}
        return self.client.post(URL, body, content_type="application/json")

    def test_whoever_records_boundaries_or_transactions_in_the_village_is_answered(self):
        for user in [self.agent_a, self.registrar, self.disputes]:
            with self.subTest(user=user.username):
                assert self.check(user).status_code == 200

    def test_a_role_of_the_village_that_records_no_boundary_is_refused_with_403(self):
        for user in [self.member_a, self.president_a, self.mayor]:
            with self.subTest(user=user.username):
                response = self.check(user)
                assert response.status_code == 403 and "findings" not in response.json()

    def test_users_of_another_village_or_of_none_get_404(self):
        for user in [self.agent_b, self.registrar_b, self.officer, self.stranger]:
            with self.subTest(user=user.username):
                assert self.check(user).status_code == 404
        self.client.logout()
        response = self.client.post(
            URL, {"village": "TC-A", "geometry": square(0, 0).json}, "application/json"
        )
        assert response.status_code in (401, 403)

    def test_a_part_of_the_parcel_split_is_not_an_overlap_with_that_parcel(self):
        half = square(0, 0, 50)
        [finding] = self.check(self.registrar, half).json()["findings"]
        assert (finding["kind"], finding["parcel"]) == ("overlap", "TC-A-00001")
        answer = self.check(self.registrar, half, parcel=str(self.parcel_a.pk)).json()
        assert answer["valid"] and answer["findings"] == [] and round(answer["area_m2"]) == 2_500

    def test_a_corrected_boundary_still_shows_the_neighbour_it_overlaps(self):
        east = self.parcel_held(100)
        answer = self.check(self.registrar, square(0, 0, 120), parcel=str(self.parcel_a.pk)).json()
        assert [(f["kind"], f["parcel"]) for f in answer["findings"]] == [("overlap", east.number)]
