"""The demo is shown to land offices: an address that leads nowhere, or an error of the registry, answers with
the registry's own page in the visitor's language, never Django's technical page (settings, paths, code).
Demo mode no longer turns DEBUG on; it stays plain HTTP on 127.0.0.1."""

import os
import subprocess
import sys
from html import unescape
from pathlib import Path

from django.test import Client, override_settings
from django.urls import path

from tests.base import RegistryTestCase

ROOT = Path(__file__).resolve().parents[2]


def failing_view(request):
    raise RuntimeError("Ɓ a bug in a view")


urlpatterns = [path("boom/", failing_view)]


READ_SETTINGS = "from django.conf import settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT)"


def demo_settings(**env) -> str:
    """DEBUG and the HTTPS redirect as a process started like `make demo` has them."""
    base = {k: v for k, v in os.environ.items() if k not in {"DJANGO_DEBUG", "SECRET_KEY"}}
    result = subprocess.run(
        [sys.executable, "-c", READ_SETTINGS],
        cwd=ROOT,
        env={**base, "LANDREG_DEMO": "1", "DJANGO_SETTINGS_MODULE": "landreg.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_demo_runs_without_django_s_technical_pages_and_over_plain_http():
    assert demo_settings() == "False False"
    assert demo_settings(DJANGO_DEBUG="1") == "True False"  # a developer asks for them


class ErrorPageTests(RegistryTestCase):
    def page(self, address: str, language: str, browser=None):
        browser = browser or Client(raise_request_exception=False)
        browser.cookies["django_language"] = language
        response = browser.get(address)
        return response, unescape(response.content.decode())

    def test_an_address_that_leads_nowhere_shows_the_registry_s_page_in_french_and_english(self):
        response, french = self.page("/parcelles-de-kɔnɛ/", "fr")
        assert response.status_code == 404
        assert '<html lang="fr"' in french and "<h1>Page introuvable</h1>" in french
        assert "Il n’y a pas de page à cette adresse" in french and 'href="/"' in french
        response, english = self.page("/parcelles-de-kɔnɛ/", "en")
        assert response.status_code == 404 and '<html lang="en"' in english
        assert "<h1>Page not found</h1>" in english and "There is no page at this address" in english

    def test_a_logged_in_user_keeps_the_registry_s_header_on_the_page(self):
        browser = Client(raise_request_exception=False)
        browser.force_login(self.agent_a)
        response, french = self.page("/parcels/00000000-0000-0000-0000-000000000000/", "fr", browser)
        assert response.status_code == 404 and "<h1>Page introuvable</h1>" in french
        assert "Se déconnecter" in french

    @override_settings(ROOT_URLCONF=__name__)
    def test_an_error_of_the_registry_shows_its_own_page_without_the_error_s_details(self):
        response, french = self.page("/boom/", "fr")
        assert response.status_code == 500
        assert "<h1>Erreur du serveur</h1>" in french and "réessayez" in french.lower()
        assert "RuntimeError" not in french and "a bug in a view" not in french
        response, english = self.page("/boom/", "en")
        assert response.status_code == 500 and '<html lang="en"' in english
        assert "<h1>Server error</h1>" in english and "tell the system administrator" in english


class RefusedPageTests(RegistryTestCase):
    """A page the user's roles do not give (the backups to a registrar, the statistics to a field agent)
    answered Django's bare « 403 Forbidden » in English, without the registry's header or a way back."""

    def page(self, user, address: str, language: str):
        browser = Client(raise_request_exception=False)
        browser.force_login(user)
        browser.cookies["django_language"] = language
        response = browser.get(address)
        return response, unescape(response.content.decode())

    def test_a_refused_page_is_the_registry_s_own_in_french_and_english(self):
        response, french = self.page(self.agent_a, "/backups/", "fr")
        assert response.status_code == 403
        assert '<html lang="fr"' in french and "<h1>Accès refusé</h1>" in french
        assert "Vos rôles ne vous donnent pas cette page" in french and "Se déconnecter" in french
        assert "Forbidden" not in french
        response, english = self.page(self.agent_a, "/backups/", "en")
        assert response.status_code == 403 and '<html lang="en"' in english
        assert "<h1>Access refused</h1>" in english and "Your roles do not give you this page" in english
        assert "Accès" not in english

    def test_the_refusal_s_own_reason_is_said(self):
        response, french = self.page(self.agent_a, "/statistics/", "fr")
        assert response.status_code == 403
        assert "Vos rôles ne vous donnent accès à aucune statistique." in french
        response, english = self.page(self.agent_a, "/statistics/", "en")
        assert "Your roles give you no statistics to see." in english
