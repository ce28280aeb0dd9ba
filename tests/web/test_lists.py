"""The list pages (parcels, claims): filtered, sorted and paged, scoped to the user, and their cost in queries
does not grow with the rows they show."""

import re
from urllib.parse import parse_qs, urlparse

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from landreg.core.geometry import format_ha_a_ca
from landreg.parcels.models import Parcel
from landreg.parcels.services import parcel_record
from landreg.parties.models import Sex
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.helpers import AdjudicationTestCase, applicant
from tests.base import make_person
from tests.browser_forms import all_forms, flat
from tests.geometries import square


def rows(html: str) -> list[str]:
    """The first cell's text of each row of the page's table."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return [re.sub(r"<[^>]+>", "", cell).split(" (")[0] for cell in re.findall(r"<tr><td>(.*?)</td>", body)]


def count_line(html: str) -> str:
    return re.sub(r"<[^>]+>", "", re.search(r'<p class="count">(.*?)</p>', html, re.S).group(1))


def filter_form(html: str) -> dict:
    """The list's filter form as the browser would send it (the one with the village filter)."""
    return flat(next(f for f in all_forms(html) if "village" in f))


def overdue_options(html: str) -> list[tuple[str, str]]:
    """The options of the list's « En retard » select, as (value, text)."""
    select = re.search(r'<select name="overdue".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


class ParcelListTests(AdjudicationTestCase):
    def held(self, village, east, holder, right_type="customaryType"):
        parcel = parcel_record(village=village, geometry=square(east, 5000), survey_method="gps")
        right_register(
            parcel=parcel,
            right_type=right_type,
            holders=[HolderShare(holder)],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN",
        )
        return parcel

    def test_an_agent_lists_the_parcels_of_their_village_only(self):
        self.client.force_login(self.agent_a)
        html = self.client.get("/parcels/").content.decode()
        assert rows(html) == [self.parcel_a.number]
        assert self.parcel_b.number not in html
        assert count_line(html) == "1–1 sur 1 ligne"

    def test_a_village_outside_the_users_scope_lists_nothing_and_says_why(self):
        self.client.force_login(self.agent_a)
        html = self.client.get("/parcels/?village=TC-B").content.decode()
        assert rows(html) == []
        assert self.parcel_b.number not in html
        assert 'class="error"' in html

    def test_an_empty_list_says_filters_found_nothing_only_when_a_filter_is_set(self):
        # Seen in Chromium as the mayor on Certificats and as the committee on Litiges: a list empty before
        # any filter read « Rien ne correspond à ces filtres. », as if a filter hid its rows.
        self.client.force_login(self.member_a)
        html = self.client.get("/certificates/").content.decode()
        assert count_line(html) == "Rien à afficher pour l’instant."
        html = self.client.get("/certificates/?village=&right_type=&holder_sex=F").content.decode()
        assert count_line(html) == "Rien ne correspond à ces filtres."

    def test_the_filter_form_as_rendered_narrows_to_parcels_held_by_a_woman(self):
        man = make_person(self.village_a, last_name="Ɓaro", first_names="Ousmane", sex=Sex.MALE)
        his = self.held(self.village_a, 0, man)
        self.client.force_login(self.registrar)
        page = self.client.get("/parcels/").content.decode()
        assert set(rows(page)) == {self.parcel_a.number, self.parcel_b.number, his.number}
        data = filter_form(page)
        data.update(holder_sex="F", village="TC-A")
        html = self.client.get("/parcels/", data).content.decode()
        assert rows(html) == [self.parcel_a.number]  # holder_a, Aminata, is a woman
        data.update(holder_sex="M")
        assert rows(self.client.get("/parcels/", data).content.decode()) == [his.number]

    def test_sorting_by_area_descending_and_paging_keep_the_filters(self):
        for i in range(55):
            parcel_record(
                village=self.village_a, geometry=square(300 * i, 9000, side=50 + i), survey_method="gps"
            )
        self.client.force_login(self.agent_a)
        first = self.client.get("/parcels/?village=TC-A&sort=-area").content.decode()
        assert count_line(first) == "1–50 sur 56 lignes"
        listed = rows(first)
        assert len(listed) == 50
        next_link = re.search(r'href="([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
        assert parse_qs(urlparse(next_link).query) == {"village": ["TC-A"], "sort": ["-area"], "page": ["2"]}
        second = self.client.get("/parcels/" + next_link).content.decode()
        assert count_line(second) == "51–56 sur 56 lignes"
        everything = listed + rows(second)
        assert len(set(everything)) == 56
        by_area = list(
            Parcel.objects.filter(village=self.village_a)
            .order_by("-area_m2", "-pk")
            .values_list("number", flat=True)
        )
        assert everything == by_area

    def test_an_unknown_sort_key_lists_in_the_default_order(self):
        self.client.force_login(self.registrar)
        html = self.client.get("/parcels/?sort=holders__party__id_document_number").content.decode()
        assert rows(html) == sorted([self.parcel_a.number, self.parcel_b.number])

    def test_the_map_above_the_list_draws_the_parcels_of_the_page(self):
        self.client.force_login(self.agent_a)
        html = self.client.get("/parcels/").content.decode()
        assert 'class="list-map"' in html and "web/list-map.js" in html
        assert f"/parcels/{self.parcel_a.pk}/" in re.search(r'data-features="([^"]+)"', html).group(1)

    def test_each_row_shows_its_village_place_use_area_rights_and_holders_and_date(self):
        """The rows are written from values (web/parcels/rows.py), the rights and holders from one query."""
        ami = make_person(self.village_a, last_name="Ɓaro", first_names="Awa <b>", sex=Sex.FEMALE)
        joint = parcel_record(
            village=self.village_a,
            geometry=square(0, 7000),
            survey_method="gps",
            land_use="orchard",
            local_name="Bas-fond",
        )
        right_register(
            parcel=joint,
            right_type="customaryType",
            holders=[HolderShare(self.holder_a, "1/2"), HolderShare(ami, "1/2")],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN",
        )
        bare = parcel_record(village=self.village_a, geometry=square(500, 7000), survey_method="gps")
        self.client.force_login(self.agent_a)
        with CaptureQueriesContext(connection) as seen:
            html = self.client.get("/parcels/?sort=number").content.decode()
        # Rights, holders and their names in one statement (were three, each making model instances).
        assert len([q for q in seen if "rights_rightholder" in q["sql"] and "ORDER BY" in q["sql"]]) == 1
        body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        cell = r"<td>(.*?)</td>\s*"
        found = re.findall(r"<tr>" + cell * 7 + r"</tr>", body, re.S)
        cells = {re.sub(r"<[^>]+>", "", row[0]): row for row in found}
        number, village, place, use, area, rights, recorded = cells[joint.number]
        assert f'href="/parcels/{joint.pk}/"' in number
        assert village == self.village_a.name and place == "Bas-fond" and use == "verger / plantation"
        assert area == format_ha_a_ca(joint.area_m2)
        # Both holders of the joint right, escaped; the type in French.
        assert rights == "Possession coutumière — OUÉDRAOGO Aminata, ƁARO Awa &lt;b&gt;", rights
        assert recorded == timezone.localtime(joint.begin_lifespan).strftime("%d/%m/%Y")
        assert cells[bare.number][2] == "—" and cells[bare.number][5] == "—"

    def test_a_page_writes_the_shapes_of_its_own_rows_only_and_counts_ids(self):
        """lists.page.list_page(columns=...): the database picks the page's ids (ORDER BY, LIMIT and OFFSET on
        ids and sort keys) before it writes GeoJSON and joins village names, for the 50 rows shown only; the
        count reads no village name."""
        for i in range(60):
            parcel_record(village=self.village_a, geometry=square(300 * i, 9000), survey_method="gps")
        self.client.force_login(self.agent_a)
        with CaptureQueriesContext(connection) as seen:
            html = self.client.get("/parcels/?page=2").content.decode()
        numbers = list(Parcel.objects.filter(village=self.village_a).order_by("number", "pk"))
        assert rows(html) == [parcel.number for parcel in numbers[50:]]
        assert count_line(html) == "51–61 sur 61 lignes"
        [page] = [q["sql"] for q in seen if "asgeojson" in q["sql"].lower()]
        lowered = page.lower()
        assert lowered.count("asgeojson") == 1 and lowered.index("asgeojson") < lowered.index(" from ")
        assert page.count("LIMIT") == 2 and "OFFSET 50" in page, page  # the ids' subquery, then the rows
        [count] = [q["sql"] for q in seen if "COUNT(*)" in q["sql"]]
        assert "JOIN" not in count and '"name"' not in count, count

    def test_the_page_costs_as_many_queries_with_100_parcels_as_with_10(self):
        women = [make_person(self.village_a, last_name=f"Koné {i}", first_names="Ɛlise") for i in range(3)]
        self.client.force_login(self.registrar)
        for i in range(9):
            self.held(self.village_a, 200 * i, women[i % 3])
        with CaptureQueriesContext(connection) as ten:
            assert len(rows(self.client.get("/parcels/?sort=-area&holder_sex=F").content.decode())) == 10
        for i in range(9, 99):
            self.held(self.village_a, 200 * i, women[i % 3])
        with CaptureQueriesContext(connection) as hundred:
            html = self.client.get("/parcels/?sort=-area&holder_sex=F").content.decode()
        assert count_line(html) == "1–50 sur 100 lignes"
        assert len(hundred) == len(ten), [q["sql"] for q in hundred.captured_queries]


class ClaimListTests(AdjudicationTestCase):
    def test_the_registrar_filters_claims_by_a_womans_name_on_them_and_by_state(self):
        hers = self.submitted(self.draft(east=100, claimants=[applicant("Ŋaba", "Kadiatou", sex="F")]))
        his = self.submitted(self.draft(east=300))
        self.client.force_login(self.registrar)
        html = self.client.get("/adjudication/claims/?queue=all&claimant_sex=F").content.decode()
        assert rows(html) == [hers.receipt_number]
        html = self.client.get(
            "/adjudication/claims/?queue=all&claimant_sex=M&state=submitted"
        ).content.decode()
        assert rows(html) == [his.receipt_number]

    def test_the_overdue_filter_offers_all_yes_no_and_keeps_the_choice(self):
        self.submitted(self.draft(east=100))
        self.client.force_login(self.registrar)
        page = self.client.get("/adjudication/claims/?queue=all").content.decode()
        assert overdue_options(page) == [("", "Tous"), ("true", "Oui"), ("false", "Non")]
        assert "Inconnu" not in page
        chosen = self.client.get("/adjudication/claims/", {**filter_form(page), "overdue": "false"})
        assert filter_form(chosen.content.decode())["overdue"] == "false"
        assert len(rows(chosen.content.decode())) == 1  # a claim submitted today is not overdue

    def test_the_filter_form_keeps_the_queue_it_was_opened_from(self):
        self.submitted(self.draft(east=100))
        self.client.force_login(self.registrar)
        page = self.client.get("/adjudication/claims/?queue=screening").content.decode()
        assert filter_form(page)["queue"] == "screening"

    def test_an_agent_does_not_list_another_villages_claims(self):
        theirs = self.draft(east=100, village=self.village_b, agent=self.agent_b)
        self.client.force_login(self.agent_a)
        html = self.client.get("/adjudication/claims/?queue=all").content.decode()
        assert str(theirs) not in html

    def test_the_page_costs_as_many_queries_with_100_claims_as_with_10(self):
        for i in range(10):
            self.draft(
                east=200 * i,
                claimants=[applicant(share="1/2"), applicant("Ouédraogo", "Awa", sex="F", share="1/2")],
            )
        self.client.force_login(self.agent_a)
        with CaptureQueriesContext(connection) as ten:
            assert len(rows(self.client.get("/adjudication/claims/?sort=-created").content.decode())) == 10
        for i in range(10, 100):
            self.draft(
                east=200 * i,
                claimants=[applicant(share="1/2"), applicant("Ouédraogo", "Awa", sex="F", share="1/2")],
            )
        with CaptureQueriesContext(connection) as hundred:
            html = self.client.get("/adjudication/claims/?sort=-created").content.decode()
        assert count_line(html) == "1–50 sur 100 lignes"
        assert len(hundred) == len(ten), [q["sql"] for q in hundred.captured_queries]
