"""On a phone (360 px wide, Chromium): the menu is readable on its bar, no page scrolls sideways, and the
keyboard reaches the content. Walked on the demo commune, as the roles that use a phone in the field."""

import io

from django.core.management import call_command
from django.test import override_settings

from tests.e2e.base import BrowserTestCase

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


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class PhoneTests(BrowserTestCase):
    page_options = {"viewport": PHONE, "locale": "fr-FR"}

    def set_up_data(self):
        self.load_procedures()
        call_command("load_demo", quiet=True, stdout=io.StringIO())
        call_command("load_adjudication_demo", stdout=io.StringIO())

    def password_of(self, username: str) -> str:
        return "demo-landreg"  # the demo's logins

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

    def test_the_agents_claim_form_fits_a_phone(self):
        # Seen in Chromium at 390 px: the claim form was 495 px wide, the fieldset of each person as wide as
        # its list of registered persons (a fieldset's min-width is its content's by default).
        self.log_in("agent_centre")
        self.page.goto(f"{self.live_server_url}/adjudication/claims/new/")
        self.assert_fits_the_phone()
        self.page.check("input[name=holding][value=collective]")  # the group's and members' fieldsets
        self.page.evaluate("window.scrollTo(0, 0)")  # the menu back in sight, as the check reads it
        self.assert_fits_the_phone()
