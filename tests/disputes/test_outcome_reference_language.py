"""The reference a court's decision writes into the register (the new right's description, « décision de
justice du …, dossier … ») reads in the reader's language, the decision's kind too: it was written in the
language of whoever recorded the decision, and the kind stayed English on a French page (« court decision du
… ») once the rest was said again. References written before, in French, read in English."""

from django.test import Client

from landreg.accounts.models import User
from landreg.core import clock
from landreg.disputes.cases import transitions as moves
from landreg.rights.models import Right
from tests.base import make_person
from tests.disputes.helpers import DisputeTestCase


class CourtDecisionReferenceTests(DisputeTestCase):
    def decided_shares(self) -> Right:
        sister = make_person(self.village_a, "Ouédraogo", "Ɛlise")
        case = self.file_case(subject="Parts du champ de Kɔnɛ", rights=[self.right_a])
        self.held_session(case)
        moves.non_conciliation(case=case, actor=self.conciliator, decided_on=clock.today(), summary="Refus")
        moves.refer(
            case=case,
            actor=self.disputes,
            court_name="TGI",
            court_reference="RG 1",
            referred_on=clock.today(),
        )
        moves.decide(
            case=case,
            actor=self.disputes,
            decided_on=clock.today(),
            summary="Parts égales",
            document=self.court_decision(),
            change="shares",
            change_data={
                "holders": [
                    {"party": str(self.holder_a.pk), "share": "1/2"},
                    {"party": str(sister.pk), "share": "1/2"},
                ]
            },
        )
        self.number, self.day = case.number, clock.today().strftime("%d/%m/%Y")
        return self.parcel_a.rights.current().get()

    def rights_list(self, language: str) -> str:
        browser = Client()
        browser.force_login(User.objects.create_superuser(f"root_{language}", password="x"))
        browser.cookies["django_language"] = language
        return browser.get("/admin/rights/right/").content.decode()

    def test_the_court_decision_reads_in_french_and_in_english(self):
        right = self.decided_shares()
        assert right.description == f"court decision of {self.day}, case {self.number}"  # the registry's
        french = self.rights_list("fr")
        assert f"décision de justice du {self.day}, dossier {self.number}" in french
        assert "court decision" not in french
        assert f"court decision of {self.day}, case {self.number}" in self.rights_list("en")

    def test_a_reference_written_in_french_before_reads_in_english(self):
        right = self.decided_shares()
        Right.objects.filter(pk=right.pk).update(
            description=f"décision de justice du {self.day}, dossier {self.number}"
        )
        english = self.rights_list("en")
        assert f"court decision of {self.day}, case {self.number}" in english and "justice" not in english
