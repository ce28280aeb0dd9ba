"""The land office lodges a change from the parcel's page; the application's page shows what it asks."""

from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimState
from landreg.rights.models import Right
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.browser_forms import flat, form_with_field


class ChangePageTests(AdjudicationTestCase):
    profile_code = "bf-apfr"

    def url(self):
        return f"/adjudication/parcels/{self.parcel_a.pk}/change/"

    def page_form(self, html=None, button=None, **values) -> dict:
        """What the page's form posts (CSRF token, management form, defaults) with ``values`` typed in."""
        html = html or self.client.get(self.url()).content.decode()
        form = form_with_field(html, "kind")
        return flat(form.data(form.button(button) if button else None, **values))

    def inheritance_form(self, **extra):
        heir = make_person(self.village_a, "Ouédraogo", "Issa", "M")
        return self.page_form(
            **{
                "kind": "inheritance",
                "reason": "Décès de OUÉDRAOGO Aminata, acte n°12",
                "right": str(self.right_a.pk),
                "holders-0-party": str(heir.pk),
                "holders-0-share": "1/2",
                "holders-1-last_name": "Ouédraogo",
                "holders-1-first_names": "Awa",
                "holders-1-sex": "F",
                "holders-1-share": "1/2",
                "source_type": "customary_attestation",
                "document_date": "2030-01-05",
                "reference": "AC-12",
                **extra,
            }
        )

    def test_the_registrar_lodges_an_inheritance_from_the_parcel_page(self):
        self.client.force_login(self.registrar)
        page = self.client.get(f"/parcels/{self.parcel_a.pk}/").content.decode()
        assert self.url() in page
        form = self.client.get(self.url()).content.decode()
        # The commune's procedure for an inheritance is shown before lodging (Burkina Faso preset).
        assert "publicité → validation par la commission → approbation par l’autorité" in form
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
        form["holders-0-party"] = str(stranger.pk)  # not offered by the page: a forged body
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

    def test_a_refused_application_keeps_what_was_typed_and_says_why_beside_the_field(self):
        self.client.force_login(self.registrar)
        form = self.inheritance_form(source_type="customary_attestation", document_date="")
        response = self.client.post(self.url(), form)
        assert response.status_code == 400 and not Claim.objects.exists()
        page = response.content.decode()
        assert "Donnez la date du document." in page
        # The rows of people, the reason and the document's reference are still there to be mended.
        again = form_with_field(page, "kind").data()
        assert again["holders-1-last_name"] == ["Ouédraogo"] and again["holders-1-first_names"] == ["Awa"]
        assert again["reason"] == ["Décès de OUÉDRAOGO Aminata, acte n°12"] and again["reference"] == [
            "AC-12"
        ]
        assert again["holders-0-party"] == [form["holders-0-party"]]
        response = self.client.post(self.url(), {**flat(again), "document_date": "2030-01-05"})
        application = Claim.objects.get(purpose="inheritance")
        self.assertRedirects(response, f"/adjudication/claims/{application.pk}/")

    def test_a_person_of_a_large_village_is_found_by_search_and_chosen(self):
        # The page listed the first 500 people of the village: one after them could not be chosen.
        from landreg.parties.models import Party

        for i in range(210):
            make_person(self.village_a, "Bationo", f"Ɛmile {i:03d}", "M")  # before Zongo
        zongo = make_person(self.village_a, "Zongo", "Ŋaaba", "F")
        self.client.force_login(self.registrar)
        html = self.client.get(self.url()).content.decode()
        assert str(zongo.pk) not in html  # the list is a search's, not the whole village
        typed = {
            "kind": "sale",
            "reason": "Vente, acte n°9",
            "right": str(self.right_a.pk),
            "person_q": "zongo",
        }
        found = self.client.post(self.url(), self.page_form(html, button="1", **typed))
        assert found.status_code == 200 and not Claim.objects.exists()
        page = found.content.decode()
        assert f'<option value="{zongo.pk}">ZONGO Ŋaaba (TC-A)</option>' in page
        assert form_with_field(page, "kind").data()["reason"] == ["Vente, acte n°9"]  # what was typed is kept
        response = self.client.post(
            self.url(),
            self.page_form(
                page,
                **{"holders-0-party": str(zongo.pk), "holders-0-share": "1"},
                source_type="deed",
                document_date="2030-01-05",
                reference="Acte de vente n°9",
            ),
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        application = Claim.objects.get(purpose="sale")
        assert [c.party for c in application.claimants.all()] == [Party.objects.get(pk=zongo.pk)]
