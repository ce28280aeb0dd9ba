import json

from landreg.accounts.roles import Role
from landreg.adjudication.models import ProcedureProfile
from landreg.audit.models import AuditEvent
from tests.adjudication.helpers import AdjudicationTestCase, make_user


class ProfileAdminTests(AdjudicationTestCase):
    def form(self, profile, **changes):
        data = {
            field: getattr(profile, field)
            for field in [
                "code",
                "name",
                "country_code",
                "certificate_name",
                "legal_basis",
                "notice_days",
                "overdue_after_days",
                "quorum_min_votes",
                "quorum_rule",
                "signatory_title",
                "certificate_number_format",
                "certificate_language",
                "overlap_tolerance_m2",
                "overlap_tolerance_pct",
                "neighbour_gap_m",
                "change_notice_days",
                "conciliation_body",
                "dispute_first_session_days",
                "dispute_conciliation_days",
                "dispute_homologation",
                "majority_age",
            ]
        }
        data.update(
            steps=json.dumps(profile.steps),
            required_documents=json.dumps(profile.required_documents),
            change_steps=json.dumps(profile.change_steps),
        )
        data.update(changes)
        return data

    def test_a_system_administrator_edits_a_profile_and_the_edit_is_in_the_history(self):
        admin = make_user("sysadmin", Role.SYSTEM_ADMINISTRATOR, self.country)
        self.client.force_login(admin)
        profile = ProcedureProfile.objects.get(code="mg-cf")
        url = f"/admin/adjudication/procedureprofile/{profile.pk}/change/"
        bad = self.client.post(url, self.form(profile, steps=json.dumps(["public_notice", "party"])))
        assert bad.status_code == 200 and "steps" in bad.context["adminform"].form.errors
        bad = self.client.post(url, self.form(profile, change_steps=json.dumps({"sale": ["stamp"]})))
        assert bad.status_code == 200 and "change_steps" in bad.context["adminform"].form.errors
        # The administrator puts sales through the committee too: the law's parameters are data.
        sale = ["public_notice", "committee_validation", "authority_approval"]
        changed = {**profile.change_steps, "sale": sale}
        response = self.client.post(
            url, self.form(profile, notice_days=21, change_steps=json.dumps(changed), change_notice_days=20)
        )
        assert response.status_code == 302, response.content[:2000]
        edited = ProcedureProfile.objects.get(code="mg-cf")
        assert edited.notice_days == 21 and edited.change_steps["sale"] == sale
        assert edited.change_notice_days == 20
        assert AuditEvent.objects.filter(action="procedure.edit", object_id="mg-cf").exists()

    def test_the_court_s_homologation_of_a_conciliation_is_a_parameter_of_the_profile(self):
        admin = make_user("sysadmin", Role.SYSTEM_ADMINISTRATOR, self.country)
        self.client.force_login(admin)
        profile = ProcedureProfile.objects.get(code="bf-apfr")
        assert profile.dispute_homologation == "optional"  # every preset, as before the parameter
        url = f"/admin/adjudication/procedureprofile/{profile.pk}/change/"
        page = self.client.get(url).content.decode()
        assert "Homologation de la conciliation par le tribunal" in page and "requise avant que" in page
        bad = self.client.post(url, self.form(profile, dispute_homologation="sometimes"))
        assert bad.status_code == 200 and "dispute_homologation" in bad.context["adminform"].form.errors
        response = self.client.post(url, self.form(profile, dispute_homologation="required"))
        assert response.status_code == 302, response.content[:2000]
        assert ProcedureProfile.objects.get(code="bf-apfr").dispute_homologation == "required"
        edit = AuditEvent.objects.get(action="procedure.edit", object_id="bf-apfr")
        assert "dispute_homologation" in edit.payload["changed"]

    def test_a_field_agent_cannot_open_the_profiles(self):
        self.client.force_login(self.agent_a)
        assert self.client.get("/admin/adjudication/procedureprofile/").status_code == 302
