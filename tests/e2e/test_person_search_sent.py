"""What the walk of the demo found on the agent's claim form, in Chromium: « Trouver une personne
enregistrée », « bationo tene » typed and « Rechercher » pressed, and the page came back with the box
empty and the whole village still listed in each row. The page's script (static/web/landreg.js), which
disables a form's buttons while it is sent, took the search box (an input without a type attribute, a
text field to the browser) for a button and disabled it, and a disabled field is not sent. The box is now
sent: the rows list the matches and the box keeps what was typed; the buttons are still held while the
form is sent."""

from django.test import override_settings

from tests.base import make_person
from tests.e2e.base import BrowserTestCase


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class PersonSearchSentTests(BrowserTestCase):
    page_options = {"locale": "fr-FR"}

    def set_up_data(self):
        super().set_up_data()
        self.use_procedure("generic")
        self.tene = make_person(self.village_a, "Bationo", "Téné", "F")
        make_person(self.village_a, "Ŋaba", "Ɛlisabɛt", "F")

    def test_the_person_search_on_the_claim_form_is_sent_and_shortens_the_lists(self):
        self.log_in("agent_a")
        self.page.goto(f"{self.live_server_url}/adjudication/claims/new/")
        self.page.fill("input[name=person_q]", "bationo tene")
        with self.page.expect_navigation():
            self.page.click("button[name=search]")
        assert self.page.input_value("input[name=person_q]") == "bationo tene"
        listed = self.page.eval_on_selector_all(
            "select[name=holders-0-party] option", "options => options.map(o => o.value)"
        )
        assert listed == ["", str(self.tene.pk)], listed

    def test_while_sent_the_buttons_are_held_and_the_search_box_is_not(self):
        self.log_in("agent_a")
        self.page.goto(f"{self.live_server_url}/adjudication/claims/new/")
        self.page.fill("input[name=person_q]", "Ŋaba")
        stop_sending = "window.addEventListener('submit', (event) => event.preventDefault(), {once: true})"
        self.page.evaluate(stop_sending)
        self.page.click("button[name=search]")
        assert self.page.locator("button[name=search]").is_disabled()
        assert self.page.locator("button[name=save]").is_disabled()
        assert self.page.locator("input[name=person_q]").is_enabled()
