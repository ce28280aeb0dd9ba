"""A draft application for a change is named on its pages by its kind and parcel (« Vente — parcelle … »),
as the page that drafts it is: a draft has no receipt number yet, and its page was titled by a fragment of
its id."""

import re
from html import unescape

from landreg.adjudication.models import Claim
from tests.adjudication.test_consents import ConsentSetup
from tests.browser_forms import flat, form_with_field


def heading(html: str) -> str:
    return unescape(re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)).strip()


class DraftChangeHeadingTests(ConsentSetup):
    def draft_sale_from_the_parcel_page(self) -> Claim:
        self.client.force_login(self.registrar)
        url = f"/adjudication/parcels/{self.parcel.pk}/change/"
        form = form_with_field(self.client.get(url).content.decode(), "kind")
        buyer = {"holders-0-last_name": "Zongo", "holders-0-first_names": "Ɓila", "holders-0-sex": "M"}
        body = form.data(kind="sale", reason="Vente, acte n°4", right=str(self.joint.pk), **buyer)
        self.client.post(url, flat({**body, "holders-0-share": ["1"]}))
        claim = Claim.objects.get(purpose="sale")
        assert claim.state == "draft" and not claim.receipt_number
        return claim

    def test_the_draft_sale_is_titled_by_its_kind_and_parcel_on_its_page(self):
        claim = self.draft_sale_from_the_parcel_page()
        page = self.client.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        assert heading(page) == f"Vente — parcelle {self.parcel.number}", heading(page)
        assert str(claim.pk)[:8] not in heading(page)
        assert f"<title>Vente — parcelle {self.parcel.number}" in unescape(page)

    def test_its_consents_page_names_it_the_same_way(self):
        claim = self.draft_sale_from_the_parcel_page()
        page = self.client.get(f"/adjudication/claims/{claim.pk}/consents/").content.decode()
        assert heading(page) == f"Consentements des codétenteurs — Vente — parcelle {self.parcel.number}"

    def test_in_english_too(self):
        claim = self.draft_sale_from_the_parcel_page()
        self.client.cookies["django_language"] = "en"
        page = self.client.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        assert heading(page) == f"Sale — parcel {self.parcel.number}", heading(page)
