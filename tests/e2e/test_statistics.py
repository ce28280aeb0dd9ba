"""The statistics page in the browser: the mayor opens it from the menu, Chart.js draws each chart from the
page's data (no inline script, nothing from the internet), and the CSV under a chart downloads."""

from fractions import Fraction
from pathlib import Path

from landreg.parcels.services import parcel_record
from landreg.parties.models import GroupType, PartyKind
from landreg.parties.services import MemberShare, group_set_members, party_create
from landreg.rights.services import HolderShare, right_register
from tests.base import make_person
from tests.e2e.base import BrowserTestCase
from tests.geometries import square


class StatisticsBrowserTests(BrowserTestCase):
    def holdings(self):
        """Beside the cast's woman holding alone: a joint holding and a family, in village A."""
        kone, zongo = (
            make_person(self.village_a, "Kɔnɛ", "Awa"),
            make_person(self.village_a, "Zongo", "Paul", sex="M"),
        )
        right_register(
            parcel=parcel_record(village=self.village_a, geometry=square(2000, 0), survey_method="gps"),
            right_type="customaryType",
            holders=[HolderShare(kone, Fraction(1, 3)), HolderShare(zongo, Fraction(2, 3))],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN",
        )
        family = party_create(
            kind=PartyKind.GROUP, village=self.village_a, name="Famille Ŋaba", group_type=GroupType.FAMILY
        )
        group_set_members(
            group=family,
            members=[
                MemberShare(make_person(self.village_a, "Ɓibata", "Kaboré"), "1/2", True),
                MemberShare(zongo, "1/2"),
            ],
        )
        right_register(
            parcel=parcel_record(village=self.village_a, geometry=square(2400, 0), survey_method="gps"),
            right_type="commonOwnership",
            holders=[HolderShare(family)],
            tenure_system="customary",
            legal_basis="Coutume",
        )

    def test_the_mayor_reads_the_charts_and_downloads_a_figure_as_csv(self):
        self.holdings()
        self.log_in("mayor")
        self.page.click("nav a[href='/statistics/']")
        self.page.wait_for_url(f"{self.live_server_url}/statistics/")
        # Every chart is drawn by Chart.js on its canvas, with the numbers of the table under it.
        self.page.wait_for_function("document.querySelectorAll('canvas[data-chart]').length > 0")
        drawn = self.page.evaluate(
            """() => Array.from(document.querySelectorAll('canvas[data-chart]')).map(canvas => {
                const chart = Chart.getChart(canvas);
                const data = chart ? chart.data.datasets.map(d => d.data) : null;
                return [canvas.dataset.chart, data, canvas.width];
            })"""
        )
        assert len(drawn) == 8, drawn
        for slug, datasets, width in drawn:
            assert datasets is not None and width > 0, slug
        # The tooltip's words come from the page's catalogue (French: a narrow no-break space before ":").
        tooltip = self.page.evaluate(
            """() => Chart.getChart(document.querySelector('canvas[data-chart]')).options.plugins.tooltip
                .callbacks.label({dataset: {label: 'Femmes'}, formattedValue: '3'})"""
        )
        french = self.page.evaluate("() => document.documentElement.lang") == "fr"
        assert tooltip == ("Femmes\u202f: 3" if french else "Femmes: 3"), tooltip
        holders = dict((slug, datasets) for slug, datasets, _ in drawn)["holders-by-sex"]
        # Women: 1 alone, 1/3 jointly, 1/2 as a member of the family; men: 2/3 jointly, 1/2 in the family.
        assert holders == [[1, 1 / 3, 0.5], [0, 2 / 3, 0.5]], holders
        row = self.page.locator("#holders-by-sex tbody tr").first
        assert row.locator("td").nth(2).inner_text() == "1"
        with self.page.expect_download() as download_info:
            self.page.click("#holders-by-sex a[href*='holders-by-sex.csv']")
        download = download_info.value
        assert download.suggested_filename.startswith("holders-by-sex-TC-C-"), download.suggested_filename
        text = Path(download.path()).read_text(encoding="utf-8-sig")
        lines = text.splitlines()
        assert lines[0].split(",")[0] in ("Titulaires", "Holders")
        assert lines[5].split(",")[1:4] == ["1", "1", "1/2"], lines  # women members of collective holdings
        assert self.remote_requests == []
