"""From a certificate to its parcel: the certificate's page and the certificates' list link the parcel's page
(the counter opens the parcel, its rights and history, from the certificate a holder brings)."""

from landreg.certificates.models import Certificate
from tests.certificates.base import CertificateTestCase


class CertificateParcelLinkTests(CertificateTestCase):
    def test_the_certificate_page_and_the_list_link_the_parcel(self):
        # Before: the parcel's number was plain text on both pages, and nothing led to the parcel.
        self.client.force_login(self.registrar)
        self.client.post(f"/certificates/issue/{self.right_c.pk}/")
        certificate = Certificate.objects.get(right=self.right_c)
        link = f'<a href="/parcels/{certificate.parcel_id}/">{certificate.parcel.number}</a>'
        assert link in self.client.get(f"/certificates/{certificate.pk}/").content.decode()
        assert link in self.client.get("/certificates/all/").content.decode()
        assert self.client.get(f"/parcels/{certificate.parcel_id}/").status_code == 200
