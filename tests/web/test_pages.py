import re

from django.urls import reverse

from tests.base import RegistryTestCase


class PageTests(RegistryTestCase):
    def test_the_interface_is_in_french_by_default(self):
        page = self.client.get(reverse("login"))
        assert page.status_code == 200
        assert '<html lang="fr">' in page.content.decode()
        assert "Se connecter" in page.content.decode()
        assert "registre des droits fonciers" in page.content.decode()

    def test_the_language_switch_turns_it_to_english(self):
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        page = self.client.get(reverse("login")).content.decode()
        assert '<html lang="en">' in page
        assert "Log in" in page

    def test_login_then_logout(self):
        response = self.client.post(reverse("login"), {"username": "agent_a", "password": "pw-agent_a"})
        assert response.status_code == 302
        assert self.client.get(reverse("web:home")).context["user"].username == "agent_a"
        self.client.post(reverse("logout"))
        assert not self.client.get(reverse("web:home")).context["user"].is_authenticated

    def test_the_map_draws_vector_tiles_when_vectorgrid_is_installed(self):
        from django.contrib.staticfiles import finders

        self.client.force_login(self.agent_a)
        page = self.client.get(reverse("web:map")).content.decode()
        assert "/tiles/parcels/{z}/{x}/{y}.mvt?scope=mine" in page
        if finders.find("vendor/leaflet.vectorgrid/dist/Leaflet.VectorGrid.bundled.min.js"):
            assert "Leaflet.VectorGrid.bundled.min.js" in page

    def test_the_map_needs_a_login(self):
        assert self.client.get(reverse("web:map")).status_code == 302

    def test_the_map_page_uses_only_local_assets(self):
        self.client.force_login(self.agent_a)
        page = self.client.get(reverse("web:map")).content.decode()
        assert "leaflet" in page
        remote = re.findall(r'(?:src|href)="(https?://[^"]+)"', page)
        assert remote == []

    def test_every_page_answers_in_the_admin_for_a_system_administrator(self):
        from landreg.accounts.roles import Role
        from tests.base import make_user

        admin = make_user("sysadmin", Role.SYSTEM_ADMINISTRATOR, self.country)
        self.client.force_login(admin)
        for name in [
            "parcels_parcel",
            "parties_party",
            "rights_right",
            "territory_administrativeunit",
            "documents_source",
        ]:
            assert self.client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
        change = self.client.get(
            reverse("admin:parcels_parcel_change", args=[self.parcel_a.pk])
        ).content.decode()
        assert "leaflet" in change.lower()
        search = self.client.get(reverse("admin:parcels_parcel_changelist"), {"q": "TC-B"}).content.decode()
        assert "TC-B-00001" in search and "TC-A-00001" not in search
        assert "Registre foncier" in self.client.get(reverse("admin:index")).content.decode()


class LanguageAndStatisticsTests(RegistryTestCase):
    def test_an_english_browser_still_gets_french_until_english_is_chosen(self):
        page = self.client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        assert '<html lang="fr">' in page.content.decode()

    def test_the_home_page_counts_holdings_by_sex_once_each(self):
        from landreg.rights.services import HolderShare, right_register
        from tests.base import make_person

        husband = make_person(self.village_a, "Zongo", "Issa", "M")
        wife = make_person(self.village_a, "Zongo", "Awa")
        right_register(
            parcel=self.parcel_a,
            right_type="ownership",
            holders=[HolderShare(husband, "1/2"), HolderShare(wife, "1/2")],
            tenure_system="formal",
            legal_basis="Titre",
        )
        self.client.force_login(self.agent_a)
        context = self.client.get(reverse("web:home")).context
        assert (context["women_holdings"], context["men_holdings"]) == (2, 1)


class NavigationTests(RegistryTestCase):
    def test_the_menu_leads_to_claims_certificates_and_imports(self):
        self.client.force_login(self.agent_a)
        page = self.client.get(reverse("web:home")).content.decode()
        for name in ["adjudication:claim-list", "certificates:queue", "parcels:import"]:
            assert f'href="{reverse(name)}"' in page, name

    def test_every_page_names_its_icon_so_the_browser_does_not_ask_for_a_missing_one(self):
        # Seen in Chromium: every first page of a visit logged « Failed to load resource: 404 » on the
        # console, the browser's own request for /favicon.ico.
        from django.contrib.staticfiles import finders

        page = self.client.get(reverse("login")).content.decode()
        icon = re.search(r'<link rel="icon" href="/static/([^"]+)"', page)
        assert icon and finders.find(icon.group(1)), page[:600]
        # A JSON document opened in the browser names none: its request for /favicon.ico finds the same icon.
        answer = self.client.get("/favicon.ico")
        assert answer.status_code == 301 and answer["Location"] == f"/static/{icon.group(1)}"
