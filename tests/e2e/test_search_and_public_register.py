"""Issue 13 in the browser: a registrar finds a parcel by a misspelt holder name and opens it from the
results, reads the statistics page and downloads a figure's CSV; a visitor without an account finds the
same parcel in the public register and reads it, without the holder's personal data."""

import csv

from landreg.accounts.roles import Role
from tests.base import make_user
from tests.e2e.base import BrowserTestCase


class SearchAndPublicRegisterTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.use_procedure("bf-apfr")  # the law of Burkina Faso makes the holders' names public
        make_user("guichet_e2e", Role.REGISTRAR, self.commune)

    def test_a_misspelt_name_finds_the_parcel_then_the_statistics_and_the_public_register(self):
        page, base = self.page, self.live_server_url
        self.log_in("guichet_e2e")

        # "Wedrago" for Ouédraogo: typed in the header's search box, as a clerk would.
        page.fill("header input[name=q]", "Wedrago")
        with page.expect_navigation():
            page.press("header input[name=q]", "Enter")
        assert "OUÉDRAOGO Aminata" in page.locator("main").inner_text()
        with page.expect_navigation():
            page.click(f"main a:text-is('{self.parcel_a.number}')")
        assert page.url == f"{base}/parcels/{self.parcel_a.pk}/"
        assert "OUÉDRAOGO Aminata" in page.locator("main").inner_text()

        # The statistics page from the menu: holder A is a woman holding her parcel alone.
        with page.expect_navigation():
            page.click("header nav a:text-is('Statistiques')")
        row = page.locator("#holders-by-sex tbody tr", has_text="Femmes détenant seules")
        assert row.locator("td").nth(0).inner_text() == "1"  # persons
        with page.expect_download() as download:
            page.click("#holders-by-sex a[download]")
        with open(download.value.path(), encoding="utf-8-sig", newline="") as f:
            rows = {line[0]: line for line in csv.reader(f)}
        assert rows["Femmes détenant seules"][1:3] == ["1", "1"]  # persons, holdings
        assert rows["Hommes détenant seuls"][1:3] == ["0", "0"]

        # A visitor without an account: the public register from the menu, the parcel by its number.
        visitor = self.browser.new_page()
        visitor.goto(f"{base}/")
        with visitor.expect_navigation():
            visitor.click("header nav a:text-is('Registre foncier public')")
        visitor.fill("main input[name=q]", self.parcel_a.number)
        with visitor.expect_navigation():
            visitor.click("main button:text-is('Chercher dans le registre')")
        with visitor.expect_navigation():
            visitor.click(f"main a:text-is('{self.parcel_a.number}')")
        text = visitor.locator("main").inner_text()
        assert "1\u00a0ha\u00a000\u00a0a\u00a000\u00a0ca" in text
        assert "Possession coutumière" in text
        assert "OUÉDRAOGO Aminata" in text
        html = visitor.content()
        assert "B12345678" not in html and "Réo" not in html
        visitor.close()
        assert self.remote_requests == []

    def test_a_visitor_opens_a_parcel_from_the_public_map(self):
        page = self.page
        page.goto(f"{self.live_server_url}/registre/carte/")
        # The view fits the register's extent, and the tiles of that view are drawn (static/web/map.js).
        page.wait_for_selector("#parcel-map[data-view-fitted]", state="attached")
        page.wait_for_selector("#parcel-map path.leaflet-interactive", state="attached")
        shapes = page.locator("#parcel-map path.leaflet-interactive")
        links = set()
        for index in range(shapes.count()):
            shapes.nth(index).click(force=True)
            for link in page.locator(".leaflet-popup-content a").all():
                links.add(link.get_attribute("href"))
        # Both villages' parcels are public; each opens its page in the public register.
        assert links == {f"/registre/parcelles/{p.pk}/" for p in (self.parcel_a, self.parcel_b)}
        page.goto(f"{self.live_server_url}{min(links)}")
        assert page.locator("main h1").inner_text().startswith("Parcelle TC-")
        assert self.remote_requests == []
