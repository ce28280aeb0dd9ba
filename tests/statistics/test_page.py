"""The statistics page as its users walk it: the menu link, the filter form submitted as rendered, each
figure's chart data, table and CSV link, and the PDF report, followed exactly as the page renders them."""

import csv
import io
import json
import re
from html import unescape
from urllib.parse import urlencode

from django.test import Client
from django.urls import reverse
from django.utils import translation

from landreg.accounts.roles import Role
from landreg.statistics.figures import BUILDERS
from landreg.statistics.scope import scope_for
from landreg.territory.models import UnitLevel
from landreg.territory.services import unit_create
from tests.adjudication.helpers import make_user
from tests.browser_forms import form_with_field, links
from tests.certificates.base import pdf_text
from tests.statistics.helpers import PERIOD, ProgrammeTestCase


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


class StatisticsPageTests(ProgrammeTestCase):
    def browser(self, user) -> Client:
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(user)
        return browser

    def page(self, browser, **filters):
        query = {"start": PERIOD[0].isoformat(), "end": PERIOD[1].isoformat(), **filters}
        return browser.get("/statistics/?" + urlencode(query))

    def test_the_registrar_reads_the_page_follows_every_csv_link_and_the_pdf_as_rendered(self):
        browser = self.browser(self.registrar)
        home = browser.get("/").content.decode()
        self.assertIn("/statistics/", links(home))  # the header menu
        response = self.page(browser)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("Statistiques du programme", html)  # French first
        self.assertIn('name="q" value=""', html)  # the header's search box stays empty
        hrefs = [unescape(href) for href in links(html)]
        csv_links = [href for href in hrefs if re.match(r"/statistics/[a-z-]+\.csv\?", href)]
        self.assertEqual(len(csv_links), len(BUILDERS))
        scope = scope_for(self.registrar, start=PERIOD[0], end=PERIOD[1], commune=self.commune)
        for href in csv_links:
            slug = href.split("?")[0].split("/")[2].removesuffix(".csv")
            download = browser.get(href)
            self.assertEqual(download.status_code, 200, href)
            self.assertIn("attachment;", download["Content-Disposition"])
            self.assertIn(f"{slug}-TC-C-2030-01-01-2030-12-31.csv", download["Content-Disposition"])
            rows = csv_rows(download)
            with translation.override("fr"):
                figure = BUILDERS[slug](scope)
            self.assertEqual(rows, [figure.columns, *figure.csv_rows()], slug)
        per_month = csv_rows(browser.get(next(h for h in csv_links if "per-month" in h)))
        self.assertEqual([row[0] for row in per_month[1:3]], ["2030-01", "2030-02"])  # months a machine reads
        self.assertIn('<th scope="row">janvier 2030</th>', html)  # and people read
        holders = csv_rows(browser.get(next(h for h in csv_links if "holders-by-sex" in h)))
        women_collective = next(r for r in holders if r[0] == "Femmes membres de détentions collectives")
        self.assertEqual(women_collective[1:4], ["3", "3", "23/30"])  # 2/5 + 1/5 + 1/6, exact
        # Each chart has its numbers as data (no inline script) and a table under it.
        charts = json.loads(
            re.search(
                r'<script id="statistics-charts" type="application/json">(.*?)</script>', html, re.S
            ).group(1)
        )
        self.assertEqual(set(charts), set(BUILDERS))
        for slug in BUILDERS:
            self.assertIn(f'data-chart="{slug}"', html)
        self.assertEqual(html.count("<caption>"), len(BUILDERS))
        self.assertIn("/static/vendor/chart.js/dist/chart.umd.min.js", html)
        for script in re.findall(r"<script([^>]*)>", html):
            self.assertTrue("src=" in script or 'type="application/json"' in script, script)
        pdf_link = next(href for href in hrefs if href.startswith("/statistics/report.pdf?"))
        report = browser.get(pdf_link)
        self.assertEqual(report.status_code, 200)
        self.assertEqual(report["Content-Type"], "application/pdf")
        text = pdf_text(report.content)
        self.assertIn("Statistiques du programme foncier", text)
        self.assertIn("Test commune (TC-C)", text)
        self.assertIn("Femmes membres de détentions collectives", text)
        self.assertIn("23/30", text)
        self.assertIn("Page 2", text)

    def test_the_pdf_report_follows_the_language_the_reader_chose(self):
        browser = self.browser(self.registrar)
        query = urlencode({"start": PERIOD[0].isoformat(), "end": PERIOD[1].isoformat()})
        french = pdf_text(browser.get("/statistics/report.pdf?" + query).content)
        self.assertIn("Statistiques du programme foncier", french)
        self.assertIn("Commune de Test commune (TC-C), du 1er janvier 2030 au 31 décembre 2030", french)
        self.assertIn("Femmes membres de détentions collectives 3 3 23/30 0,8 0,8", french)
        self.assertIn("67,8", french)
        # The header's language menu, posted as rendered: Django's set_language keeps the choice in a cookie.
        menu = form_with_field(self.page(browser).content.decode(), "language")
        self.assertEqual(menu.action, reverse("set_language"))
        self.assertEqual(browser.post(menu.action, menu.data(language="en")).status_code, 302)
        english = pdf_text(browser.get("/statistics/report.pdf?" + query).content)
        self.assertIn("Statistics of the land programme", english)
        self.assertIn("Commune of Test commune (TC-C), from 1 January 2030 to 31 December 2030", english)
        self.assertIn("Women members of collective holdings 3 3 23/30 0.8 0.8", english)
        self.assertIn("Women, all holdings — 10 6 1/10 6.1 6.1 67.8", english)
        self.assertIn("January 2030", english)
        self.assertNotIn("Statistiques", english)
        self.assertNotIn("janvier", english)

    def test_the_filter_form_as_rendered_narrows_to_a_village(self):
        browser = self.browser(self.registrar)
        form = form_with_field(self.page(browser).content.decode(), "village")
        self.assertEqual(form.method, "get")
        response = browser.get(form.action + "?" + urlencode(form.data(village="TC-B"), doseq=True))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("Village B (TC-B)", html)
        self.assertNotIn('<th scope="row">Village A (TC-A)</th>', html)
        csv_link = next(unescape(h) for h in links(html) if h.startswith("/statistics/per-village.csv"))
        self.assertIn("village=TC-B", csv_link)
        self.assertEqual(csv_rows(browser.get(csv_link))[1][:2], ["Village B (TC-B)", "1"])

    def test_a_period_ending_before_it_starts_says_so_and_counts_nothing(self):
        browser = self.browser(self.registrar)
        response = self.page(browser, start="2030-06-01", end="2030-01-01")
        self.assertEqual(response.status_code, 400)
        self.assertIn("La fin de la période précède son début", response.content.decode())
        self.assertNotIn("data-chart", response.content.decode())
        bad = browser.get("/statistics/per-month.csv?start=2030-06-01&end=junk")
        self.assertEqual(bad.status_code, 400)
        self.assertEqual(browser.get("/statistics/nothing.csv").status_code, 404)

    def test_another_communes_unit_is_refused_by_the_form(self):
        browser = self.browser(self.registrar)
        response = self.page(browser, commune="TD-C")
        self.assertEqual(response.status_code, 400)
        report = browser.get(
            "/statistics/report.pdf?"
            + urlencode({"commune": "TD-C", "start": "2030-01-01", "end": "2030-12-31"})
        )
        self.assertEqual(report.status_code, 400)

    def test_a_role_on_units_without_villages_yet_finds_the_page_saying_so(self):
        empty = unit_create(level=UnitLevel.COMMUNE, code="TE-C", name="Ɓɛŋ commune", parent=self.region)
        officer = make_user("officer_e", Role.PROGRAMME_OFFICER, empty)
        browser = self.browser(officer)
        self.assertIn("/statistics/", links(browser.get("/").content.decode()))  # the menu shows the link
        response = self.page(browser)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("Aucun village", html)
        self.assertNotIn(".csv", html)
        self.assertEqual(browser.get("/statistics/per-month.csv").status_code, 403)  # nothing to count
        self.assertEqual(browser.get("/statistics/report.pdf").status_code, 403)

    def test_the_other_communes_registrar_sees_only_that_commune(self):
        browser = self.browser(self.registrar_d)
        html = self.page(browser).content.decode()
        self.assertIn("Village D (TD-A)", html)
        self.assertNotIn("Village A", html)
        self.assertNotIn("TC-C", html)

    def test_roles_that_see_statistics_have_the_link_and_the_page_others_neither(self):
        for user in (self.registrar, self.mayor, self.programme):
            browser = self.browser(user)
            self.assertIn("/statistics/", links(browser.get("/").content.decode()), user)
            self.assertEqual(self.page(browser).status_code, 200, user)
        for user in (self.agent_a, self.member_a, self.stranger):
            browser = self.browser(user)
            self.assertNotIn("/statistics/", links(browser.get("/").content.decode()), user)
            self.assertEqual(self.page(browser).status_code, 403, user)
            self.assertEqual(browser.get("/statistics/per-month.csv").status_code, 403, user)
            self.assertEqual(browser.get("/statistics/report.pdf").status_code, 403, user)
        anonymous = Client().get("/statistics/")
        self.assertEqual(anonymous.status_code, 302)
        self.assertIn("/accounts/login/", anonymous["Location"])
