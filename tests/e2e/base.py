"""Headless Chromium (Debian's /usr/bin/chromium driven by Playwright) against a live server: the set-up
every browser test shares (launch flags for a closed network, the fixed cast, a log-in helper)."""

import os
import shutil

import pytest
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.core.management.sql import emit_post_migrate_signal

from landreg.adjudication.models import ProcedureProfile
from landreg.adjudication.profiles import PRESETS, profile_assign
from landreg.rights.codelists import load_default_right_types
from landreg.rights.models import RightType
from tests.base import RegistryTestCase

CHROMIUM = os.environ.get("LANDREG_CHROMIUM", "/usr/bin/chromium")
# Flags for a closed network: no background calls to Google services that would only time out here.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Chromium is installed by scripts/bootstrap.sh")
class BrowserTestCase(StaticLiveServerTestCase):
    host = "127.0.0.1"
    page_options: dict = {"locale": "en-US"}  # how each test's page opens (a phone's viewport, a locale)

    @classmethod
    def setUpClass(cls):
        # Playwright's sync API runs an event loop in this thread; the ORM calls here are plain test set-up.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        super().setUpClass()
        from playwright.sync_api import sync_playwright

        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    def setUp(self):
        # Live-server and concurrency test cases empty the tables between tests (content types, permissions
        # and code lists included, depending on the order they run in): put back what migrations made.
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
        load_default_right_types(RightType)
        self.set_up_data()
        self.page = self.browser.new_page(**self.page_options)
        self.remote_requests = []
        self.page.on(
            "request",
            lambda request: (
                None
                if request.url.startswith(self.live_server_url)
                else self.remote_requests.append(request.url)
            ),
        )

        # The Content-Security-Policy forbids inline scripts and styles: Chromium reports each refusal on the
        # console, and every browser test fails if a page it walked broke the policy.
        self.csp_violations = []
        self.page.on(
            "console",
            lambda message: (
                self.csp_violations.append(f"{self.page.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )

    def tearDown(self):
        self.page.close()
        assert self.csp_violations == [], self.csp_violations

    def set_up_data(self):
        """The fixed cast of tests.base.RegistryTestCase; a test walking the demo commune loads that."""
        RegistryTestCase.setUpTestData.__func__(type(self))

    def password_of(self, username: str) -> str:
        return f"pw-{username}"  # tests.base.make_user's

    def log_in(self, username):
        self.page.goto(f"{self.live_server_url}/accounts/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", self.password_of(username))
        self.page.click("main form button[type=submit]")
        self.page.wait_for_url(f"{self.live_server_url}/")

    @staticmethod
    def load_procedures():
        """Put back the procedure presets: live-server tests empty what the data migrations filled."""
        fields = {f.name for f in ProcedureProfile._meta.get_fields()}
        for preset in PRESETS:
            data = {k: v for k, v in preset.items() if k in fields}
            ProcedureProfile.objects.get_or_create(code=data.pop("code"), defaults=data)

    def use_procedure(self, code: str = "bf-apfr"):
        """The procedure presets, and one of them assigned to the test commune."""
        self.load_procedures()
        profile_assign(commune=self.commune, profile=ProcedureProfile.objects.get(code=code))
