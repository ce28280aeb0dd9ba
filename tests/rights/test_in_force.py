"""A lease or loan past its own end date, never ended by a clerk, binds no one: every page that shows or
counts the rights in force leaves it out (rights.models.in_force_on), as the register extract already did,
and the parcel page lists it among its past rights as « terme échu »."""

import datetime as dt

from django.urls import reverse

from landreg.adjudication.changes.later_life import secondary_right_grant
from landreg.certificates.issuing.services import certificate_issue
from landreg.core import clock
from landreg.rights.models import Right
from landreg.rights.services import HolderShare
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person


def between(html: str, start: str, end: str = "</table>") -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


class LoanPastItsTermTests(AdjudicationTestCase):
    direct_changes = True

    def setUp(self):
        super().setUp()  # 7 January 2030
        self.borrower = make_person(self.village_a, "Zongo", "Ɓintou", "F")
        # A loan for the dry season, over on 31 January 2030: no clerk ends it, its term does.
        self.loan = secondary_right_grant(
            parcel=self.parcel_a,
            kind="loan",
            holders=[HolderShare(self.borrower)],
            actor=self.registrar,
            legal_basis="Prêt coutumier devant le chef de terre",
            start_date=dt.date(2029, 11, 1),
            end_date=dt.date(2030, 1, 31),
            documents=[],
        )
        self.client.force_login(self.registrar)

    def page(self, url: str, **query) -> str:
        response = self.client.get(url, query)
        assert response.status_code == 200, (url, response.status_code)
        return response.content.decode()

    def test_the_loan_is_in_force_until_its_last_day_included(self):
        self.travel(24)  # 31 January
        assert Right.objects.in_force().filter(pk=self.loan.pk).exists()
        assert self.loan.is_in_force(clock.today())
        self.travel(1)  # 1 February
        assert not Right.objects.in_force().filter(pk=self.loan.pk).exists()
        assert Right.objects.no_longer_in_force().filter(pk=self.loan.pk).exists()
        assert not self.loan.is_in_force(clock.today())
        # The customary right, without an end date, stays in force.
        assert Right.objects.in_force().filter(pk=self.right_a.pk).exists()

    def test_the_parcel_page_lists_the_loan_past_its_term_among_the_past_rights(self):
        url = reverse("web:parcel-detail", args=[self.parcel_a.pk])
        assert "ZONGO Ɓintou" in between(self.page(url), "<h2>Droits, restrictions et responsabilités</h2>")
        self.travel(30)  # 6 February
        html = self.page(url)
        in_force = between(html, "<h2>Droits, restrictions et responsabilités</h2>")
        assert "ZONGO Ɓintou" not in in_force and "OUÉDRAOGO Aminata" in in_force, in_force
        past = between(html, 'class="list past-rights"')
        assert "ZONGO Ɓintou" in past, past
        assert "01/11/2029 – 31/01/2030" in past and "31/01/2030" in past and "terme échu" in past, past

    def test_the_persons_page_lists_the_loan_among_the_rights_held_in_the_past(self):
        self.travel(30)
        html = self.page(f"/people/{self.borrower.pk}/")
        assert self.parcel_a.number not in between(html, 'class="list rights"'), html
        past = between(html, 'class="list past-rights"')
        assert self.parcel_a.number in past and "31/01/2030" in past, past

    def test_the_parcel_list_and_the_search_no_longer_find_the_parcel_by_the_loan(self):
        listed = reverse("web:parcel-list")
        assert self.parcel_a.number in self.page(listed, right_type="loan")
        self.travel(30)
        assert self.parcel_a.number not in self.page(listed, right_type="loan")
        # The borrower is still found by name, but no parcel is held by her any more.
        html = self.page("/search/", q="Zongo Ɓintou")
        assert "ZONGO Ɓintou" in html and self.parcel_a.number not in html, html

    def test_a_certificate_issued_after_the_term_does_not_print_the_loan(self):
        self.travel(30)
        certificate, _ = certificate_issue(right=self.right_a, actor=self.registrar)
        assert certificate.content["secondary"] == [], certificate.content["secondary"]
