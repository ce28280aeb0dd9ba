"""The court's decision on the case page is named as such (seen walking a dispute to the court on the demo):
its printed record's link read « Procès-verbal (PDF) » although the paper is « Relevé d'une décision de
justice », and the decision's form asked for « Limites convenues » and « Titulaires convenus », the words of
the parties' agreement, for what the court set."""

from html import unescape

from landreg.core import clock
from landreg.disputes.cases import transitions as moves
from tests.disputes.test_pages import PageTestCase


class CourtDecisionWordsTests(PageTestCase):
    def test_the_decision_form_and_its_record_speak_of_the_court(self):
        case = self.file_case(parcels=[self.parcel_a], subject="Borne nord")
        self.held_session(case)
        moves.non_conciliation(
            case=case, actor=self.conciliator, decided_on=clock.today(), summary="Désaccord"
        )
        moves.refer(
            case=case,
            actor=self.disputes,
            court_name="TGI de Koudougou",
            court_reference="RG 12/2030",
            referred_on=clock.today(),
        )
        page = unescape(self.client_for(self.disputes).get(f"/disputes/{case.pk}/").content.decode())
        decide = page.split("/moves/decide/", 1)[1].split("</form>", 1)[0]
        assert "Limites fixées par le tribunal" in decide and "Titulaires fixés par le tribunal" in decide
        assert "convenu" not in decide
        moves.decide(
            case=case,
            actor=self.disputes,
            decided_on=clock.today(),
            summary="Rejet",
            document=self.court_decision(),
        )
        page = unescape(self.client_for(self.disputes).get(f"/disputes/{case.pk}/").content.decode())
        assert ">Relevé de la décision (PDF)</a>" in page and page.count(">Procès-verbal (PDF)</a>") == 1
