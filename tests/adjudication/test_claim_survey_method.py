"""The survey method on the claim form. The form had none, so every claim was « levé GPS par cheminement »,
even one drawn on the map, and the parcel's page, certificate and register extract printed it: the agent now
says how the boundary was surveyed, « numérisé sur imagerie » offered first, and the form refuses a method
that is not one of the register's."""

from django.test import Client

from landreg.adjudication.models import Claim
from tests.adjudication.helpers import AdjudicationTestCase
from tests.browser_forms import form_with_field
from tests.geometries import square

NEW = "/adjudication/claims/new/"


class ClaimSurveyMethodTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.agent_a)

    def post(self, url, **typed):
        """The claim form as the page renders it (CSRF token, formsets' management), the parcel and one
        claimant typed, then « Enregistrer le brouillon »."""
        page = self.browser.get(url)
        assert page.status_code == 200
        form = form_with_field(page.content.decode(), "geometry")
        values = {
            "village": str(self.village_a.pk),
            "local_name": "Kɔnkɔ",
            "geometry": square(100, 0).geojson,
            "holders-0-last_name": "Ŋaba",
            "holders-0-first_names": "Ɓintu Fatɛ",
            "holders-0-sex": "F",
        } | typed
        return form, self.browser.post(url, form.data(("save", "1"), **values), follow=True)

    def test_a_boundary_drawn_on_the_map_is_recorded_as_drawn_on_imagery_and_the_page_says_so(self):
        form, response = self.post(NEW)
        assert ("survey_method", "imagery") in form.fields  # what the blank form sends as it is
        claim = Claim.objects.get()
        assert claim.survey_method == "imagery"
        html = response.content.decode()
        assert "<dt>Méthode de levé</dt><dd>numérisé sur imagerie</dd>" in html

    def test_the_agent_who_walked_the_boundary_with_a_gps_says_so_and_can_correct_it_on_the_draft(self):
        _, response = self.post(NEW, survey_method="gps")
        claim = Claim.objects.get()
        assert claim.survey_method == "gps"
        assert "<dd>levé GPS par cheminement</dd>" in response.content.decode()
        edit = f"/adjudication/claims/{claim.pk}/edit/"
        form, response = self.post(edit, survey_method="gnss_rtk")
        assert ("survey_method", "gps") in form.fields  # the draft's own method, shown for editing
        claim.refresh_from_db()
        assert claim.survey_method == "gnss_rtk" and response.status_code == 200

    def test_a_method_not_offered_is_refused_next_to_the_field_and_nothing_is_saved(self):
        page = self.browser.get(NEW)
        form = form_with_field(page.content.decode(), "geometry")
        body = form.data(
            ("save", "1"),
            village=str(self.village_a.pk),
            geometry=square(100, 0).geojson,
            survey_method="laser",
            **{"holders-0-last_name": "Ŋaba", "holders-0-first_names": "Awa", "holders-0-sex": "F"},
        )
        response = self.browser.post(NEW, body)
        assert response.status_code in (200, 400) and not Claim.objects.exists()
        html = response.content.decode()
        assert 'id="id_survey_method_errors"' in html and "laser" in html

    def test_a_draft_recorded_without_its_method_says_so_on_its_edit_page_until_the_agent_says(self):
        # The API and the devices record « méthode non précisée » when the client does not say: the edit page
        # shows it so (not a first method preselected, saved unseen as GPS was) and the blank form does not
        # offer it.
        claim = self.draft()
        assert claim.survey_method == "unknown"
        edit = f"/adjudication/claims/{claim.pk}/edit/"
        assert (
            '<option value="unknown" selected>méthode non précisée</option>'
            in self.browser.get(edit).content.decode()
        )
        form, response = self.post(edit, local_name="Kɔgo")
        assert ("survey_method", "unknown") in form.fields and response.status_code == 200
        claim.refresh_from_db()
        assert (claim.survey_method, claim.local_name) == ("unknown", "Kɔgo")
        self.post(edit, survey_method="sketch")
        claim.refresh_from_db()
        assert claim.survey_method == "sketch"
        assert "méthode non précisée" not in self.browser.get(NEW).content.decode()
