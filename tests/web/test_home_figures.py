"""The home page's figures: right for the user's scope, read once until the registry changes."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from landreg.accounts.roles import Role
from landreg.core import clock
from landreg.parcels.services import parcel_record
from landreg.parties.models import PartyKind
from landreg.parties.services import MemberShare, group_set_members, party_create
from landreg.rights.services import HolderShare, right_register
from landreg.statistics.holders import holders_by_sex
from landreg.statistics.scope import scope_for
from tests.base import RegistryTestCase, make_person, make_user, record_shared_holding
from tests.geometries import square


class HomeFiguresTests(RegistryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.registrar = make_user("registrar-ŋ", Role.REGISTRAR, cls.commune)
        # A woman, a man and a lineage (a group: neither a woman's nor a man's holding) holding in thirds.
        people = [
            make_person(cls.village_a, "Kɔnɛ", "Ŋaba", "M"),
            make_person(cls.village_a, "Sawadogo", "Awa"),
        ]
        cls.parcel_c = record_shared_holding(cls.village_a, square(300, 0), people)

    def home(self, user):
        self.client.force_login(user)
        return self.client.get(reverse("web:home"))

    def test_the_figures_of_the_users_scope(self):
        context = self.home(self.registrar).context
        area_ha = sum(p.area_m2 for p in (self.parcel_a, self.parcel_b, self.parcel_c)) / 10_000
        assert (context["parcel_count"], round(context["total_area_ha"], 6)) == (3, round(area_ha, 6))
        assert (context["women_holdings"], context["men_holdings"]) == (2, 1)
        assert [(v.code, v.name, v.parcel_count) for v in context["villages"]] == [
            ("TC-A", "Village A", 2),
            ("TC-B", "Village B", 1),
        ]
        # Another village's agent: their village's figures only, not the commune's kept ones.
        context = self.home(self.agent_b).context
        assert (context["parcel_count"], context["women_holdings"], context["men_holdings"]) == (1, 0, 0)
        assert [(v.code, v.parcel_count) for v in context["villages"]] == [("TC-B", 1)]
        assert "Ŋaba" not in self.home(self.agent_b).content.decode()

    def test_a_programme_officer_reads_the_figures_of_their_statistics_scope(self):
        """Seen in Chromium as the demo's programme officer: « 0 parcelles » and « Aucun village dans votre
        périmètre » at home, while the statistics page counted the commune."""
        programme = make_user("programme-ŋ", Role.PROGRAMME_OFFICER, self.commune)
        self.client.force_login(programme)
        page = self.client.get(reverse("web:home"), HTTP_HOST="127.0.0.1")
        html = page.content.decode()
        assert "<strong>3</strong> parcelles" in html and "Aucun village dans votre périmètre" not in html
        assert "<td>TC-A</td><td>Village A</td><td>2</td>" in html
        assert "<td>TC-B</td><td>Village B</td><td>1</td>" in html
        assert "<strong>2</strong> détentions par des femmes, seules, en commun ou en groupe" in html
        assert "Ŋaba" not in html and "Kɔnɛ" not in html  # counts only, no names
        # A user with no role does not read the officer's kept figures.
        self.client.force_login(self.stranger)
        html = self.client.get(reverse("web:home"), HTTP_HOST="127.0.0.1").content.decode()
        assert "<strong>0</strong> parcelles" in html and "Aucun village dans votre périmètre" in html

    def test_coming_back_home_reads_the_figures_once_until_a_write(self):
        self.home(self.registrar)
        with CaptureQueriesContext(connection) as again:
            self.client.get(reverse("web:home"))
        read = " ".join(q["sql"] for q in again)
        # The holdings by sex read again would join the holders; the work page's print queue reads them too,
        # for its rows to reissue (a holder's name corrected since issue), and is not a kept figure.
        assert not [q for q in again if "rights_rightholder" in q["sql"] and '"sex"' in q["sql"]]
        assert 'SUM("parcels_parcel"' not in read
        # A parcel recorded: the next visit counts it.
        parcel_record(village=self.village_b, geometry=square(2000, 0), survey_method="gps")
        page = self.client.get(reverse("web:home"))
        assert page.context["parcel_count"] == 4
        assert [(v.code, v.parcel_count) for v in page.context["villages"]][1] == ("TC-B", 2)

    def test_a_page_in_french_prints_them(self):
        page = self.home(self.registrar).content.decode()
        assert "<strong>3</strong>" in page and "<td>TC-B</td><td>Village B</td><td>1</td>" in page

    def test_the_members_of_a_family_holding_count_as_on_the_statistics_page(self):
        # Before: the home page counted the holdings of people holding in their own name only, so the demo's
        # programme officer read 107 holdings by women at home and 161 on the statistics page.
        family = party_create(
            kind=PartyKind.GROUP, village=self.village_a, name="Famille Ɓaŋɔ", group_type="family"
        )
        group_set_members(
            group=family,
            members=[
                MemberShare(
                    member=make_person(self.village_a, "Ɓaŋɔ", "Ɛlisabɛt"), share="1/2", is_mandatary=True
                ),
                MemberShare(member=make_person(self.village_a, "Ɓaŋɔ", "Issa", "M"), share="1/2"),
            ],
        )
        right_register(
            parcel=parcel_record(village=self.village_a, geometry=square(600, 0), survey_method="gps"),
            right_type="customaryType",
            holders=[HolderShare(party=family)],
            tenure_system="customary",
            legal_basis="Loi 034-2009/AN, art. 36",
        )
        programme = make_user("programme-ɛ", Role.PROGRAMME_OFFICER, self.commune)
        html = self.home(programme).content.decode()
        assert "<strong>3</strong> détentions par des femmes, seules, en commun ou en groupe" in html
        assert "<strong>2</strong> détentions par des hommes, seuls, en commun ou en groupe" in html
        today = clock.today()
        with translation.override("fr"):
            figure = holders_by_sex(scope_for(programme, start=today, end=today))
            totals = {str(row[0]): row[2] for row in figure.rows}
        assert (totals["Femmes, toutes détentions"], totals["Hommes, toutes détentions"]) == (3, 2)
