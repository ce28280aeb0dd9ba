"""The public parcel page (no login) says the split or merge a parcel came from, as the land office's page
does (tests/web/test_parcel_split_links.py), with public data only and links only to parcels the public may
see: a part leads to the other parts of its split; the parcel split, retired, has no public page and is
named, not linked. Here a family's real field, AC 52 of Épinay-sur-Orge, split in two, then one part split
again, then merged back. Found on the walk of the land office's paths: a part's public page said nothing of
it."""

import re
from html import unescape

from django.core.cache import cache
from django.test import Client

from landreg.adjudication.changes.later_life import merge_apply, split_apply
from tests.adjudication.real_parcels import halves
from tests.browser_forms import links
from tests.certificates.real_block import PRIVATE, RealBlockCertificateCase


def public_url(parcel) -> str:
    return f"/registre/parcelles/{parcel.pk}/"


def lineage(html: str, kind: str) -> str:
    """The text of the page's line of that kind (« split-from », « split-siblings », « merged-from »)."""
    found = re.search(rf'<dd class="lineage" data-lineage="{kind}">(.*?)</dd>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split()) if found else ""


class PublicSplitLinksTests(RealBlockCertificateCase):
    def setUp(self):
        super().setUp()
        cache.clear()  # the public pages' throttle counts
        self.visitor = Client(enforce_csrf_checks=True)
        self.visitor.cookies["django_language"] = "fr"

    def page(self, parcel, language="fr") -> str:
        self.visitor.cookies["django_language"] = language
        response = self.visitor.get(public_url(parcel))
        assert response.status_code == 200
        return unescape(response.content.decode())

    def parts(self, change):
        return sorted(change.new_parcels.all(), key=lambda p: p.number)

    def test_each_part_names_its_parent_and_links_to_the_other_part_and_back(self):
        assert "Issue de la division de" not in self.page(self.real)
        west, east = self.parts(self.split())
        for part, other in ((west, east), (east, west)):
            html = self.page(part)
            assert "<dt>Issue de la division de</dt>" in html
            # The parcel split is retired: the public has no page of it, its number is said, not linked.
            assert lineage(html, "split-from") == f"{self.real.number} (retirée)"
            assert public_url(self.real) not in links(html)
            assert "<dt>Autres parties de la même division</dt>" in html
            assert f'<a href="{public_url(other)}">{other.number}</a>' in html
            assert lineage(html, "split-siblings") == other.number
            # Only public pages: not the land office's parcel pages, no holder's personal data.
            assert not [href for href in links(html) if href.startswith("/parcels/")]
            for private in PRIVATE:
                assert private not in html, private
        # The link followed, as a visitor clicks it.
        followed = self.visitor.get(public_url(east))
        assert followed.status_code == 200
        assert public_url(west) in links(followed.content.decode())
        assert self.visitor.get(public_url(self.real)).status_code == 404

    def test_in_english(self):
        west, east = self.parts(self.split())
        html = self.page(west, "en")
        assert "<dt>Part of the split of</dt>" in html and "<dt>Other parts of the same split</dt>" in html
        assert lineage(html, "split-from") == f"{self.real.number} (retired)"
        assert "Issue de" not in html and "retirée" not in html and "Autres parties" not in html

    def test_a_part_split_again_is_named_not_linked_and_a_merge_names_what_it_joined(self):
        west, east = self.parts(self.split())
        quarters = self.parts(
            split_apply(
                parcel=west,
                parts=halves(west.geometry),
                actor=self.registrar,
                reason="Vente d’une moitié",
                documents=[],
            )
        )
        html = self.page(east)
        # The western half is retired: no public page to lead to.
        assert lineage(html, "split-siblings") == f"{west.number} (retirée)"
        assert not [href for href in links(html) if href.startswith("/registre/parcelles/")]
        quarter = self.page(quarters[0])
        assert lineage(quarter, "split-from") == f"{west.number} (retirée)"
        assert f'<a href="{public_url(quarters[1])}">{quarters[1].number}</a>' in quarter

        merged = merge_apply(
            parcels=quarters, actor=self.registrar, reason="Remembrement, PV n°9", documents=[]
        ).new_parcels.get()
        html = self.page(merged)
        assert "<dt>Issue de la fusion de</dt>" in html
        assert lineage(html, "merged-from") == ", ".join(f"{q.number} (retirée)" for q in quarters)
        assert "Issue de la division de" not in html
        assert "<dt>Merged from</dt>" in self.page(merged, "en")
