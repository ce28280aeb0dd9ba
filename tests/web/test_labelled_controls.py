"""Every control of the pages walked by keyboard and screen reader has a name read aloud, and no two elements
of a page share an id (a label then names another form's field): the dispute case page as each dispute role
sees it (several moves' forms side by side, the parties of a held session in a table), the new case's table of
parties, and the lists' date ranges (« Enregistré entre » named the first date only)."""

from django.test import TestCase

from landreg.accounts.models import User
from landreg.core import clock
from landreg.disputes.cases import transitions as moves
from landreg.disputes.cases.transitions import PositionInput
from landreg.disputes.models import DisputeCase
from tests.demo_story import load_demo_story
from tests.labelled import duplicate_ids, unnamed_controls

LISTS_WITH_DATE_RANGES = [
    "/parcels/",
    "/adjudication/claims/",
    "/certificates/",
    "/collect/",
    "/disputes/cases/",
]


class LabelledControlsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_story(disputes=True)

    def page(self, username: str, url: str) -> str:
        self.client.force_login(User.objects.get(username=username))
        response = self.client.get(url)
        assert response.status_code == 200, (username, url, response.status_code)
        return response.content.decode()

    def assert_all_named(self, username: str, url: str) -> str:
        html = self.page(username, url)
        assert unnamed_controls(html) == [], (username, url, unnamed_controls(html))
        assert duplicate_ids(html) == [], (username, url, duplicate_ids(html))
        return html

    def test_each_dispute_roles_case_pages_name_every_field_once(self):
        for username in ("conciliation", "litiges", "admin"):
            for case in DisputeCase.objects.all():
                with self.subTest(user=username, case=case.number):
                    self.assert_all_named(username, f"/disputes/{case.pk}/")

    def test_the_agreement_and_the_non_conciliation_label_their_own_fields(self):
        case = DisputeCase.objects.get(origin="objection")  # in conciliation, a session planned
        # The agreement and the non-conciliation are offered once a session is held, a session's record once
        # its day has come: the committee hears the parties today and plans another session today.
        committee = User.objects.get(username="conciliation")
        today = clock.today()
        first = moves.session_schedule(case=case, actor=committee, scheduled_for=today, place="Mairie")
        moves.session_hold(
            case=case,
            actor=committee,
            session=first,
            held_on=clock.today(),
            conciliators="Naaba Kiiba",
            language="mooré",
            minutes="Les parties ont été entendues.",
            positions=[PositionInput(p.pk, True) for p in case.parties.all()],
        )
        moves.session_schedule(case=case, actor=committee, scheduled_for=clock.today(), place="Mairie")
        html = self.assert_all_named("conciliation", f"/disputes/{case.pk}/")
        assert 'for="non_conciliation_summary"' in html and 'id="non_conciliation_summary"' in html
        assert 'for="agree_summary"' in html and 'id="agree_summary"' in html
        assert 'aria-label="SANA Wɛndkuuni présent(e)"' in html

    def test_the_new_case_names_each_partys_cells(self):
        html = self.assert_all_named("litiges", "/disputes/new/")
        assert 'aria-label="Rôle de la partie 1"' in html

    def test_the_lists_name_both_dates_of_a_range(self):
        for url in LISTS_WITH_DATE_RANGES:
            with self.subTest(url=url):
                html = self.assert_all_named("admin", url)
                assert ": date de fin" in html
