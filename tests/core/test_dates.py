"""The long date: « 1er janvier » in French, on pages and papers alike (landreg.core.dates.long_date)."""

import datetime as dt
import zoneinfo

from django.test import SimpleTestCase, override_settings
from django.urls import reverse
from django.utils import translation

from landreg.core.dates import long_date
from tests.adjudication.pdf import pdf_text
from tests.certificates.base import CertificateTestCase


class LongDateTests(SimpleTestCase):
    def test_the_first_of_the_month_is_written_1er_in_french(self):
        with translation.override("fr"):
            assert long_date(dt.date(2027, 1, 1)) == "1er janvier 2027"
            assert long_date(dt.date(2026, 3, 1)) == "1er mars 2026"

    def test_other_days_are_written_as_numbers_in_french(self):
        with translation.override("fr"):
            assert long_date(dt.date(2027, 1, 2)) == "2 janvier 2027"
            assert long_date(dt.date(2027, 1, 11)) == "11 janvier 2027"
            assert long_date(dt.date(2027, 1, 21)) == "21 janvier 2027"

    def test_english_keeps_the_cardinal(self):
        with translation.override("en"):
            assert long_date(dt.date(2027, 1, 1)) == "1 January 2027"

    @override_settings(TIME_ZONE="Africa/Ouagadougou")
    def test_a_moment_is_written_as_the_day_where_the_office_is(self):
        moment = dt.datetime(2027, 2, 28, 23, 30, tzinfo=zoneinfo.ZoneInfo("Africa/Nairobi"))  # 20:30 UTC
        with translation.override("fr"):
            assert long_date(moment) == "28 février 2027"
            assert long_date(moment + dt.timedelta(hours=4)) == "1er mars 2027"

    def test_no_day_is_a_dash(self):
        assert long_date(None) == "—"


class LongDateOnPagesAndPapersTests(CertificateTestCase):
    def test_a_certificate_issued_on_the_first_reads_1er_on_its_page(self):
        certificate = self.issue(issue_date=dt.date(2026, 3, 1))
        self.client.force_login(self.registrar)
        page = self.client.get(
            reverse("certificates:detail", args=[certificate.pk]), HTTP_ACCEPT_LANGUAGE="fr"
        ).content.decode()
        assert "1er mars 2026" in page, page
        assert "1 mars 2026" not in page

    def test_the_notice_board_posted_on_the_first_reads_1er(self):
        from landreg.adjudication.notice.boards import notice_board_pdf

        with translation.override("fr"):
            text = pdf_text(notice_board_pdf(village=self.village_a, claims=[], today=dt.date(2027, 1, 1)))
        assert "Affiché le 1er janvier 2027" in text, text
