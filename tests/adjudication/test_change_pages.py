"""The land office lodges a change from the parcel's page; the application's page shows what it asks."""

from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimState
from landreg.rights.models import Right
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person


class ChangePageTests(AdjudicationTestCase):
    profile_code = "bf-apfr"

    def url(self):
        return f"/adjudication/parcels/{self.parcel_a.pk}/change/"

    def inheritance_form(self, **extra):
        heir = make_person(self.village_a, "Ouédraogo", "Issa", "M")
        return {
            "kind": "inheritance",
            "reason": "Décès de OUÉDRAOGO Aminata, acte n°12",
            "right": str(self.right_a.pk),
            "holder_party": [str(heir.pk), ""],
            "last_name": ["", "Ouédraogo"],
            "first_names": ["", "Awa"],
            "sex": ["", "F"],
            "share": ["1/2", "1/2"],
            "source_type": "customary_attestation",
            "document_date": "2030-01-05",
            "reference": "AC-12",
            "submit_now": "1",
            **extra,
        }

    def test_the_registrar_lodges_an_inheritance_from_the_parcel_page(self):
        self.client.force_login(self.registrar)
        page = self.client.get(f"/parcels/{self.parcel_a.pk}/").content.decode()
        assert self.url() in page
        form = self.client.get(self.url()).content.decode()
        # The commune's procedure for an inheritance is shown before lodging (Burkina Faso preset).
        assert "publicité → validation par la commission → approbation par l&#x27;autorité" in form
        response = self.client.post(self.url(), self.inheritance_form())
        application = Claim.objects.get(purpose="inheritance")
        self.assertRedirects(response, f"/adjudication/claims/{application.pk}/")
        assert application.state == ClaimState.SUBMITTED and application.receipt_number
        assert sorted(str(c.share) for c in application.claimants.all()) == ["1/2", "1/2"]
        assert application.documents.get().reference == "AC-12"
        detail = self.client.get(f"/adjudication/claims/{application.pk}/").content.decode()
        assert "Succession" in detail or "succession" in detail
        assert "TC-A-00001" in detail and "Décès de OUÉDRAOGO Aminata" in detail
        assert Right.objects.get(pk=self.right_a.pk).is_current
        parcel_page = self.client.get(f"/parcels/{self.parcel_a.pk}/").content.decode()
        assert application.receipt_number in parcel_page
        queue = self.client.get("/adjudication/claims/?queue=changes").content.decode()
        assert application.receipt_number in queue and "TC-A-00001" in queue and "succession" in queue

    def test_a_refused_application_leaves_no_draft_and_no_document(self):
        self.client.force_login(self.registrar)
        response = self.client.post(self.url(), self.inheritance_form(source_type=""))  # no attestation
        assert response.status_code == 400
        assert "attestation coutumière" in response.content.decode()
        assert not Claim.objects.exists()
        response = self.client.post(self.url(), self.inheritance_form(kind=""))
        assert response.status_code == 400 and not Claim.objects.exists()
        # A person of another village (or a forged id) is refused, not silently dropped.
        stranger = make_person(self.village_b, "Zongo", "Paul", "M")
        form = self.inheritance_form()
        form["holder_party"] = [str(stranger.pk), ""]
        response = self.client.post(self.url(), form)
        assert response.status_code == 400 and "pas enregistrée dans ce village" in response.content.decode()
        assert not Claim.objects.exists()

    def test_other_roles_get_no_change_page(self):
        for user in [self.agent_a, self.member_a, self.mayor, self.agent_b]:
            self.client.force_login(user)
            with self.subTest(user=user.username):
                assert self.client.get(self.url()).status_code == 404
                page = self.client.get(f"/parcels/{self.parcel_a.pk}/")
                assert self.url() not in page.content.decode()
