"""A move button clicked twice in Chromium is sent once, with its name and value (static/web/landreg.js), and
works again when the user comes back to the page."""

from django.test import override_settings

from landreg.adjudication.claims.services import ClaimantInput, claim_attach_documents, claim_draft
from landreg.adjudication.models import ClaimEvent
from landreg.adjudication.states import ClaimState
from landreg.core import clock
from landreg.documents.services import source_attach
from tests.e2e.base import BrowserTestCase
from tests.geometries import square


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class SubmitOnceTests(BrowserTestCase):
    def set_up_data(self):
        super().set_up_data()
        self.use_procedure("generic")
        self.claim = claim_draft(
            actor=self.agent_a,
            village=self.village_a,
            geometry=square(100, 0),
            right_type="customaryType",
            claimants=[ClaimantInput(last_name="Kabore", first_names="Salif", sex="M", share="1")],
        )
        form = source_attach(
            source_type="application_form", document_date=clock.today(), village=self.village_a
        )
        claim_attach_documents(claim=self.claim, actor=self.agent_a, documents=[form])

    def test_a_move_button_clicked_twice_sends_the_move_once_with_its_value(self):
        self.log_in("agent_a")
        claim_url = f"{self.live_server_url}/adjudication/claims/{self.claim.pk}/"
        self.page.goto(claim_url)
        move = "form[action$='/moves/submit/']"
        button = self.page.locator(f"{move} button[name=move]")

        # Once the form is sent, its button is disabled and its name and value go with the form in a hidden
        # copy (a disabled button is not sent). The sending is stopped here, after the page's own handler.
        self.page.evaluate(
            "window.addEventListener('submit', (event) => event.preventDefault(), {once: true})"
        )
        button.click()
        assert button.is_disabled()
        copy = self.page.locator(f"{move} input[data-submitter-copy]")
        assert (copy.get_attribute("name"), copy.get_attribute("value")) == ("move", "submit")
        # Coming back to the page (pageshow) gives the button back, without the copy.
        self.page.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
        assert button.is_enabled() and copy.count() == 0

        # Double-clicked for real: the move is sent once, with the button's value.
        posts = []
        self.page.on("request", lambda r: posts.append(r.post_data or "") if r.method == "POST" else None)
        with self.page.expect_navigation():
            button.dblclick()
        self.page.wait_for_url(claim_url)
        assert len(posts) == 1, posts
        assert "move=submit" in posts[0] and "submission_token=" in posts[0]
        self.claim.refresh_from_db()
        assert self.claim.state == ClaimState.SUBMITTED
        assert ClaimEvent.objects.filter(claim=self.claim, move="submit").count() == 1
        assert "C’est fait" in self.page.content() or "Done" in self.page.content()
