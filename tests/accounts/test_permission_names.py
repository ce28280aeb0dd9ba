"""The administration's permission choices (a group's, a user's) read in the reader's language: Django stores
each permission's name once, in English, and shows that stored text; the admin names them again from the model
(Django's four actions with the translated model name, the custom ones from Meta.permissions)."""

import re
from html import unescape

from django.contrib.auth.models import Group, Permission
from django.test import Client

from tests.base import RegistryTestCase, make_user
from tests.browser_forms import form_with_field


def options(html: str, name: str) -> dict[str, str]:
    """{label: value} of the options of the page's select named ``name``."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return {
        unescape(label).strip(): value
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
    }


class PermissionNamesTests(RegistryTestCase):
    def setUp(self):
        self.browser = Client(enforce_csrf_checks=True)
        self.superuser = make_user("root")
        self.superuser.is_staff = self.superuser.is_superuser = True
        self.superuser.save()
        self.browser.force_login(self.superuser)

    def test_a_group_is_made_from_permissions_named_in_french(self):
        page = self.browser.get("/admin/auth/group/add/").content.decode()
        choices = options(page, "permissions")
        assert not [label for label in choices if " | Can " in label]
        assert "Territoire | unité administrative | Signer les certificats de l’unité" in choices
        assert "Reconnaissance des droits | demande | Peut ajouter «\u202fdemande\u202f»" in choices
        assert not [label for label in choices if "Sign certificates of the unit" in label]

        sign = next(value for label, value in choices.items() if "Signer les certificats" in label)
        add_claim = choices["Reconnaissance des droits | demande | Peut ajouter «\u202fdemande\u202f»"]
        form = form_with_field(page, "name")
        response = self.browser.post(
            "/admin/auth/group/add/",
            form.data(form.button("Enregistrer"), name="Signataires", permissions=[sign, add_claim]),
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        granted = Group.objects.get(name="Signataires").permissions
        assert set(granted.values_list("codename", flat=True)) == {"sign_certificates", "add_claim"}

    def test_a_user_s_own_permissions_read_in_french_and_in_english_for_an_english_reader(self):
        url = f"/admin/accounts/user/{self.agent_a.pk}/change/"
        french = options(self.browser.get(url).content.decode(), "user_permissions")
        assert "Utilisateurs et rôles | utilisateur | Peut modifier «\u202futilisateur\u202f»" in french
        assert not [label for label in french if " | Can " in label]

        self.browser.cookies["django_language"] = "en"
        english = options(self.browser.get(url).content.decode(), "user_permissions")
        assert "Users and roles | user | Can change user" in english
        assert "Territory | administrative unit | Sign certificates of the unit" in english

    def test_a_permission_of_a_model_no_longer_installed_keeps_its_stored_name(self):
        from django.contrib.contenttypes.models import ContentType

        from landreg.accounts.permission_names import permission_name

        gone = ContentType.objects.create(app_label="retired", model="ledger")
        permission = Permission.objects.create(
            content_type=gone, codename="add_ledger", name="Can add ledger"
        )
        assert permission_name(permission) == "Can add ledger"
