"""The print queue names the case on the rows a dispute holds (its parcel or the right itself) and offers no
« Émettre » there: the click was refused after the fact. Read in the queue's one statement, whatever the
number of disputed rows."""

from urllib.parse import urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from landreg.disputes.cases.services import dispute_open
from tests.adjudication.helpers import AdjudicationTestCase
from tests.browser_forms import forms


class PrintQueueDisputedRowsTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        self.held = [self.parcel_held(300 * i) for i in range(1, 5)]
        self.client.force_login(self.registrar)
        self.client.cookies["django_language"] = "fr"

    def queue(self) -> str:
        response = self.client.get(reverse("certificates:queue"), {"village": self.village_a.code})
        assert response.status_code == 200
        return response.content.decode()

    def row(self, page: str, parcel) -> str:
        start = page.index(f"<tr><td>{parcel.number}</td>")
        return page[start : page.index("</tr>", start)]

    def issue_forms(self, page: str) -> set:
        return {urlsplit(f.action).path for f in forms(page) if "/issue" in urlsplit(f.action).path}

    def test_a_row_whose_parcel_or_right_a_dispute_holds_names_the_case_and_offers_no_issue(self):
        on_parcel = dispute_open(
            village=self.village_a, subject="Limite contestée par Ɓaŋre", parcels=[self.held[0]]
        )
        right_1 = self.held[1].rights.get()
        on_right = dispute_open(village=self.village_a, subject="Héritage de Ŋaaba", rights=[right_1])
        page = self.queue()
        assert f"Litige en cours (dossier {on_parcel.number})" in self.row(page, self.held[0])
        assert f"Litige en cours (dossier {on_right.number})" in self.row(page, self.held[1])
        offered = self.issue_forms(page)
        for parcel in self.held[:2]:
            assert reverse("certificates:issue", args=[parcel.rights.get().pk]) not in offered
            assert "Émettre" not in self.row(page, parcel)
        for parcel in self.held[2:]:
            assert reverse("certificates:issue", args=[parcel.rights.get().pk]) in offered
            assert "Litige" not in self.row(page, parcel) and "Émettre" in self.row(page, parcel)

    def test_more_disputed_rows_cost_no_more_statements(self):
        dispute_open(village=self.village_a, subject="Limite", parcels=[self.held[0]])
        self.queue()
        with CaptureQueriesContext(connection) as one:
            self.queue()
        dispute_open(village=self.village_a, subject="Limite", parcels=self.held[1:3])
        with CaptureQueriesContext(connection) as three:
            page = self.queue()
        assert page.count("Litige en cours (dossier ") == 3
        assert len(three.captured_queries) == len(one.captured_queries)
