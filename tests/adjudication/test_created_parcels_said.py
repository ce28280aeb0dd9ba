"""An approved application's page says « Parcelles issues » (resulting parcels) for a split or a merge only,
the parcels it made; an approved mortgage or lease listed its own parcel there, as if it had made it (the walk
of the land office's paths)."""

import json
import re
from html import unescape

from django.test import Client

from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.claims import transitions as t
from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimState
from tests.adjudication.helpers import AdjudicationTestCase
from tests.adjudication.mortgage_cast import CREDITOR_NAME, DEED
from tests.browser_forms import flat, form_with_field
from tests.geometries import square

MORTGAGE = {
    "kind": "mortgage",
    "reason": "Crédit de campagne agricole",
    "creditor_name": CREDITOR_NAME,
    "start_date": "2030-01-07",
    "amount": "2500000",
    "currency": "XOF",
    "deed_reference": DEED,
    "deed_date": "2030-01-03",
    "source_type": "deed",
    "document_date": "2030-01-03",
    "reference": "H-2030-014",
}
LEASE = {
    "kind": "lease",
    "reason": "Bail de culture maraîchère",
    "holders-0-last_name": "Sɔmda",
    "holders-0-first_names": "Ɛlise",
    "holders-0-sex": "F",
    "legal_basis": "Contrat de bail n° B-2030-004",
    "start_date": "2030-01-01",
    "end_date": "2032-12-31",
    "source_type": "deed",
    "document_date": "2030-01-05",
    "reference": "B-2030-004",
}


def created(html: str) -> list[str]:
    found = re.search(r'<dd class="created-parcels">(.*?)</dd>', html)
    return re.findall(r">([^<]+)</a>", found.group(1)) if found else []


class CreatedParcelsTests(AdjudicationTestCase):
    profile_code = "bf-apfr"  # a mortgage is screened by the land office and approved by the mayor

    def setUp(self):
        super().setUp()
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.registrar)

    def page(self, claim, language="fr") -> str:
        self.browser.cookies["django_language"] = language
        response = self.browser.get(f"/adjudication/claims/{claim.pk}/")
        assert response.status_code == 200
        return unescape(response.content.decode())

    def lodge(self, values: dict) -> Claim:
        """Lodged from the parcel's change page, its form as rendered, then taken to its end."""
        url = f"/adjudication/parcels/{self.parcel_a.pk}/change/"
        self.browser.cookies["django_language"] = "fr"
        form = form_with_field(self.browser.get(url).content.decode(), "kind")
        response = self.browser.post(url, flat(form.data(**values)))
        assert response.status_code == 302, response.content.decode()[:2000]
        return self.walk_to(Claim.objects.get(purpose=values["kind"]), ClaimState.READY_FOR_CERTIFICATE)

    def test_an_approved_mortgage_lists_no_resulting_parcel(self):
        claim = self.lodge(MORTGAGE)
        html = self.page(claim)
        assert claim.right.right_type_id == "mortgage"
        assert "Parcelles issues" not in html and created(html) == []
        assert "Resulting parcels" not in self.page(claim, "en")

    def test_an_approved_lease_lists_no_resulting_parcel(self):
        claim = self.lodge(LEASE)
        assert claim.right.right_type_id == "lease"
        assert "Parcelles issues" not in self.page(claim)
        assert "Resulting parcels" not in self.page(claim, "en")

    def test_an_approved_split_lists_the_parcels_it_made(self):
        halves = [square(0, 0, 50).union(square(0, 50, 50)), square(50, 0, 50).union(square(50, 50, 50))]
        claim = change_draft(
            actor=self.registrar,
            kind="split",
            parcels=[self.parcel_a],
            data={
                "reason": "Partage entre enfants, PV n°4",
                "parts": [json.loads(p.geojson) for p in halves],
            },
        )
        self.walk_to(claim, ClaimState.AUTHORITY_APPROVAL)
        claim = t.authority_approve(claim=claim, actor=self.mayor)
        parts = sorted(p.number for p in claim.parcel_change.new_parcels.all())
        html = self.page(claim)
        assert "<dt>Parcelles issues</dt>" in html and created(html) == parts
        assert self.parcel_a.number not in created(html)
        english = self.page(claim, "en")
        assert "<dt>Resulting parcels</dt>" in english and created(english) == parts
