"""A split parcel's page leads to its parts, and each part's page back to the parcel it came from (here a
family's real field, AC 52 of Épinay-sur-Orge with its neighbours, split in two). Found walking the desk in
Chromium: the split parcel's page had no link to its parts."""

from html import unescape

from django.test import Client

from tests.browser_forms import links
from tests.certificates.real_block import RealBlockCertificateCase


class SplitParcelLinksTests(RealBlockCertificateCase):
    def page(self, parcel) -> str:
        response = self.browser.get(f"/parcels/{parcel.pk}/")
        assert response.status_code == 200
        return unescape(response.content.decode())

    def setUp(self):
        super().setUp()
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.registrar)
        self.browser.cookies["django_language"] = "fr"

    def test_the_parent_links_to_its_parts_and_each_part_back_to_its_parent(self):
        assert "Divisée en" not in self.page(self.real)
        change = self.split()
        parts = sorted(change.new_parcels.all(), key=lambda p: p.number)
        assert len(parts) == 2
        parent = self.page(self.real)
        assert "<dt>Divisée en</dt>" in parent
        for part in parts:
            assert f"/parcels/{part.pk}/" in links(parent)
            assert f'<a href="/parcels/{part.pk}/">{part.number}</a>' in parent
            html = self.page(part)
            assert "<dt>Issue de la division de</dt>" in html
            assert f'<a href="/parcels/{self.real.pk}/">{self.real.number}</a>' in html
            assert "Divisée en" not in html

    def test_in_english_the_page_says_split_into(self):
        self.split()
        self.browser.cookies["django_language"] = "en"
        assert "<dt>Split into</dt>" in self.page(self.real)
