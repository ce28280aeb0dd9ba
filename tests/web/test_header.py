"""The page header's menu is kept rendered by each process (web/templatetags/header.py): the same links and
labels as rendering it on every page, for each language and each kind of user, and no URL of it reversed
again once kept."""

from unittest import mock

import django.urls
from django.urls import reverse

from landreg.accounts.roles import Role
from landreg.web.templatetags import header
from tests.base import RegistryTestCase, make_user

LOGGED_IN_MENU = [
    "web:map",
    "web:parcel-list",
    "adjudication:claim-list",
    "certificates:queue",
    "disputes:home",
]


def hrefs(page) -> set[str]:
    return {part.split('"', 1)[0] for part in page.content.decode().split('href="')[1:]}


def menu_hrefs(page) -> set[str]:
    """The links of the header's main menu only (the home page links to the map from its content too)."""
    html = page.content.decode()
    menu = html[html.index('<a class="brand"') : html.index("</nav>")]
    return {part.split('"', 1)[0] for part in menu.split('href="')[1:]}


class HeaderMenuTests(RegistryTestCase):
    def setUp(self):
        header._kept.clear()  # each test sees the menu rendered, then kept

    def test_the_public_sees_the_public_links_and_the_login(self):
        links = hrefs(self.client.get(reverse("web:public-register")))
        for name in ["web:home", "adjudication:notice-boards", "web:public-register", "login"]:
            assert reverse(name) in links, name
        for name in LOGGED_IN_MENU:
            assert reverse(name) not in links, name

    def test_each_kind_of_user_sees_its_own_links_whoever_came_before(self):
        staff = self.stranger
        staff.is_staff = True
        staff.save()
        programme = make_user("programme_officer", Role.PROGRAMME_OFFICER, self.commune)
        recording = [reverse("parcels:import"), reverse("collect:submissions")]
        # Seen in Chromium as the demo's programme officer (statistics only): Parcels, Claims, Certificates,
        # Disputes and Registers were lists always empty (« Rien ne correspond à ces filtres. »), and Import
        # a form without a village to choose; the mayor, a committee member, the registrar had Import too.
        for user, records, statistics, administration in [
            (self.mayor, True, True, False),  # signing authority: the records and the statistics
            (self.agent_a, True, False, False),
            (programme, False, True, False),
            (staff, False, False, True),  # no role: the administration only
            (self.member_a, True, False, False),
            (self.mayor, True, True, False),
            (None, False, False, False),
        ]:
            if user is None:
                self.client.logout()
            else:
                self.client.force_login(user)
            links = menu_hrefs(self.client.get(reverse("web:home")))
            assert (reverse("statistics:page") in links) is statistics, user
            assert (reverse("admin:index") in links) is administration, user
            shown = [
                name for name in LOGGED_IN_MENU if not (user == self.mayor and name == "certificates:queue")
            ]
            assert all((reverse(name) in links) is records for name in shown), user
            assert all((url in links) is (user == self.agent_a) for url in recording), user

    def test_the_mayors_certificates_link_lists_those_awaiting_his_signature(self):
        """Seen in Chromium as the demo's mayor: « Certificats » opened the print queue, always empty for him,
        while the certificates to sign were under « Tous les certificats », filtered by stage."""
        to_sign = reverse("certificates:list") + "?stage=to_sign"
        self.client.force_login(self.mayor)
        page = self.client.get(reverse("web:home"), HTTP_HOST="127.0.0.1")
        assert f'<a href="{to_sign}">Certificats</a>' in page.content.decode()
        assert reverse("certificates:queue") not in menu_hrefs(page)
        listed = self.client.get(to_sign, HTTP_HOST="127.0.0.1")
        assert listed.status_code == 200
        registrar = make_user("registrar_ɛ", Role.REGISTRAR, self.commune)
        for user in (registrar, self.agent_a):  # the others keep the print queue
            self.client.force_login(user)
            links = menu_hrefs(self.client.get(reverse("web:home"), HTTP_HOST="127.0.0.1"))
            assert reverse("certificates:queue") in links and to_sign not in links, user

    def test_the_kept_menu_follows_the_chosen_language(self):
        self.client.force_login(self.agent_a)
        french = self.client.get(reverse("web:home")).content.decode()
        assert ">Parcelles</a>" in french
        assert '<option value="fr" selected>Français</option>' in french
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        english = self.client.get(reverse("web:home")).content.decode()
        assert ">Parcels</a>" in english
        assert '<option value="en" selected>English</option>' in english
        assert '<option value="fr">Français</option>' in english
        assert "Parcelles" not in self.client.get(reverse("web:home")).content.decode()

    def test_a_second_page_reverses_none_of_the_menu(self):
        self.client.force_login(self.mayor)
        self.client.get(reverse("web:home"))
        # {% url %} imports reverse from django.urls as it renders
        with mock.patch.object(django.urls, "reverse", wraps=django.urls.reverse) as reversing:
            page = self.client.get(reverse("web:home"))
        assert reverse("statistics:page") in hrefs(page)
        reversed_names = {call.args[0] for call in reversing.call_args_list}
        menu_only = {
            "adjudication:claim-list",
            "disputes:home",
            "statistics:page",
            "registers:list",
            "api:docs",
        }
        assert reversed_names  # the page's own links still are
        assert not reversed_names & menu_only
