"""End to end in headless Chromium (Debian's /usr/bin/chromium driven by Playwright): log in, see the map."""

from tests.e2e.base import BrowserTestCase


class BrowserTests(BrowserTestCase):
    def test_an_agent_logs_in_in_french_and_sees_only_the_parcels_of_their_village_on_the_map(self):
        self.log_in("agent_a")
        assert self.page.locator("html").get_attribute("lang") == "fr"
        self.page.goto(f"{self.live_server_url}/map/")
        # The view fits the register's extent, and the tiles of that view are drawn (static/web/map.js).
        self.page.wait_for_selector("#parcel-map[data-view-fitted]", state="attached")
        self.page.wait_for_selector("#parcel-map path.leaflet-interactive", state="attached")
        shapes = self.page.locator("#parcel-map path.leaflet-interactive")
        numbers = set()
        for index in range(shapes.count()):
            shapes.nth(index).click(force=True)
            numbers.update(
                t.split(" ")[0] for t in self.page.locator(".leaflet-popup-content a").all_inner_texts()
            )
        assert numbers == {"TC-A-00001"}  # village B's parcel, in the same view, is not drawn for agent A
        assert self.remote_requests == []

    def test_the_language_menu_switches_to_english(self):
        self.log_in("agent_b")
        with self.page.expect_navigation():  # choosing a language submits the form and reloads the page
            self.page.select_option("select[name=language]", "en")
        assert self.page.locator("html").get_attribute("lang") == "en"
        assert "Log out" in self.page.content()

    def test_the_registrar_lodges_an_inheritance_from_the_parcel_page(self):
        from landreg.accounts.roles import Role
        from landreg.adjudication.models import Claim
        from tests.base import make_user

        self.use_procedure("bf-apfr")
        make_user("guichet_e2e", Role.REGISTRAR, self.commune)
        self.log_in("guichet_e2e")
        self.page.goto(f"{self.live_server_url}/parcels/{self.parcel_a.pk}/")
        self.page.click("text=Demander une mutation")
        assert "publicité → validation par la commission" in self.page.content()
        self.page.select_option("select[name=kind]", "inheritance")
        self.page.fill("textarea[name=reason]", "Décès de OUÉDRAOGO Aminata")
        self.page.select_option("select[name=right]", str(self.right_a.pk))
        self.page.fill("input[name=holders-0-last_name]", "Ouédraogo")
        self.page.fill("input[name=holders-0-first_names]", "Issa")
        self.page.select_option("select[name=holders-0-sex]", "M")
        self.page.fill("input[name=holders-0-share]", "1")
        self.page.select_option("select[name=source_type]", "customary_attestation")
        self.page.fill("input[name=document_date]", "2026-11-20")
        self.page.fill("input[name=reference]", "AC-7")
        with self.page.expect_navigation():
            self.page.click("text=Déposer la demande")
        application = Claim.objects.get(purpose="inheritance")
        assert application.receipt_number and application.receipt_number in self.page.content()
        assert "Demande de mutation" in self.page.content() and "succession" in self.page.content()
        assert self.remote_requests == []

    def test_pages_and_admin_keep_to_the_content_security_policy(self):
        from landreg.accounts.models import User

        User.objects.create_superuser("root_e2e", password="pw-root_e2e")
        self.log_in("root_e2e")
        for path in ["/", "/map/", "/api/docs/", "/admin/", "/admin/parcels/parcel/", "/ogcapi/"]:
            response = self.page.goto(f"{self.live_server_url}{path}")
            assert response.status == 200, path
            assert "script-src 'self'" in response.headers["content-security-policy"], path
        self.page.goto(f"{self.live_server_url}/admin/parcels/parcel/{self.parcel_a.pk}/change/")
        # django-leaflet's widget starts its map from inline scripts that carry the page's nonce.
        self.page.wait_for_selector(".leaflet-container .leaflet-control-zoom", state="attached")
        self.page.goto(f"{self.live_server_url}/api/docs/")
        self.page.wait_for_selector(".swagger-ui .info", state="attached")  # started from a script file
        assert self.remote_requests == []
