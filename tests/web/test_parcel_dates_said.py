"""The parcel page writes its dates day first in English too, as every other page of the registry does.

Before: its version and history were written with Django's short format for the language, so the English page
said « 12/06/2026 9:49 p.m. » for 6 December beside « since 06/12/2026 » in the rights above it."""

from django.test import Client

from tests.adjudication.helpers import AdjudicationTestCase


class ParcelDatesTests(AdjudicationTestCase):
    def test_the_english_parcel_page_writes_the_day_first(self):
        parcel = self.parcel_held(3000)  # recorded on 7 January 2030, 09:00 UTC (the frozen clock)
        browser = Client()
        browser.cookies["django_language"] = "en"
        browser.force_login(self.registrar)
        page = browser.get(f"/parcels/{parcel.pk}/").content.decode()
        assert "07/01/2030" in page and "01/07/2030" not in page, page[page.find("History") :][:1500]
