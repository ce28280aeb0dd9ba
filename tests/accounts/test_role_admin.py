from django.urls import reverse

from landreg.accounts.models import RoleAssignment
from landreg.accounts.roles import Role
from landreg.accounts.selectors import has_unit_perm
from tests.base import RegistryTestCase, make_user


class RoleAdminTests(RegistryTestCase):
    def setUp(self):
        self.admin_user = make_user("sysadmin", Role.SYSTEM_ADMINISTRATOR, self.country)
        self.client.force_login(self.admin_user)

    def test_a_system_administrator_grants_a_role_from_the_admin_with_its_object_permissions(self):
        response = self.client.post(
            reverse("admin:accounts_roleassignment_add"),
            {"user": self.stranger.pk, "role": Role.FIELD_AGENT, "unit": self.village_a.pk},
        )
        assert response.status_code == 302
        assignment = RoleAssignment.objects.get(user=self.stranger)
        assert assignment.granted_by == self.admin_user
        assert has_unit_perm(self.stranger, "record_claims", self.village_a)

    def test_the_revoke_action_ends_the_role_and_keeps_the_row(self):
        assignment = self.agent_a.role_assignments.get()
        self.client.post(
            reverse("admin:accounts_roleassignment_changelist"),
            {"action": "revoke_selected", "_selected_action": [assignment.pk]},
        )
        assignment.refresh_from_db()
        assert assignment.revoked_at is not None and assignment.revoked_by == self.admin_user
        assert not has_unit_perm(self.agent_a, "record_claims", self.village_a)

    def test_a_field_agent_has_no_access_to_the_admin(self):
        self.client.force_login(self.agent_a)
        assert self.client.get(reverse("admin:index")).status_code == 302
