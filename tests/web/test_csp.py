"""Content-Security-Policy: scripts and styles come from our static files only, and our pages need nothing
else (the browser test in tests/e2e fails on any violation Chromium reports)."""

import re

from django.urls import reverse

from tests.base import RegistryTestCase

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_ATTRIBUTE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE = re.compile(r"<style\b|<[^>]+\sstyle\s*=", re.I)


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


class PolicyTests(RegistryTestCase):
    def test_pages_allow_scripts_and_styles_from_the_site_only(self):
        policy = directives(self.client.get(reverse("web:home")))
        assert policy["script-src"] == ["'self'"]  # no nonce: the page asked for none
        assert policy["style-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]

    def test_the_admin_map_widget_gets_a_nonce_and_the_admin_its_inline_styles(self):
        self.mayor.is_staff = self.mayor.is_superuser = True
        self.mayor.save()
        self.client.force_login(self.mayor)
        response = self.client.get(f"/admin/parcels/parcel/{self.parcel_a.pk}/change/")
        assert response.status_code == 200
        policy = directives(response)
        nonce = next(item for item in policy["script-src"] if item.startswith("'nonce-"))
        assert f'nonce="{nonce[7:-1]}"' in response.content.decode()
        assert "'unsafe-inline'" in policy["style-src"]
        assert "'unsafe-inline'" not in policy["script-src"]


class PagesWithoutInlineCodeTests(RegistryTestCase):
    def assert_no_inline_code(self, path):
        response = self.client.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        assert not INLINE_SCRIPT.search(page), (path, INLINE_SCRIPT.search(page).group(0))
        assert not EVENT_ATTRIBUTE.search(page), (path, EVENT_ATTRIBUTE.search(page).group(0))
        assert not STYLE.search(page), (path, STYLE.search(page).group(0))

    def test_public_pages(self):
        for path in ["/", "/accounts/login/", "/adjudication/affichage/", "/ogcapi/", "/api/docs/"]:
            self.assert_no_inline_code(path)

    def test_the_pages_of_a_field_agent(self):
        self.client.force_login(self.agent_a)
        for path in [
            "/",
            "/map/",
            f"/parcels/{self.parcel_a.pk}/",
            "/adjudication/claims/",
            "/adjudication/claims/new/",
            "/certificates/",
            "/parcels/import/",
        ]:
            self.assert_no_inline_code(path)

    def test_the_map_is_started_from_a_static_file_with_its_options_as_data(self):
        self.client.force_login(self.agent_a)
        page = self.client.get("/map/").content.decode()
        assert 'id="parcel-map"' in page and "data-centre=" in page and "data-zoom=" in page
        assert "web/map.js" in page
        scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page)
        assert all('type="application/json"' in tag for tag in scripts), scripts  # no inline code

    def test_the_language_menu_submits_itself_from_the_shared_script(self):
        page = self.client.get("/").content.decode()
        assert "data-submit-on-change" in page and "web/landreg.js" in page
