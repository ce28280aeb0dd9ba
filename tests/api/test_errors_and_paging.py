"""One error body and one way of paging for every API operation."""

from landreg.certificates.issuing.services import certificate_issue
from landreg.parcels.services import parcel_record
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.helpers import AdjudicationTestCase
from tests.geometries import square


class ErrorBodyTests(AdjudicationTestCase):
    def test_each_kind_of_refusal_has_its_status_and_a_detail_with_the_error_name(self):
        claim = self.submitted(self.draft())
        self.client.force_login(self.agent_a)
        refused = self.client.post(f"/api/v1/claims/{claim.pk}/moves/screening_start/", {})
        assert refused.status_code == 403 and refused.json()["error"] == "PermissionDeniedError"
        assert refused.json()["detail"]
        self.client.force_login(self.registrar)
        wrong_state = self.client.post(f"/api/v1/claims/{claim.pk}/moves/notice_close/", {})
        assert wrong_state.status_code == 400 and wrong_state.json()["error"] == "TransitionNotAllowed"
        missing = self.client.get("/api/v1/claims/00000000-0000-0000-0000-000000000000/")
        assert missing.status_code == 404 and set(missing.json()) == {"detail", "error"}
        self.client.logout()
        anonymous = self.client.get("/api/v1/claims/")
        assert anonymous.status_code in (401, 403) and anonymous.json()["error"] == "not_authenticated"

    def test_an_id_that_is_not_a_uuid_or_an_unknown_api_path_is_a_json_404(self):
        # Seen on the demo: GET /api/v1/claims/not-a-uuid/ answered Django's HTML page, not the API's body.
        self.client.force_login(self.agent_a)
        for url in ("/api/v1/claims/not-a-uuid/", "/api/v1/parcels/123/", "/api/v1/parcelles/"):
            response = self.client.get(url)
            assert response.status_code == 404 and response["Content-Type"] == "application/json", url
            assert response.json() == {"detail": "Non trouvé.", "error": "not_found"}
        page = self.client.get("/parcels/not-a-page/")
        assert page.status_code == 404 and "application/json" not in page["Content-Type"]

    def test_a_field_error_names_its_field(self):
        claim = self.submitted(self.draft())
        self.client.force_login(self.agent_a)
        response = self.client.post(f"/api/v1/claims/{claim.pk}/moves/withdraw/", {})
        assert response.status_code == 400 and "reason" in response.json()


class CertificateListPagingTests(AdjudicationTestCase):
    def test_every_certificate_is_listed_page_by_page_none_left_out(self):
        from landreg.parties.services import party_create

        holder = party_create(
            kind="natural", village=self.village_a, last_name="Zongo", first_names="A", sex="F"
        )
        numbers = []
        for i in range(5):
            parcel = parcel_record(
                village=self.village_a, geometry=square(200 + 150 * i, 0), survey_method="gps"
            )
            right = right_register(
                parcel=parcel,
                right_type="customaryType",
                holders=[HolderShare(party=holder)],
                tenure_system="customary",
                legal_basis="x",
            )
            numbers.append(certificate_issue(right=right, actor=self.registrar)[0].number)
        self.client.force_login(self.registrar)
        seen, url = [], "/api/v1/certificates/?page_size=2"
        while url:
            body = self.client.get(url).json()
            assert body["count"] == 5
            seen += [c["number"] for c in body["results"]]
            url = body["next"]
        assert sorted(seen) == sorted(numbers)
        assert self.client.get("/api/v1/certificates/?page=4&page_size=2").status_code == 404
