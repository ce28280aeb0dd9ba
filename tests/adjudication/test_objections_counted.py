"""The refusal to validate a claim with open objections counts them as French and English write it:
« 1 opposition est encore ouverte », « 2 oppositions sont encore ouvertes », never « opposition(s) »."""

from django.utils import translation

from landreg.adjudication.claims import transitions as t
from landreg.adjudication.exceptions import ObjectionPendingError
from landreg.adjudication.notice.objections import objection_lodge
from landreg.adjudication.states import ClaimState
from tests.adjudication.helpers import AdjudicationTestCase

NNBSP = "\u202f"


class OpenObjectionsCountedTests(AdjudicationTestCase):
    def refusals(self, *grounds) -> dict:
        claim = self.accepted(self.submitted(self.draft()))
        for text in grounds:
            objection_lodge(claim=claim, recorded_by=self.stranger, grounds=text)
        claim = self.step(self.walk_to(claim, ClaimState.SITE_VERIFICATION))
        self.votes(claim, approve=self.profile.quorum_min_votes)
        said = {}
        for language in ("fr", "en"):
            with translation.override(language), self.assertRaises(ObjectionPendingError) as refused:
                t.committee_validate(claim=claim, actor=self.president_a)
            said[language] = str(refused.exception)
        return said

    def test_one_open_objection_is_said_in_the_singular(self):
        said = self.refusals("La limite nord empiète sur le champ de Kɔnɛ")
        assert said["fr"] == f"1 opposition est encore ouverte{NNBSP}: réglez-la avant la validation."
        assert said["en"] == "1 objection is still open: settle it before validation."

    def test_two_open_objections_are_said_in_the_plural(self):
        said = self.refusals("Terre du lignage de Ŋaba", "Le puits de Ɓila est sur la parcelle")
        assert said["fr"] == f"2 oppositions sont encore ouvertes{NNBSP}: réglez-les avant la validation."
        assert said["en"] == "2 objections are still open: settle them before validation."
