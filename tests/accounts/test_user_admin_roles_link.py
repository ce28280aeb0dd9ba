"""A user's admin page points at where their roles are granted: the roles table on it only lists them (grants
go through the role assignments' page, accounts.services.role_grant), and empty it said nothing of where to
grant one. The page links to the role assignments listed for this user and to the grant form with the user
chosen; both open on what they say."""

import re
from html import unescape

from django.urls import reverse

from landreg.accounts.roles import Role
from tests.base import RegistryTestCase, make_user


class UserPagePointsAtRoleAssignmentsTests(RegistryTestCase):
    def setUp(self):
        self.admin_user = make_user("sysadmin", Role.SYSTEM_ADMINISTRATOR, self.country)
        self.client.force_login(self.admin_user)
        self.newcomer = make_user("ɓila_ŋɔ")  # no role yet: the table is empty

    def links(self, user):
        page = self.client.get(reverse("admin:accounts_user_change", args=[user.pk]))
        assert page.status_code == 200
        html = page.content.decode()
        return html, dict(
            (unescape(text), unescape(href))
            for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', html)
        )

    def test_a_user_without_a_role_is_pointed_at_the_role_assignments(self):
        html, links = self.links(self.newcomer)
        assert (
            "Les rôles s’attribuent et se retirent dans «\u202fAttributions de rôles\u202f», chacun sur une "
            "unité\u202f:"
        ) in html
        listed = links["les attributions de rôles de cet utilisateur"]
        assert (
            listed
            == reverse("admin:accounts_roleassignment_changelist") + f"?user__id__exact={self.newcomer.pk}"
        )
        grant = links["attribuer un rôle à cet utilisateur"]
        assert grant == reverse("admin:accounts_roleassignment_add") + f"?user={self.newcomer.pk}"

    def test_the_links_open_this_user_s_assignments_and_the_grant_form_with_the_user_chosen(self):
        _html, links = self.links(self.agent_a)
        listed = self.client.get(links["les attributions de rôles de cet utilisateur"])
        assert listed.status_code == 200
        rows = listed.context["cl"].result_list
        assert [a.user for a in rows] == [self.agent_a]
        grant = self.client.get(links["attribuer un rôle à cet utilisateur"])
        assert grant.status_code == 200
        assert grant.context["adminform"].form.initial["user"] == str(self.agent_a.pk)
        assert f'<option value="{self.agent_a.pk}" selected>agent_a</option>' in grant.content.decode()

    def test_the_add_page_has_no_such_link(self):
        page = self.client.get(reverse("admin:accounts_user_add")).content.decode()
        assert "attribuer un rôle à cet utilisateur" not in page
