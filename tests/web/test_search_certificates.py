"""The header search finds certificates by their own number and by their parcel's number, never a
certificate of another parcel whose number happens to hold the parcel's (the demo: « SAB-C-00068 » listed
APFR-SAB-C-00068, the certificate of another parcel: certificates are numbered by commune, parcels by
village)."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from landreg.certificates.models import Certificate
from landreg.parcels.models import Parcel
from tests.demo_story import load_demo_story


class CertificatesFoundByNumberTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_story(disputes=False)
        cls.guichet = get_user_model().objects.get(username="guichet")
        numbers = dict(Parcel.objects.values_list("number", "pk"))
        # A certificate whose number holds the number of another parcel (APFR-SAB-C-00068 and SAB-C-00068).
        cls.lookalikes = [
            (certificate, numbers[certificate.number.split("-", 1)[1]])
            for certificate in Certificate.objects.select_related("parcel").order_by("number")
            if certificate.number.split("-", 1)[1] in numbers
            and numbers[certificate.number.split("-", 1)[1]] != certificate.parcel_id
        ]

    def search(self, query):
        self.client.force_login(self.guichet)
        response = self.client.get(reverse("web:search"), {"q": query})
        assert response.status_code == 200
        return response

    def test_the_demo_has_certificates_numbered_like_another_parcel(self):
        assert self.lookalikes, "the demo's certificates and parcels no longer look alike"

    def test_a_parcel_number_lists_the_certificates_of_that_parcel_only(self):
        for lookalike, parcel_pk in self.lookalikes:
            parcel = Parcel.objects.get(pk=parcel_pk)
            response = self.search(parcel.number)
            found = [c.pk for c in response.context["results"]["certificates"].rows]
            assert found == list(
                Certificate.objects.filter(parcel=parcel).order_by("number").values_list("pk", flat=True)
            )
            assert lookalike.pk not in found, (parcel.number, lookalike.number)
            assert lookalike.number not in response.content.decode()

    def test_a_parcel_number_typed_in_lower_case_lists_its_certificate_with_the_parcel_named(self):
        certificate = Certificate.objects.select_related("parcel").order_by("number").first()
        response = self.search(certificate.parcel.number.lower())
        assert [c.pk for c in response.context["results"]["certificates"].rows] == [certificate.pk]
        page = response.content.decode()
        url = reverse("certificates:detail", args=[certificate.pk])
        assert f'<a href="{url}">{certificate.number}</a> — parcelle {certificate.parcel.number} — ' in page

    def test_a_certificate_number_finds_its_certificate_and_says_its_parcel(self):
        for lookalike, _parcel_pk in self.lookalikes:
            response = self.search(lookalike.number)
            assert [c.pk for c in response.context["results"]["certificates"].rows] == [lookalike.pk]
            assert f"parcelle {lookalike.parcel.number}" in response.content.decode()

    def test_the_beginning_of_a_certificate_number_lists_the_certificates_it_begins(self):
        first = Certificate.objects.order_by("number").first()
        begun = first.number[:-1]
        response = self.search(begun)
        found = [c.pk for c in response.context["results"]["certificates"].rows]
        assert found == list(
            Certificate.objects.filter(number__startswith=begun)
            .order_by("number")
            .values_list("pk", flat=True)
        )
