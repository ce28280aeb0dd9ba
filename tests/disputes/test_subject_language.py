"""A case the registry opens by itself (an objection, a disagreement at the site verification) has the
registry's subject, kept as its message (English, with the claim's number) and said in the reader's
language: « Opposition à la demande … » was kept in French and shown so on English pages."""

from django.utils import translation

from landreg.adjudication.notice.objections import objection_lodge
from landreg.adjudication.states import ClaimState
from landreg.core.stored_messages import message_said
from tests.disputes.helpers import DisputeTestCase


class CaseSubjectSaidInTheReadersLanguageTests(DisputeTestCase):
    def page(self, url: str, language: str) -> str:
        self.client.force_login(self.conciliator)
        self.client.cookies["django_language"] = language
        return self.client.get(url).content.decode()

    def test_an_objections_case_reads_its_subject_in_english_and_in_french(self):
        claim = self.walk_to(self.draft(), ClaimState.PUBLIC_NOTICE)
        with translation.override("fr"):  # lodged at a French desk
            case = objection_lodge(claim=claim, recorded_by=self.stranger, grounds="Limite").dispute
        assert case.subject == f"Objection to claim {claim.receipt_number}"
        for url in (f"/disputes/{case.pk}/", "/disputes/cases/"):
            english, french = self.page(url, "en"), self.page(url, "fr")
            assert f"Objection to claim {claim.receipt_number}" in english, url
            assert "Opposition à la demande" not in english, url
            assert f"Opposition à la demande {claim.receipt_number}" in french, url

    def test_a_subject_kept_in_french_before_reads_in_english_and_a_typed_one_as_typed(self):
        assert message_said("Opposition à la demande R-2026-0001") == "Objection to claim R-2026-0001"
        assert message_said("Limite contestée entre deux champs") == "Limite contestée entre deux champs"
        assert message_said("Limite") == "Limite"  # a word typed, even if some label's French is the same
