"""A GET reads a user's permissions on units once, all of them in one statement, whatever the page asks
(guardian's query ran up to six times for one parcel page), and the process keeps them for the next GETs
under the user's grants_key, which every grant and revocation changes; other requests, and code outside a
request, read the database every time."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from landreg.accounts.models import RoleAssignment, User
from landreg.accounts.roles import Role
from landreg.accounts.selectors import grants_read_once, has_unit_perm, villages_covered
from landreg.accounts.services import role_grant, role_revoke
from tests.base import RegistryTestCase


def guardian_statements(captured) -> list[str]:
    return [q["sql"] for q in captured if "guardian_userobjectpermission" in q["sql"]]


class GrantsReadOnceTests(RegistryTestCase):
    def test_a_parcel_page_asks_guardian_once_and_the_next_page_not_at_all(self):
        self.client.force_login(self.agent_a)
        role_grant(user=self.agent_a, role=Role.COMMITTEE_MEMBER, unit=self.village_a)  # a new key: not kept
        with CaptureQueriesContext(connection) as first:
            assert self.client.get(f"/parcels/{self.parcel_a.pk}/").status_code == 200
        assert len(guardian_statements(first)) == 1, guardian_statements(first)
        with CaptureQueriesContext(connection) as second:
            assert self.client.get(f"/parcels/{self.parcel_a.pk}/").status_code == 200
        assert guardian_statements(second) == []

    def test_a_revoked_role_stops_working_at_the_next_request(self):
        page = f"/parcels/{self.parcel_a.pk}/"
        self.client.force_login(self.agent_a)
        assert self.client.get(page).status_code == 200  # the agent's permissions are now kept
        assignment = RoleAssignment.objects.get(user=self.agent_a, unit=self.village_a)
        role_revoke(assignment=assignment)  # as the admin does: another instance of the user
        assert self.client.get(page).status_code in (403, 404)

    def test_a_new_role_works_at_the_next_request(self):
        page = f"/parcels/{self.parcel_b.pk}/"
        self.client.force_login(self.agent_a)
        assert self.client.get(page).status_code in (403, 404)  # village B is not the agent's
        role_grant(user=User.objects.get(pk=self.agent_a.pk), role=Role.FIELD_AGENT, unit=self.village_b)
        assert self.client.get(page).status_code == 200

    def test_saving_a_user_read_before_a_revocation_does_not_bring_the_role_back(self):
        page = f"/parcels/{self.parcel_a.pk}/"
        self.client.force_login(self.agent_a)
        assert self.client.get(page).status_code == 200
        read_before = User.objects.get(pk=self.agent_a.pk)  # e.g. the admin's user form, opened earlier
        role_revoke(assignment=RoleAssignment.objects.get(user=self.agent_a, unit=self.village_a))
        read_before.first_name = "Awa"
        read_before.save()  # a full save of the older instance
        assert User.objects.get(pk=self.agent_a.pk).first_name == "Awa"
        assert self.client.get(page).status_code in (403, 404)

    def test_a_deactivated_user_is_refused_though_their_permissions_are_kept(self):
        page = f"/parcels/{self.parcel_a.pk}/"
        self.client.force_login(self.agent_a)
        assert self.client.get(page).status_code == 200
        User.objects.filter(pk=self.agent_a.pk).update(is_active=False)
        assert self.client.get(page).status_code != 200

    def test_within_a_read_the_answers_are_the_same_as_without(self):
        for user in (self.agent_a, self.agent_b, self.mayor, self.stranger):
            for unit in (self.village_a, self.village_b, self.commune):
                fresh = has_unit_perm(user, "record_claims", unit)
                with grants_read_once():
                    assert has_unit_perm(user, "record_claims", unit) == fresh
                    assert has_unit_perm(user, "record_claims", unit) == fresh
                    once = set(villages_covered(user, "view_records"))
                assert once == set(villages_covered(user, "view_records"))

    def test_outside_a_read_a_new_grant_is_seen_at_once(self):
        assert not has_unit_perm(self.stranger, "record_claims", self.village_b)
        role_grant(user=self.stranger, role=Role.FIELD_AGENT, unit=self.village_b)
        assert has_unit_perm(self.stranger, "record_claims", self.village_b)
        with grants_read_once(), CaptureQueriesContext(connection) as captured:
            for _ in range(3):
                assert has_unit_perm(self.stranger, "record_claims", self.village_b)
        assert len(guardian_statements(captured)) == 1
