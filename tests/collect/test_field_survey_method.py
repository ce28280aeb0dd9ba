"""The survey method asked in ODK Collect (form version 2026120602, « Méthode de levé de la limite »). Every
field record became a claim « levé GPS par cheminement », whatever the agent did, and the certificate
printed it: the form now asks, French first, and the record's answer reaches the claim. A record from a form
before the question says none: its claim is « méthode non précisée », not a GPS walk nobody said."""

from html import unescape

from django.utils import translation

from landreg.adjudication.models import Claim
from landreg.collect.models import Submission, SubmissionState
from landreg.collect.xforms import FORM_VERSION
from tests.collect.test_openrosa import DeviceTestCase, record


def current_record(instance_id: str, method: str) -> bytes:
    """A record of the current form as ODK Collect sends it: the answer right after the boundary."""
    xml = record(instance_id=instance_id).decode()
    xml = xml.replace('version="2026120401"', f'version="{FORM_VERSION}"')
    xml = xml.replace("</boundary>", f"</boundary><survey_method>{method}</survey_method>")
    return xml.encode()


class FieldSurveyMethodTests(DeviceTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")

    def test_the_form_asks_how_the_boundary_was_surveyed_in_french_first(self):
        assert FORM_VERSION >= "2026120602"
        response = self.client.get("/collect/forms/landreg_parcel_TC-A/form.xml", **self.basic(self.agent_a))
        form = response.content.decode()
        assert '<select1 ref="/data/survey_method">' in form and "<survey_method/>" in form
        assert '<bind nodeset="/data/survey_method" type="string" required="true()"/>' in form
        french = form.index('<translation lang="Français (fr)" default="true()">')
        english = form.index('<translation lang="English (en)">')
        assert french < english
        for label in (
            "Méthode de levé de la limite",
            "Levé GPS par cheminement (limite parcourue avec le GPS)",
            "Numérisé sur imagerie (points placés sur la carte)",
            "Levé GNSS RTK",
        ):
            assert french < form.index(label) < english, label

    def test_a_boundary_placed_on_the_map_is_recorded_as_drawn_on_imagery(self):
        assert self.post(current_record("uuid:ɓintou-imagerie", "imagery")).status_code == 201
        claim = Submission.objects.get(instance_id="uuid:ɓintou-imagerie").claim
        assert claim.survey_method == "imagery"
        self.client.force_login(self.agent_a)
        page = self.client.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        assert "<dt>Méthode de levé</dt><dd>numérisé sur imagerie</dd>" in page

    def test_a_walk_with_the_gps_is_recorded_so(self):
        assert self.post(current_record("uuid:ɓintou-gps", "gps")).status_code == 201
        assert Claim.objects.get().survey_method == "gps"

    def test_a_record_from_a_form_before_the_question_is_not_stated_rather_than_gps(self):
        assert self.post(record(instance_id="uuid:ancien-formulaire")).status_code == 201
        assert Claim.objects.get().survey_method == "unknown"

    def test_a_method_the_register_does_not_know_waits_for_the_agent_with_the_reason(self):
        response = self.post(current_record("uuid:drone", "drone"))
        assert response.status_code == 201
        submission = Submission.objects.get(instance_id="uuid:drone")
        assert submission.state == SubmissionState.NEEDS_CORRECTION and not Claim.objects.exists()
        said = unescape(response.content.decode())
        assert "La méthode de levé «\u202fdrone\u202f» n’est pas une de celles du registre" in said, said
