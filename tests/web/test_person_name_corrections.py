"""The person page lists the corrections of the person's name (« Nom corrigé le … : ancien → nouveau
(motif) ») to the staff who see the personal data of the person's village: a clerk at the counter saw only
the corrected name and could not tell that the old certificate's « Aminata » was the same woman."""

import re
from html import unescape

from django.test import Client

from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimState
from tests.adjudication.helpers import AdjudicationTestCase
from tests.browser_forms import form_with_field


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


class PersonNameCorrectionTests(AdjudicationTestCase):
    profile_code = "bf-apfr"

    def setUp(self):
        super().setUp()
        self.browser = Client(enforce_csrf_checks=True)

    def correct(self, field: str, value: str, reason: str) -> Claim:
        """The correction lodged from the change page as the registrar types it, then walked to approval."""
        self.browser.force_login(self.registrar)
        url = f"/adjudication/parcels/{self.parcel_a.pk}/change/"
        form = form_with_field(self.browser.get(url).content.decode(), "kind")
        assert "csrfmiddlewaretoken" in dict(form.fields)
        typed = {
            "kind": "correction",
            "reason": reason,
            "corrected_party": str(self.holder_a.pk),
            "field": field,
            "value": value,
            "source_type": "id_document",
            "document_date": "2030-01-05",
            "reference": "CNIB B12345678",
        }
        response = self.browser.post(url, form.data(**typed))
        assert response.status_code == 302, text_of(response.content.decode())[:2000]
        correction = Claim.objects.filter(purpose="correction").latest("created_at")
        return self.walk_to(correction, ClaimState.READY_FOR_CERTIFICATE)

    def page(self, user) -> tuple[int, str]:
        self.browser.force_login(user)
        response = self.browser.get(f"/people/{self.holder_a.pk}/")
        return response.status_code, text_of(response.content.decode())

    def test_the_registrar_reads_each_correction_of_the_name_with_its_day_and_reason(self):
        first = self.correct(
            "first_names", "Aminatou", "Prénom mal transcrit ; acte de naissance n° 1988-114"
        )
        self.travel(3)
        self.correct("last_name", "Ouédraogo-Ɓaro", "Nom d’épouse ajouté ; acte de mariage n° 2012-031")
        status, page = self.page(self.registrar)
        assert status == 200 and "Corrections du nom" in page
        said = page.replace("\u202f", " ")
        assert (
            f"Nom corrigé le 07/01/2030 : OUÉDRAOGO Aminata → OUÉDRAOGO Aminatou (Prénom mal transcrit ; "
            f"acte de naissance n° 1988-114 ({first.receipt_number}))"
        ) in said
        assert "Nom corrigé le 10/01/2030 : OUÉDRAOGO Aminatou → OUÉDRAOGO-ƁARO Aminatou" in said

    def test_a_correction_of_another_field_is_not_a_name_correction(self):
        self.correct("birth_place", "Ɓoromo", "Lieu de naissance mal lu")
        status, page = self.page(self.registrar)
        assert status == 200 and "Corrections du nom" not in page

    def test_a_committee_member_and_the_staff_of_another_village_do_not_read_them(self):
        self.correct("first_names", "Aminatou", "Prénom mal transcrit")
        status, page = self.page(self.member_a)  # sees the village's records, not its personal data
        assert status == 200 and "OUÉDRAOGO Aminatou" in page
        assert "Corrections du nom" not in page and "Aminata →" not in page
        status, page = self.page(self.agent_b)
        assert status == 404 and "Aminata" not in page
