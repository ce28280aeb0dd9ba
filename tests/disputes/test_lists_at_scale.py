"""The dispute lists at scale: the home page's open cases paged like every list (overdue first, filters,
reminders capped with a link to the rest), and the API's list computing each case's allowed moves without a
query per case."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from landreg.disputes.cases import transitions as moves
from landreg.disputes.models import DisputeCase
from tests.browser_forms import form_with_field, links
from tests.disputes.helpers import DisputeTestCase
from tests.disputes.test_pages import PageTestCase


def file_cases(test: DisputeTestCase, count: int, start: int = 0) -> list[DisputeCase]:
    """``count`` cases, alternately in village A and village B."""
    cases = []
    for i in range(start, start + count):
        village, parcel = (test.village_a, test.parcel_a) if i % 2 == 0 else (test.village_b, test.parcel_b)
        cases.append(test.file_case(village=village, subject=f"Litige {i}", parcels=[parcel]))
    return cases


class HomePagingTests(PageTestCase):
    def test_the_open_cases_are_paged_overdue_first_filtered_and_the_reminders_capped(self):
        late = file_cases(self, 55)
        self.travel(20)
        recent = file_cases(self, 5, start=55)
        client = self.client_for(self.conciliator)

        response = client.get("/disputes/")
        page = response.context["page"]
        assert page.count == 60 and len(page.rows) == 50 and page.has_next
        assert all(case.overdue for case in page.rows)
        html = response.content.decode()
        assert "1–50 sur 60" in html
        # The reminders: twenty overdue cases, then a link to the list of all of them.
        assert len(response.context["overdue"]) == 20 and response.context["overdue_count"] == 55
        everything = "/disputes/cases/?open=open&overdue=true"
        assert everything in [href.replace("&amp;", "&") for href in links(html)]
        assert "Tous les dossiers en retard (55)" in html
        listed = client.get(everything).context["page"]
        assert listed.count == 55

        following = [href for href in links(html) if "page=2" in href][0]
        second = client.get("/disputes/" + following).context["page"]
        # Cases opened at one frozen instant come in the order of their ids: compare them as sets.
        assert {c.pk for c in second.rows[-5:]} == {c.pk for c in recent}
        assert len(second.rows) == 10 and not any(c.overdue for c in second.rows[-5:])
        assert {c.pk for c in page.rows} | {c.pk for c in second.rows} == {c.pk for c in late + recent}

        form = form_with_field(html, "village")
        filtered = client.get("/disputes/", form.data(village="TC-B")).context["page"]
        assert filtered.count == 30 and {c.village_id for c in filtered.rows} == {self.village_b.pk}
        on_time = client.get("/disputes/", form.data(overdue="false")).context["page"]
        assert {c.pk for c in on_time.rows} == {c.pk for c in recent}


class ApiQueriesTests(DisputeTestCase):
    def list_queries(self, user) -> tuple[int, list]:
        self.client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/api/v1/disputes/", {"page_size": 200})
        assert response.status_code == 200
        return len(queries), response.json()["results"]

    def test_the_allowed_moves_of_a_list_cost_the_same_queries_at_10_and_100_cases(self):
        cases = file_cases(self, 10)
        moves.session_schedule(
            case=cases[0], actor=self.conciliator, scheduled_for=cases[0].opened_at.date(), place="Mairie"
        )
        counts = {}
        for user in (self.conciliator, self.disputes):
            counts[user.username, 10], rows = self.list_queries(user)
            assert len(rows) == 10
            for row in rows:
                case = DisputeCase.objects.get(pk=row["id"])
                assert row["allowed_moves"] == moves.allowed_moves_for(user, case), row["number"]
        file_cases(self, 90, start=10)
        for user in (self.conciliator, self.disputes):
            counts[user.username, 100], rows = self.list_queries(user)
            assert len(rows) == 100
        assert counts["conciliator", 10] == counts["conciliator", 100], counts
        assert counts["disputes", 10] == counts["disputes", 100], counts

    def test_each_role_is_offered_its_own_moves(self):
        case = file_cases(self, 1)[0]
        _count, rows = self.list_queries(self.conciliator)
        assert rows[0]["allowed_moves"] == ["session_schedule"]
        _count, rows = self.list_queries(self.disputes)
        assert rows[0]["allowed_moves"] == ["session_schedule", "withdraw"]
        _count, rows = self.list_queries(self.agent_a)
        assert rows == []
        assert moves.allowed_moves_for(self.agent_a, case) == []


class HomeAgeSortTests(PageTestCase):
    def test_the_age_column_sorts_the_open_cases_by_their_age_both_ways(self):
        old = file_cases(self, 1)[0]
        self.travel(3)
        middle = file_cases(self, 1, start=1)[0]
        self.travel(4)
        young = file_cases(self, 1, start=2)[0]
        client = self.client_for(self.conciliator)
        html = client.get("/disputes/").content.decode()
        by_age = next(href for href in links(html) if "sort=age" in href)
        response = client.get("/disputes/" + by_age.replace("&amp;", "&"))
        assert [c.pk for c in response.context["page"].rows] == [young.pk, middle.pk, old.pk]
        assert [c.age_days for c in response.context["page"].rows] == [0, 4, 7]
        html = response.content.decode()
        assert 'aria-sort="ascending"><a href="?sort=-age">Âge (jours)</a> ▲' in html
        response = client.get("/disputes/?sort=-age")
        assert [c.age_days for c in response.context["page"].rows] == [7, 4, 0]
        assert 'aria-sort="descending"><a href="?sort=age">Âge (jours)</a> ▼' in response.content.decode()
