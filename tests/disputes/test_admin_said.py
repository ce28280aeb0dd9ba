"""The administration's edit form of a dispute case shows its subject, the registry's message, in the
reader's language as the lists do, not as stored (English); saved as shown, the stored message is kept;
typed anew, the new text is kept. Posted as the admin renders its form."""

from html import unescape

from django.test import Client

from landreg.accounts.models import User
from landreg.adjudication.notice.objections import objection_lodge
from landreg.adjudication.states import ClaimState
from landreg.disputes.models import DisputeCase
from tests.browser_forms import form_with_field
from tests.disputes.helpers import DisputeTestCase


class DisputeCaseAdminSubjectTests(DisputeTestCase):
    def setUp(self):
        super().setUp()
        claim = self.walk_to(self.draft(), ClaimState.PUBLIC_NOTICE)
        self.case = objection_lodge(
            claim=claim, recorded_by=self.stranger, grounds="Le puits de Ɓila"
        ).dispute
        self.receipt = claim.receipt_number
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(User.objects.create_superuser("root", password="x"))
        self.url = f"/admin/disputes/disputecase/{self.case.pk}/change/"

    def form(self, language: str):
        self.browser.cookies["django_language"] = language
        return form_with_field(unescape(self.browser.get(self.url).content.decode()), "subject")

    def test_the_subject_reads_in_the_reader_s_language_and_is_kept_when_saved_as_shown(self):
        assert self.case.subject == f"Objection to claim {self.receipt}"
        assert dict(self.form("en").fields)["subject"] == f"Objection to claim {self.receipt}"
        french = self.form("fr")
        assert dict(french.fields)["subject"] == f"Opposition à la demande {self.receipt}"
        response = self.browser.post(self.url, french.data(french.button("Enregistrer")))
        assert response.status_code == 302, unescape(response.content.decode())[:3000]
        assert DisputeCase.objects.get(pk=self.case.pk).subject == f"Objection to claim {self.receipt}"

    def test_a_subject_typed_anew_is_kept_as_typed(self):
        french = self.form("fr")
        typed = "Limite du champ de Kɔnɛ contestée par ZONGO Paul"
        response = self.browser.post(self.url, french.data(french.button("Enregistrer"), subject=typed))
        assert response.status_code == 302, unescape(response.content.decode())[:3000]
        assert DisputeCase.objects.get(pk=self.case.pk).subject == typed
