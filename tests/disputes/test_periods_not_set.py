"""The preset procedure profiles leave the period to take a dispute to court and the appeal period empty: the
domain brief and the seed documents give no duration for them (they are the law's, each country's, for an
administrator to enter). The case page said nothing then, as if no deadline ran; it now says « délai non fixé
par le profil » where the date a case may be declared final would be, and the date once the profile sets the
period."""

from html import unescape

from landreg.adjudication.models import ProcedureProfile
from landreg.adjudication.profiles import PRESETS
from landreg.core import clock
from landreg.disputes.cases import transitions as moves
from tests.base import make_person, record_shared_holding
from tests.disputes.test_pages import PageTestCase
from tests.geometries import square

NOT_SET = "délai non fixé par le profil"


class PeriodsNotSetTests(PageTestCase):
    def setUp(self):
        super().setUp()
        holding = record_shared_holding(
            self.village_a,
            square(3000, 0),
            [self.holder_a, make_person(self.village_a, last_name="Ŋaba", first_names="Ɓintu Fatɛ")],
        )
        self.case = self.file_case(subject="Champ du lignage Ɓɔɔ", parcels=[holding])
        self.held_session(self.case)

    def page(self) -> str:
        response = self.client_for(self.disputes).get(f"/disputes/{self.case.pk}/")
        assert response.status_code == 200
        return unescape(response.content.decode())

    def test_the_presets_leave_both_periods_to_the_administrator(self):
        assert all(p.get("dispute_court_days") is None for p in PRESETS)
        assert set(ProcedureProfile.objects.values_list("dispute_appeal_days", flat=True)) == {None}

    def test_the_case_page_says_the_period_to_go_to_court_and_to_appeal_is_not_set(self):
        assert NOT_SET not in self.page()  # in conciliation, no such period runs
        moves.non_conciliation(
            case=self.case, actor=self.conciliator, decided_on=clock.today(), summary="Le lignage Ɓɔɔ refuse."
        )
        html = self.page()
        said = '<dt>Délai pour saisir le tribunal</dt><dd class="period-not-set" data-period="court">'
        assert said + NOT_SET in html
        moves.refer(
            case=self.case,
            actor=self.disputes,
            court_name="TGI de Koudougou",
            court_reference="RG 12/2030",
            referred_on=clock.today(),
        )
        assert NOT_SET not in self.page()  # the court is seized
        moves.decide(
            case=self.case,
            actor=self.disputes,
            decided_on=clock.today(),
            summary="Le champ revient au lignage Ɓɔɔ.",
            document=self.court_decision(),
        )
        html = self.page()
        said = '<dt>Délai d’appel de la décision</dt><dd class="period-not-set" data-period="appeal">'
        assert said + NOT_SET in html
        moves.finalise(case=self.case, actor=self.disputes, reason="Aucun appel dans le délai légal")
        assert NOT_SET not in self.page()  # final: no period left

    def test_a_period_set_in_the_profile_shows_its_date_instead(self):
        ProcedureProfile.objects.filter(pk=self.profile.pk).update(dispute_court_days=30)
        moves.non_conciliation(
            case=self.case, actor=self.conciliator, decided_on=clock.today(), summary="Le lignage Ɓɔɔ refuse."
        )
        html = self.page()
        assert NOT_SET not in html and "Peut être déclaré définitif à partir du" in html
