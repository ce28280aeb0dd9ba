"""On a phone (360 px wide, Chromium): the menu is readable on its bar, no page scrolls sideways, and the
keyboard reaches the content. Walked on the demo commune, as the roles that use a phone in the field."""

import io
import os
import shutil

import pytest
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.test import override_settings

from landreg.adjudication.models import ProcedureProfile
from landreg.adjudication.profiles import PRESETS
from landreg.rights.codelists import load_default_right_types
from landreg.rights.models import RightType
from tests.e2e.base import CHROMIUM, CHROMIUM_ARGS

PHONE = {"width": 360, "height": 740}

# Where the link's centre is and whether the topmost element there is the link itself, inside the bar.
MENU_LINKS_ON_THEIR_BAR = """() => {
  const bar = document.querySelector('header.topbar').getBoundingClientRect();
  return [...document.querySelectorAll('header.topbar nav a')].map(a => {
    const r = a.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
    const top = document.elementFromPoint(x, y);
    const inside = r.width > 0 && r.right <= innerWidth && r.bottom <= bar.bottom;
    return {text: a.textContent.trim(), visible: inside && (top === a || a.contains(top))};
  });
}"""


@pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Chromium is installed by scripts/bootstrap.sh")
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class PhoneTests(StaticLiveServerTestCase):
    host = "127.0.0.1"

    @classmethod
    def setUpClass(cls):
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop here
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
        # A live-server test empties the tables between tests: put back what the migrations made.
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
        load_default_right_types(RightType)
        fields = {f.name for f in ProcedureProfile._meta.get_fields()}
        for preset in PRESETS:
            data = {k: v for k, v in preset.items() if k in fields}
            ProcedureProfile.objects.get_or_create(code=data.pop("code"), defaults=data)
        call_command("load_demo", quiet=True, stdout=io.StringIO())
        call_command("load_adjudication_demo", stdout=io.StringIO())
        self.page = self.browser.new_page(viewport=PHONE, locale="fr-FR")

    def tearDown(self):
        self.page.close()

    def log_in(self, username):
        self.page.goto(f"{self.live_server_url}/accounts/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", "demo-landreg")
        self.page.click("main form button[type=submit]")
        self.page.wait_for_url(f"{self.live_server_url}/")

    def assert_fits_the_phone(self):
        url = self.page.url
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{url} is {width} px wide on a {PHONE['width']} px screen"
        hidden = [link["text"] for link in self.page.evaluate(MENU_LINKS_ON_THEIR_BAR) if not link["visible"]]
        assert not hidden, f"{url}: menu links not readable on the bar: {hidden}"

    def test_every_menu_page_fits_a_phone_and_the_keyboard_skips_to_the_content(self):
        for username in ("agent_centre", "guichet"):
            self.log_in(username)
            menu = self.page.eval_on_selector_all("header.topbar nav a", "links => links.map(a => a.href)")
            pages = [u for u in menu if "/api/" not in u and "/admin/" not in u]
            self.page.goto(f"{self.live_server_url}/adjudication/claims/")
            claim_links = self.page.eval_on_selector_all(
                "main table a", "links => links.slice(0, 2).map(a => a.href)"
            )
            for url in [*pages, *claim_links]:
                self.page.goto(url)
                self.assert_fits_the_phone()
            self.page.context.clear_cookies()
        # And in public: the notice board, the home page, the keyboard's way past the menu.
        self.page.goto(f"{self.live_server_url}/adjudication/affichage/SAB-C/")
        self.assert_fits_the_phone()
        self.page.goto(f"{self.live_server_url}/")
        self.assert_fits_the_phone()
        self.page.keyboard.press("Tab")
        skip = self.page.locator(".skip-link")
        assert skip.evaluate("a => a === document.activeElement") and skip.is_visible()
        self.page.keyboard.press("Enter")
        assert self.page.url.endswith("#content")
