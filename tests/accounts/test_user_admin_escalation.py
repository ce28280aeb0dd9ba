"""A system administrator's powers come from their role on a unit: on the admin's user form they do not make
anyone a superuser nor hand out model permissions or groups by hand (which would lift a commune's or a
country's administrator to the whole registry, past every scope)."""

from django.test import Client
from django.urls import reverse

from landreg.accounts.roles import Role
from tests.base import RegistryTestCase, make_user
from tests.browser_forms import form_with_field


class UserAdminEscalationTests(RegistryTestCase):
    def setUp(self):
        self.admin_user = make_user("sysadmin", Role.SYSTEM_ADMINISTRATOR, self.country)
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.admin_user)

    def change(self, user, **typed):
        url = reverse("admin:accounts_user_change", args=[user.pk])
        page = self.browser.get(url)
        assert page.status_code == 200
        form = form_with_field(page.content.decode(), "username")
        response = self.browser.post(url, form.data(("_save", "Enregistrer"), **typed))
        user.refresh_from_db()
        return page.content.decode(), response

    def test_the_superuser_box_is_not_offered_and_a_forged_one_is_ignored(self):
        # Before: the box was on the form, and ticking it made the administrator a superuser.
        html, response = self.change(self.admin_user)
        assert 'name="is_superuser"' not in html
        assert 'name="user_permissions"' not in html and 'name="groups"' not in html
        assert response.status_code == 302
        # A forged post: the page's own form, CSRF token included, with the box added by hand.
        url = reverse("admin:accounts_user_change", args=[self.admin_user.pk])
        form = form_with_field(self.browser.get(url).content.decode(), "username")
        body = form.data(("_save", "Enregistrer"))
        forged = self.browser.post(url, body | {"is_superuser": ["on"]})
        assert forged.status_code == 302
        self.admin_user.refresh_from_db()
        assert not self.admin_user.is_superuser

    def test_deactivating_an_agent_still_works(self):
        _html, response = self.change(self.agent_a, is_active=[])
        assert response.status_code == 302
        assert not self.agent_a.is_active
