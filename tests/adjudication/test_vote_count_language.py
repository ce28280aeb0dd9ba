"""The committee's vote count on a validation is kept as numbers and said in the reader's language: it was
stored as the sentence « 2 pour, 0 contre » in the move's reason, which English pages then showed."""

from django.utils import translation

from landreg.adjudication.claims import transitions as t
from landreg.adjudication.committee.votes import validation_note
from landreg.adjudication.states import ClaimState
from tests.adjudication.helpers import AdjudicationTestCase


class VoteCountSaidInTheReadersLanguageTests(AdjudicationTestCase):
    def validated(self):
        claim = self.walk_to(self.draft(), ClaimState.COMMITTEE_VALIDATION)
        self.votes(claim, approve=2)
        with translation.override("fr"):  # the president works in French
            return t.committee_validate(claim=claim, actor=self.president_a)

    def history(self, claim, language: str) -> str:
        self.client.force_login(self.president_a)
        self.client.cookies["django_language"] = language
        return self.client.get(f"/adjudication/claims/{claim.pk}/").content.decode()

    def test_the_count_is_stored_as_numbers_not_as_a_french_sentence(self):
        event = self.validated().events.get(move="committee_validate")
        assert event.reason == ""
        assert event.audit_event.payload["votes"] == {"approve": 2, "reject": 0}

    def test_the_claim_history_says_the_count_in_english_and_in_french(self):
        claim = self.validated()
        english, french = self.history(claim, "en"), self.history(claim, "fr")
        assert "2 for, 0 against" in english and "pour" not in english
        assert "2 pour, 0 contre" in french and "against" not in french

    def test_a_count_stored_as_a_sentence_before_is_said_in_the_readers_language(self):
        # Validations recorded before: the chained event holds the sentence; it cannot be rewritten.
        with translation.override("en"):
            assert validation_note(reason="3 pour, 1 contre", payload={}) == "3 for, 1 against"
        with translation.override("fr"):
            assert validation_note(reason="3 for, 1 against", payload={}) == "3 pour, 1 contre"
            assert validation_note(reason="Limites reconnues", payload={}) == "Limites reconnues"
