"""The administration reads in French: page titles that elide nothing wrongly (Django's « Ajout de
utilisateur »), and the system administrators' group by a French name, while code still finds it by its
stored name."""

import re
from html import unescape

from django.contrib.auth.models import Group
from django.test import Client
from django.utils import translation

from landreg.accounts.roles import ADMIN_GROUP_NAME, Role
from landreg.accounts.services import role_grant
from tests.base import RegistryTestCase, make_user


def title(html: str) -> str:
    return unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))


class AdminFrenchTests(RegistryTestCase):
    def setUp(self):
        self.browser = Client()
        self.superuser = make_user("root")
        self.superuser.is_staff = self.superuser.is_superuser = True
        self.superuser.save()
        self.browser.force_login(self.superuser)

    def test_the_add_and_change_pages_title_a_model_named_with_a_vowel_in_good_french(self):
        add = self.browser.get("/admin/accounts/user/add/").content.decode()
        assert title(add).startswith("Ajouter utilisateur |"), title(add)
        assert "Ajout de utilisateur" not in add
        change = self.browser.get(f"/admin/territory/administrativeunit/{self.village_a.pk}/change/")
        html = change.content.decode()
        assert "| Modifier unité administrative |" in title(html), title(html)
        assert "Modification de unité" not in html

    def test_the_system_administrators_group_reads_in_french_and_is_still_found_by_its_name(self):
        admin = make_user("admin_sys")
        role_grant(user=admin, role=Role.SYSTEM_ADMINISTRATOR, unit=self.country)
        group = Group.objects.get(name=ADMIN_GROUP_NAME)
        assert admin.groups.filter(name=ADMIN_GROUP_NAME).exists()

        listing = self.browser.get("/admin/auth/group/").content.decode()
        assert "administrateurs système" in listing and "system administrators" not in listing, listing
        page = self.browser.get(f"/admin/accounts/user/{admin.pk}/change/").content.decode()
        assert "administrateurs système" in page and "system administrators" not in page
        with translation.override("en"):
            assert str(group) == "system administrators"

    def test_django_s_user_groups_are_groupes_and_a_party_group_a_groupement(self):
        # Our catalogue (read before Django's) translated the bare msgid "group" as a party's « groupement »:
        # the admin titled the users' groups « Ajouter groupement ».
        from landreg.parties.models import GroupMembership

        with translation.override("fr"):
            assert str(Group._meta.verbose_name) == "groupe"
            assert str(GroupMembership._meta.get_field("group").verbose_name) == "groupement"
        page = self.browser.get("/admin/auth/group/add/").content.decode()
        assert "Ajouter groupe |" in title(page), title(page)

    def test_the_user_add_page_tells_in_good_french_and_english_what_can_be_edited_next(self):
        """Django's French wrote « vous pourrez modifiez davantage de ses options » (an infinitive is due)."""
        page = unescape(self.browser.get("/admin/accounts/user/add/").content.decode())
        assert "vous pourrez modifier davantage de ses options." in page
        assert "pourrez modifiez" not in page
        self.browser.cookies["django_language"] = "en"
        page = unescape(self.browser.get("/admin/accounts/user/add/").content.decode())
        assert "you’ll be able to edit more user options." in page
