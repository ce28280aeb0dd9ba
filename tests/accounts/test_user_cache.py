"""The logged-in user's row is kept in the shared session cache between writes (accounts.user_cache): a page
does not read accounts_user when the row is current, and every write of the row (save, update, delete, a
grant or revocation, a password change) is seen at the next request, including a row read by a request
that raced the write."""

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from landreg.accounts import user_cache
from landreg.accounts.models import RoleAssignment, User
from landreg.accounts.services import role_revoke
from tests.base import RegistryTestCase


def reads_user_row(captured) -> bool:
    return any('FROM "accounts_user"' in q["sql"] for q in captured)


class UserCacheTests(RegistryTestCase):
    def setUp(self):
        super().setUp()
        caches[settings.SESSION_CACHE_ALIAS].clear()
        self.page = f"/parcels/{self.parcel_a.pk}/"
        self.client.force_login(self.agent_a)

    def get(self, url=None):
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url or self.page)
        return response, captured

    def test_pages_after_a_login_do_not_read_the_user_row(self):
        for _ in range(2):
            response, captured = self.get()
            assert response.status_code == 200
            assert not reads_user_row(captured), [q["sql"] for q in captured]
            assert response.wsgi_request.user.pk == self.agent_a.pk

    def test_a_login_by_password_keeps_the_row_read_after_it(self):
        self.client.logout()
        assert self.client.login(username="agent_a", password="pw-agent_a")
        response, captured = self.get()
        assert response.status_code == 200 and not reads_user_row(captured)
        assert response.wsgi_request.user.last_login is not None  # the row as the login left it

    def test_a_revoked_role_is_seen_at_the_next_request(self):
        assert self.get()[0].status_code == 200
        role_revoke(assignment=RoleAssignment.objects.get(user=self.agent_a, unit=self.village_a))
        response, captured = self.get()
        assert response.status_code in (403, 404)
        assert reads_user_row(captured)

    def test_a_user_deactivated_by_save_or_by_update_is_refused_at_the_next_request(self):
        for deactivate in (
            lambda user: (setattr(user, "is_active", False), user.save()),
            lambda user: User.objects.filter(pk=user.pk).update(is_active=False),
        ):
            User.objects.filter(pk=self.agent_a.pk).update(is_active=True)
            self.client.force_login(self.agent_a)
            assert self.get()[0].status_code == 200
            assert self.get()[0].status_code == 200  # from the cache
            deactivate(User.objects.get(pk=self.agent_a.pk))
            assert self.get()[0].status_code == 302  # to the login page

    def test_a_changed_password_ends_the_session_at_the_next_request(self):
        assert self.get()[0].status_code == 200
        user = User.objects.get(pk=self.agent_a.pk)
        user.set_password("another-pw-1234")
        user.save()
        assert self.get()[0].status_code == 302

    def test_a_deleted_user_is_logged_out(self):
        assert self.get()[0].status_code == 200
        RoleAssignment.objects.filter(user=self.agent_a).delete()
        User.objects.get(pk=self.agent_a.pk).delete()
        assert self.get()[0].status_code == 302

    def test_a_row_read_before_a_write_committed_is_not_used_after_it(self):
        # A request read the generation, then the row; a revocation committed meanwhile (a new generation);
        # then that request stored the row it read, under the older generation.
        assert self.get()[0].status_code == 200
        store = caches[settings.SESSION_CACHE_ALIAS]
        session = self.client.session
        row_key, generation_key = user_cache._keys(session["_auth_user_id"], session["_auth_user_backend"])
        older_generation, stale_row = store.get(row_key)
        role_revoke(assignment=RoleAssignment.objects.get(user=self.agent_a, unit=self.village_a))
        store.set(row_key, (older_generation, stale_row))
        response, captured = self.get()
        assert response.status_code in (403, 404)
        assert reads_user_row(captured)

    def test_a_lost_generation_makes_the_kept_row_unused(self):
        assert self.get()[0].status_code == 200
        store = caches[settings.SESSION_CACHE_ALIAS]
        session = self.client.session
        _row_key, generation_key = user_cache._keys(session["_auth_user_id"], session["_auth_user_backend"])
        store.delete(generation_key)
        response, captured = self.get()
        assert response.status_code == 200 and reads_user_row(captured)

    def test_a_kept_row_of_another_user_with_the_same_id_fails_the_session_hash(self):
        # E.g. ids reused after a restore: the session's hash of the password is checked against the kept row.
        assert self.get()[0].status_code == 200
        store = caches[settings.SESSION_CACHE_ALIAS]
        session = self.client.session
        row_key, generation_key = user_cache._keys(session["_auth_user_id"], session["_auth_user_backend"])
        generation, row = store.get(row_key)
        row.set_password("someone-else-1234")
        row.username = "someone-else"
        store.set(row_key, (generation, row))
        response, captured = self.get()
        assert response.status_code == 200
        assert response.wsgi_request.user.username == "agent_a"
        assert reads_user_row(captured)
