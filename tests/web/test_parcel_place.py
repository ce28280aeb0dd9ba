"""What the walk of the demo found on a parcel's page: the counter clerk, asked for « le champ de Boureima »,
opened parcel SAB-C-00068 and read its village, land use and area but not its place (lieu-dit), which the
extract of the registers printed from the same page shows (« Lieu-dit : Champ de Boureima »). The page now
shows it, « — » for a parcel recorded without one."""

from html import unescape

from django.utils import translation

from landreg.parcels.services import parcel_update
from tests.adjudication.helpers import AdjudicationTestCase


class ParcelPagePlaceTests(AdjudicationTestCase):
    def page(self, parcel) -> str:
        self.client.force_login(self.registrar)
        translation.activate("fr")
        response = self.client.get(f"/parcels/{parcel.pk}/", HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200
        return unescape(response.content.decode())

    def test_the_clerk_reads_the_place_of_the_parcel(self):
        parcel_update(
            parcel=self.parcel_a, actor=self.registrar, reason="lieu-dit relevé", local_name="Kɔnkɔ-Ɓaŋré"
        )
        self.parcel_a.refresh_from_db()
        assert "<dt>Lieu-dit</dt><dd>Kɔnkɔ-Ɓaŋré</dd>" in self.page(self.parcel_a)

    def test_a_parcel_without_a_place_says_so(self):
        assert "<dt>Lieu-dit</dt><dd>—</dd>" in self.page(self.parcel_a)
