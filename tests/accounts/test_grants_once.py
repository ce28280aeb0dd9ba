"""A GET reads each of a user's permissions on units once, whatever the page asks (guardian's query ran up to
six times for one parcel page); other requests, and code outside a request, read the database every time."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from landreg.accounts.roles import Role
from landreg.accounts.selectors import grants_read_once, has_unit_perm, villages_covered
from landreg.accounts.services import role_grant
from tests.base import RegistryTestCase


def guardian_statements(captured) -> list[str]:
    return [q["sql"] for q in captured if "guardian_userobjectpermission" in q["sql"]]


class GrantsReadOnceTests(RegistryTestCase):
    def test_a_parcel_page_asks_guardian_once_per_permission(self):
        self.client.force_login(self.agent_a)
        self.client.get(f"/parcels/{self.parcel_a.pk}/")  # the session and process caches
        with CaptureQueriesContext(connection) as captured:
            assert self.client.get(f"/parcels/{self.parcel_a.pk}/").status_code == 200
        statements = guardian_statements(captured)
        assert statements and len(statements) == len(set(statements)), statements

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
