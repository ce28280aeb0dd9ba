"""The rows of people on the claim form and on a change application list the same search's matches: read
once for the page, not once per row (four rows and more on each page)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from landreg.adjudication.pages.person_forms import SEARCH_LIMIT
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person


def people_lists(queries) -> list[str]:
    """The statements that read a list of people offered to the rows."""
    return [
        q["sql"]
        for q in queries
        if 'FROM "parties_party"' in q["sql"] and f"LIMIT {SEARCH_LIMIT}" in q["sql"]
    ]


class PeopleRowsReadOnceTests(AdjudicationTestCase):
    def statements(self, user, url: str, people: int) -> tuple[int, list[str], str]:
        for i in range(people):
            make_person(self.village_a, last_name=f"Zongo{i:03d}", first_names="Awa")
        self.client.force_login(user)
        self.client.get(url)  # what a process reads once (its kept statements, the user's grants) aside
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        assert response.status_code == 200
        return len(queries), people_lists(queries), response.content.decode()

    def test_the_change_page_reads_the_people_offered_once_for_its_rows(self):
        url = f"/adjudication/parcels/{self.parcel_a.pk}/change/"
        few, lists, html = self.statements(self.registrar, url, 2)
        # Each of the four rows lists the person twice: who takes the right, and who represents a child.
        assert html.count("ZONGO001 Awa (TC-A)") == 8
        assert len(lists) == 1, lists
        more, lists, _html = self.statements(self.registrar, url, 20)
        assert len(lists) == 1 and more == few  # no statement per person listed (their village's code)

    def test_the_claim_form_reads_the_people_offered_once_for_all_its_tables(self):
        few, lists, html = self.statements(self.agent_a, "/adjudication/claims/new/", 2)
        rows = html.count("ZONGO001 Awa (TC-A)")
        assert rows >= 4  # holders, members and secondary rights
        assert len(lists) == 1, lists
        more, lists, _html = self.statements(self.agent_a, "/adjudication/claims/new/", 20)
        assert len(lists) == 1 and more == few
