"""A system administrator sets up a new commune's procedure in the admin, in French, as the pages render it:
the steps typed as codes separated by commas, a second profile for a country that already has its default
refused with the way to do it, and a procedure assigned to a village refused as a form error, not a 500."""

import json

from django.test import Client

from landreg.accounts.roles import Role
from landreg.adjudication.models import CommuneProcedure, ProcedureProfile
from landreg.territory.models import UnitLevel
from landreg.territory.services import unit_create
from tests.adjudication.helpers import AdjudicationTestCase, make_user
from tests.browser_forms import flat, form_with_field

ADD_PROFILE = "/admin/adjudication/procedureprofile/add/"
ADD_PROCEDURE = "/admin/adjudication/communeprocedure/add/"
SAVE = ("_save", "Enregistrer")

PILOT = {
    "code": "klg-pilote",
    "name": "Koulga — projet pilote",
    "certificate_name": "Attestation de possession foncière rurale",
    "legal_basis": "Loi n° 034-2009/AN, art. 36 à 45",
    "notice_days": "45",
    "signatory_title": "Le Maire",
    "overlap_tolerance_m2": "2",
    "min_parcel_area_m2": "100",
}


class ProfileAdminWalkTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        self.browser = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="fr")
        self.browser.force_login(make_user("sysadmin", Role.SYSTEM_ADMINISTRATOR, self.country))
        self.browser.cookies["django_language"] = "fr"

    def post_form(self, url, **typed):
        page = self.browser.get(url)
        assert page.status_code == 200
        form = form_with_field(page.content.decode(), next(iter(typed)))
        return self.browser.post(url, flat(form.data(SAVE, **typed)))

    def test_the_steps_are_typed_as_codes_separated_by_commas_and_their_codes_are_listed(self):
        page = self.browser.get(ADD_PROFILE).content.decode()
        assert "séparés par des virgules" in page and "site_verification (constat sur le terrain)" in page
        steps = "public_notice, site_verification,committee_validation  authority_approval"
        response = self.post_form(ADD_PROFILE, **PILOT, steps=steps)
        assert response.status_code == 302, response.content.decode()[-3000:]
        pilot = ProcedureProfile.objects.get(code="klg-pilote")
        assert pilot.steps == [
            "public_notice",
            "site_verification",
            "committee_validation",
            "authority_approval",
        ]
        assert pilot.min_parcel_area_m2 == 100 and pilot.overlap_tolerance_m2 == 2
        # Opened again, the steps read as they were typed, and a save keeps them.
        edit = f"/admin/adjudication/procedureprofile/{pilot.pk}/change/"
        assert 'value="public_notice, site_verification, committee_validation, authority_approval"' in (
            self.browser.get(edit).content.decode()
        )
        assert self.post_form(edit, notice_days="60").status_code == 302
        pilot.refresh_from_db()
        assert pilot.notice_days == 60 and len(pilot.steps) == 4

    def test_an_unknown_step_is_said_with_the_codes_to_use(self):
        response = self.post_form(ADD_PROFILE, **PILOT, steps="public_notice, affichage")
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert "steps" in errors and "public_notice, site_verification" in errors["steps"][0]
        assert "JSON" not in response.content.decode()
        # A JSON list, as the field used to be written, is still read.
        listed = json.dumps(["public_notice", "authority_approval"])
        assert self.post_form(ADD_PROFILE, **PILOT, steps=listed).status_code == 302
        pilot = ProcedureProfile.objects.get(code="klg-pilote")
        assert pilot.steps == ["public_notice", "authority_approval"]

    def test_a_second_profile_for_a_country_with_a_default_is_refused_with_the_way_to_do_it(self):
        steps = "public_notice, authority_approval"
        response = self.post_form(ADD_PROFILE, **PILOT, steps=steps, country_code="BF")
        assert response.status_code == 200
        error = response.context["adminform"].form.errors["country_code"][0]
        assert "Burkina Faso — attestation de possession foncière rurale" in error
        assert "Procédures des communes" in error
        assert not ProcedureProfile.objects.filter(code="klg-pilote").exists()
        # Without a country code it is made, and assigned to its commune; the country's default is unchanged.
        assert self.post_form(ADD_PROFILE, **PILOT, steps=steps).status_code == 302
        commune = unit_create(level=UnitLevel.COMMUNE, code="KLG", name="Koulga", parent=self.region)
        response = self.post_form(ADD_PROCEDURE, commune=str(commune.pk), profile="klg-pilote")
        assert response.status_code == 302, response.content.decode()[-3000:]
        assert CommuneProcedure.objects.get(commune=commune).profile_id == "klg-pilote"

    def test_a_procedure_is_assigned_to_a_commune_only_and_a_village_is_a_form_error(self):
        response = self.post_form(ADD_PROCEDURE, commune=str(self.village_b.pk), profile="mg-cf")
        assert response.status_code == 200
        assert "commune" in response.context["adminform"].form.errors
        assert not CommuneProcedure.objects.filter(commune=self.village_b).exists()
        # The list to choose from offers communes only.
        asked = {"app_label": "adjudication", "model_name": "communeprocedure", "field_name": "commune"}
        found = self.browser.get("/admin/autocomplete/", {"term": "", **asked}).json()["results"]
        assert [r["text"] for r in found] == [str(self.commune)]
