"""A form is sent once however quickly its button is clicked twice (static/web/landreg.js)."""

from django.contrib.gis.geos import MultiPolygon

from landreg.adjudication.models import Claim
from landreg.core.geometry import to_srid
from tests.e2e.base import BrowserTestCase
from tests.geometries import square


class DoubleSubmitTests(BrowserTestCase):
    def test_a_double_click_on_save_records_one_draft_claim(self):
        # Seen walking the demo as agent_centre: a double click on « Enregistrer le brouillon », two drafts.
        self.use_procedure("bf-apfr")
        self.village_a.boundary = MultiPolygon(square(-400, -400, side=1000))
        self.village_a.save(update_fields=["boundary"])
        self.log_in("agent_a")
        self.page.goto(f"{self.live_server_url}/adjudication/claims/new/")
        self.page.wait_for_selector(".boundary-editor[data-ready]", state="attached")
        self.page.fill("textarea[name=geometry]", to_srid(square(300, 300, side=40), 4326).geojson)
        self.page.check("input[name=holding][value=individual]")
        self.page.fill("input[name=holders-0-last_name]", "Ŋaaba")
        self.page.fill("input[name=holders-0-first_names]", "Ɛlisabɛt")
        self.page.select_option("select[name=holders-0-sex]", "F")
        self.page.fill("input[name=holders-0-share]", "1")
        # Two clicks in a row, each firing the form's submit as a click does: the page lets the first through
        # and stops the second (a listener added here counts the sends, and stops them to stay on the page).
        sent = self.page.evaluate(
            """() => { const button = document.querySelector("button[name=save]"), form = button.form;
              let sent = 0;
              const count = (event) => {
                if (!event.defaultPrevented) { sent += 1; }
                event.preventDefault();
              };
              form.addEventListener("submit", count);
              form.requestSubmit(button); form.requestSubmit(button);
              form.removeEventListener("submit", count);
              delete form.dataset.sending;
              return sent; }"""
        )
        assert sent == 1
        with self.page.expect_navigation():
            self.page.dblclick("button[name=save]")
        self.page.wait_for_load_state("networkidle")
        assert "Brouillon enregistré" in self.page.content()
        assert Claim.objects.filter(claimants__first_names="Ɛlisabɛt").distinct().count() == 1
