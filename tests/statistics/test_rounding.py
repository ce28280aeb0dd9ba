"""The statistics print their decimals rounded to the nearest tenth, as the CSV rounds them, never cut: the
demo's page read women 54,1 % and men 45,8 % of the shares (45,896 cut), 99,9 % in all."""

import re
from decimal import ROUND_HALF_UP, Decimal
from html import unescape
from urllib.parse import urlencode

from django.test import Client, SimpleTestCase
from django.utils import translation

from landreg.statistics.figure import display
from landreg.statistics.holders import holders_by_sex
from landreg.statistics.scope import scope_for
from tests.statistics.helpers import PERIOD, ProgrammeTestCase


def tenth(value: float) -> str:
    return str(Decimal(repr(value)).quantize(Decimal("0.1"), ROUND_HALF_UP)).replace(".", ",")


class DisplayTests(SimpleTestCase):
    def test_a_decimal_is_rounded_half_up_to_the_tenth_not_cut(self):
        with translation.override("fr"):
            self.assertEqual(display(61.5 / 134 * 100), "45,9")  # the demo's men's part of the shares
            self.assertEqual(display(2.96), "3,0")
            self.assertEqual(display(0.25), "0,3")
            self.assertEqual(display(12.04), "12,0")
        with translation.override("en"):
            self.assertEqual(display(2.96), "3.0")


class StatisticsPageRoundingTests(ProgrammeTestCase):
    def test_the_holders_table_prints_each_hectare_and_percentage_rounded_as_the_user_reads_it(self):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.registrar)
        query = {"start": PERIOD[0].isoformat(), "end": PERIOD[1].isoformat()}
        html = browser.get("/statistics/?" + urlencode(query)).content.decode()
        section = re.search(r'<section[^>]*id="holders-by-sex".*?</section>', html, re.S).group(0)
        printed = {
            unescape(label): [unescape(cell) for cell in re.findall(r'<td class="number">(.*?)</td>', cells)]
            for label, cells in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', section, re.S)
        }
        with translation.override("fr"):
            figure = holders_by_sex(scope_for(self.registrar, start=PERIOD[0], end=PERIOD[1]))
            rows = [(str(label), *values) for label, *values in figure.rows]
        for label, *values in rows:
            hectares, part = values[4], values[5]
            self.assertEqual(printed[label][4], tenth(hectares), label)
            if part is not None:
                self.assertEqual(printed[label][5], tenth(part), label)
