"""The procedure's papers, downloaded from the claim's page through the links it renders: the receipt, the
site-verification record and the committee minutes. Each is a French PDF whose text is read back (pypdf)."""

import re

from landreg.adjudication.claims.services import ClaimantInput
from landreg.adjudication.models import ClaimantRole
from landreg.adjudication.states import ClaimState
from tests.adjudication.helpers import AdjudicationTestCase
from tests.adjudication.pdf import pdf_text


def boukary_family():
    """A woman-headed family: Awa holds two thirds and speaks for the family, her son one third."""
    return [
        ClaimantInput(kind="group", name="Famille Ɓoukary de Kuilga", group_type="family"),
        ClaimantInput(
            last_name="Ɓoukary",
            first_names="Awa Kɔnɛ",
            sex="F",
            share="2/3",
            role=ClaimantRole.MANDATARY,
            extra={
                "id_document_type": "national_id",
                "id_document_number": "B77001234",
                "birth_date": "1971-03-14",
                "birth_place": "Koudougou",
            },
        ),
        ClaimantInput(
            last_name="Ɓoukary", first_names="Ŋaaba", sex="M", share="1/3", role=ClaimantRole.MEMBER
        ),
    ]


class PaperTestCase(AdjudicationTestCase):
    def lodged(self):
        claim = self.draft(east=300, claimants=boukary_family())
        self.attach(claim, "mandate")
        return self.submitted(claim)

    def paper_link(self, user, claim, label: str) -> str:
        """The href of the claim page's link with this text, as the page renders it for ``user``."""
        self.client.force_login(user)
        page = self.client.get(f"/adjudication/claims/{claim.pk}/", HTTP_ACCEPT_LANGUAGE="fr")
        assert page.status_code == 200
        found = re.search(rf'<a href="([^"]+)">{re.escape(label)}</a>', page.content.decode())
        assert found, f"no link “{label}” on the claim page"
        return found.group(1)

    def pdf(self, href: str) -> str:
        response = self.client.get(href)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        return pdf_text(response.content)


class ClaimReceiptTests(PaperTestCase):
    def test_the_agent_prints_the_receipt_of_a_family_claim_with_members_shares_and_the_mandatary(self):
        claim = self.lodged()
        text = self.pdf(self.paper_link(self.agent_a, claim, "Récépissé de dépôt (PDF)"))
        assert "RÉCÉPISSÉ DE DÉPÔT" in text and f"Récépissé n° {claim.receipt_number}" in text
        assert "Commune de Test commune — village de Village A" in text
        assert "Déposée le 7 janvier 2030" in text
        assert "Famille Ɓoukary de Kuilga (famille)" in text
        assert "ƁOUKARY Awa Kɔnɛ" in text and "ƁOUKARY Ŋaaba" in text
        assert "2/3" in text and "1/3" in text and "mandataire du groupe" in text
        assert "1 ha 00 a 00 ca (10 000 m², EPSG:32630)" in text
        assert "Parcelle TC-A-00001" in text  # the limit to the west, as recorded
        assert "mandat" in text and "Enregistrée par agent_a" in text
        # The agent may see personal data: the receipt is the claimant's own paper and carries it.
        assert "B77001234" in text and "14/03/1971" in text and "Koudougou" in text
        # Notice dates are not known before screening; once posted, the receipt prints them.
        assert "fixée quand le service foncier accepte la demande" in text
        self.accepted(claim)
        claim.refresh_from_db()
        text = self.pdf(self.paper_link(self.agent_a, claim, "Récépissé de dépôt (PDF)"))
        assert f"du 7 janvier 2030 au {claim.notice_end.day} février 2030" in text
        assert "TC-A-00002" in text  # the parcel number reserved at screening

    def test_a_committee_member_without_the_personal_data_permission_gets_it_without_id_or_birth(self):
        claim = self.lodged()
        text = self.pdf(self.paper_link(self.member_a, claim, "Récépissé de dépôt (PDF)"))
        assert "ƁOUKARY Awa Kɔnɛ" in text and "2/3" in text
        assert "B77001234" not in text and "1971" not in text and "Koudougou" not in text

    def test_another_village_gets_404_and_a_visitor_is_sent_to_log_in(self):
        claim = self.lodged()
        href = self.paper_link(self.agent_a, claim, "Récépissé de dépôt (PDF)")
        self.client.force_login(self.agent_b)
        assert self.client.get(href).status_code == 404
        self.client.logout()
        response = self.client.get(href)
        assert response.status_code == 302 and "/login" in response["Location"]

    def test_a_draft_has_no_receipt(self):
        claim = self.draft(east=300, claimants=boukary_family())
        self.client.force_login(self.agent_a)
        page = self.client.get(f"/adjudication/claims/{claim.pk}/", HTTP_ACCEPT_LANGUAGE="fr")
        assert "Récépissé de dépôt" not in page.content.decode()
        assert self.client.get(f"/adjudication/claims/{claim.pk}/papers/receipt.pdf").status_code == 404
        assert claim.state == ClaimState.DRAFT
