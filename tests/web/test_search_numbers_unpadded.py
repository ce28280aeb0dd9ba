"""A number typed at the header search without the zeros that pad its sequence (« TC-A-1 » for TC-A-00001, as
a holder reads it from a receipt or says it at the desk) finds the parcel, the claim and the certificate, on
SQLite as on PostgreSQL; a shorter number is not a part of a longer one (« TC-A-1 » is not TC-A-00010)."""

from django.urls import reverse

from landreg.certificates.issuing.services import certificate_issue
from landreg.web.search import views as search_module
from tests.adjudication.helpers import AdjudicationTestCase


class NumbersWithoutTheirZerosTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        # parcel_a is TC-A-00001; TC-A-00002 … TC-A-00011 besides it: 10 and 11 hold a « 1 » and a « 01 ».
        self.others = [self.parcel_held(300 * i) for i in range(1, 11)]
        self.client.force_login(self.registrar)

    def header_search(self, query: str):
        """The header's form: a GET of its one field, ``q``, as the page renders it."""
        page = self.client.get(reverse("web:home")).content.decode()
        assert f'action="{reverse("web:search")}"' in page and 'name="q"' in page
        response = self.client.get(reverse("web:search"), {"q": query})
        assert response.status_code == 200
        return response

    def found(self, query: str, kind: str) -> list:
        return [row.pk for row in self.header_search(query).context["results"][kind].rows]

    def test_a_parcel_number_typed_without_its_zeros_finds_that_parcel_only(self):
        assert self.parcel_a.number == "TC-A-00001" and self.others[-1].number == "TC-A-00011"
        for query in ("TC-A-1", "tc-a-01", "TC-A-001", "A-1", "TC-A-000001"):
            assert self.found(query, "parcels") == [self.parcel_a.pk], query
        response = self.header_search("TC-A-11")
        assert [p.pk for p in response.context["results"]["parcels"].rows] == [self.others[-1].pk]
        page = response.content.decode()
        assert "TC-A-00011" in page and reverse("web:parcel-detail", args=[self.others[-1].pk]) in page
        # As typed, a part of a number still finds every number holding it (TC-A-00010 and TC-A-00011).
        assert self.found("TC-A-0001", "parcels") == [self.parcel_a.pk, *(p.pk for p in self.others[-2:])]

    def test_a_receipt_number_typed_without_its_zeros_finds_the_claim(self):
        claim = self.submitted(self.draft(east=5000))
        assert claim.receipt_number == "R-TC-A-2030-00001"
        for query in ("R-TC-A-2030-1", "r-tc-a-2030-0001", "TC-A-2030-1"):
            response = self.header_search(query)
            assert [c.pk for c in response.context["results"]["claims"].rows] == [claim.pk], query
            assert reverse("adjudication:claim-detail", args=[claim.pk]) in response.content.decode()
        assert self.found("R-TC-A-2030-10", "claims") == []

    def test_a_certificate_number_or_its_parcel_s_typed_without_zeros_finds_the_certificate(self):
        certificate, _created = certificate_issue(right=self.right_a, actor=self.registrar)
        assert certificate.number == "TC-C-TC-A-00001"
        for query in ("TC-C-TC-A-1", "tc-c-tc-a-001", "TC-A-1"):
            response = self.header_search(query)
            assert [c.pk for c in response.context["results"]["certificates"].rows] == [certificate.pk], query
            assert reverse("certificates:detail", args=[certificate.pk]) in response.content.decode()

    def test_numbers_are_read_by_the_orm_s_statements_on_every_database(self):
        # PostgreSQL's one statement (web.search.sql) answers names only: text with a digit never reaches it,
        # so a number typed short is found the same way on both databases (this file runs on both).
        assert not search_module._in_one_statement("default", "TC-A-1")

    def test_another_village_s_agent_finds_nothing_by_a_number_typed_short(self):
        self.client.force_login(self.agent_b)
        results = self.header_search("TC-A-1").context["results"]
        assert all(kind.count == 0 for kind in results.values())
