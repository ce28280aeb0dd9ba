"""What an open dispute holds is told apart from what is ready to print: the print queue API names the case on
such a right and issuing it is refused (409) as on the page; the registrar's home page counts the rights and
certificates held by a dispute apart from those ready, each linked to its rows. Read in a fixed number of
statements, however many rows a dispute holds."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from landreg.certificates.issuing.services import certificate_issue
from landreg.certificates.models import Certificate
from landreg.disputes.cases.services import dispute_open
from tests.adjudication.helpers import AdjudicationTestCase
from tests.web.test_work_queues import listed, queues


class HeldByADisputeTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        self.held = [self.parcel_held(300 * i) for i in range(1, 6)]
        self.client.force_login(self.registrar)
        self.client.cookies["django_language"] = "fr"

    def api_queue(self) -> dict:
        response = self.client.get("/api/v1/certificates/queue/", {"page_size": 50})
        assert response.status_code == 200, response.content
        return {row["parcel_number"]: row["dispute_case"] for row in response.json()["results"]}

    def test_the_api_names_the_case_and_issuing_a_held_right_is_refused(self):
        on_parcel = dispute_open(
            village=self.village_a, subject="Limite contestée par Ɓaŋre", parcels=[self.held[0]]
        )
        on_right = dispute_open(
            village=self.village_a, subject="Héritage de Ŋaaba", rights=[self.held[1].rights.get()]
        )
        rows = self.api_queue()
        assert rows[self.held[0].number] == on_parcel.number
        assert rows[self.held[1].number] == on_right.number
        assert all(rows[p.number] is None for p in self.held[2:])
        response = self.client.post(
            "/api/v1/certificates/issue/",
            {"right": str(self.held[1].rights.get().pk)},
            content_type="application/json",
        )
        assert response.status_code == 409, response.content
        assert on_right.number in response.json()["detail"]
        assert not Certificate.objects.exists()
        ready = self.client.post(
            "/api/v1/certificates/issue/",
            {"right": str(self.held[2].rights.get().pk)},
            content_type="application/json",
        )
        assert ready.status_code == 201, ready.content

    def test_the_api_costs_as_many_statements_with_three_held_rows_as_with_one(self):
        dispute_open(village=self.village_a, subject="Limite", parcels=[self.held[0]])
        self.api_queue()
        with CaptureQueriesContext(connection) as one:
            self.api_queue()
        dispute_open(village=self.village_a, subject="Limite", parcels=self.held[1:3])
        with CaptureQueriesContext(connection) as three:
            rows = self.api_queue()
        assert sum(case is not None for case in rows.values()) == 3
        assert len(three.captured_queries) == len(one.captured_queries)

    def test_the_home_page_counts_what_a_dispute_holds_apart_from_what_is_ready(self):
        for parcel in self.held[3:]:  # two certificates issued, not printed yet
            certificate_issue(
                right=parcel.rights.get(), actor=self.registrar, base_url="https://landreg.test"
            )
        dispute_open(village=self.village_a, subject="Limite", parcels=[self.held[0], self.held[4]])
        self.client.get("/")
        # Each page measured is the first after a dispute is opened (what the home page keeps until the next
        # write is read anew both times).
        dispute_open(village=self.village_a, subject="Héritage", rights=[self.held[1].rights.get()])
        with CaptureQueriesContext(connection) as before:
            html = self.client.get("/").content.decode()
        found = queues(html)
        # Waiting: parcel A's right and held[0..2]; held[0] and held[1] by a dispute.
        assert found["print_queue"][0] == 2 and found["print_queue"][4] == 2
        assert found["to_print"][0] == 1 and found["to_print"][4] == 1
        assert "2 retenus par un litige" in html and "1 retenu par un litige" in html
        for key in ["print_queue", "to_print"]:
            count, _, link, _, held, held_link = found[key]
            assert listed(self.client, link) == count and listed(self.client, held_link) == held, key
        held_rows = self.client.get(found["print_queue"][5]).content.decode()
        assert len(re.findall(r"Litige en cours \(dossier ", held_rows)) == 2 and "Émettre" not in held_rows
        dispute_open(village=self.village_a, subject="Limite", parcels=[self.held[2], self.held[3]])
        with CaptureQueriesContext(connection) as after:
            found = queues(self.client.get("/").content.decode())
        assert found["print_queue"][:5:4] == (1, 3) and found["to_print"][:5:4] == (0, 2)
        assert len(after.captured_queries) == len(before.captured_queries)
