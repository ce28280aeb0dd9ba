"""From a certificate to its parcel: the certificate's page and the certificates' list link the parcel's page
(the counter opens the parcel, its rights and history, from the certificate a holder brings)."""

from urllib.parse import urlencode

from django.test import Client

from landreg.certificates.issuing.transitions import certificate_revoke
from landreg.certificates.models import Certificate
from tests.browser_forms import flat, form_posting_to, form_with_field, forms, links
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


class ParcelCertificateLinkTests(CertificateTestCase):
    def test_the_counter_finds_a_holder_then_opens_the_certificate_of_her_parcel_from_its_page(self):
        # Before: the parcel page named the rights and holders but not their certificate, so a holder asking
        # for a copy led the clerk from the search to the parcel and no further.
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.registrar)
        queue = browser.get("/certificates/").content.decode()
        issue = form_posting_to(queue, f"/certificates/issue/{self.right_c.pk}/")
        browser.post(issue.action, flat(issue.data(issue.buttons[0] if issue.buttons else None)))
        certificate = Certificate.objects.get(right=self.right_c)
        search = form_with_field(browser.get("/").content.decode(), "q")
        found = browser.get(search.action + "?" + urlencode(flat(search.data(q="Ɓaŋɔ")))).content.decode()
        self.assertIn(f"/parcels/{self.parcel_c.pk}/", links(found))
        parcel_page = browser.get(f"/parcels/{self.parcel_c.pk}/").content.decode()
        self.assertIn(f"/certificates/{certificate.pk}/", links(parcel_page))
        self.assertIn(f"{certificate.number}</a> (émis)", parcel_page)
        other_parcel = browser.get(f"/parcels/{self.parcel_d.pk}/").content.decode()
        self.assertNotIn(f"/certificates/{certificate.pk}/", links(other_parcel))
        detail = browser.get(f"/certificates/{certificate.pk}/").content.decode()
        self.assertIn(f"/certificates/{certificate.pk}/print/", [f.action for f in forms(detail)])
        # Revoked, it is still named on the parcel page, as revoked.
        certificate_revoke(certificate=certificate, actor=self.mayor, reason="erreur de nom")
        parcel_page = browser.get(f"/parcels/{self.parcel_c.pk}/").content.decode()
        self.assertIn(f"{certificate.number}</a> (révoqué)", parcel_page)

    def test_another_villages_registrar_sees_neither_the_parcel_nor_its_certificate(self):
        certificate = self.issue()
        browser = Client()
        browser.force_login(self.registrar_b)
        self.assertEqual(browser.get(f"/parcels/{self.parcel_c.pk}/").status_code, 404)
        self.assertEqual(browser.get(f"/certificates/{certificate.pk}/").status_code, 404)
