"""A person asking at the counter after their file gives their name: the header search lists the claims that
name them (registered or not yet), with their state, in the user's villages only."""

from django.urls import reverse

from landreg.adjudication.claims.services import ClaimantInput
from landreg.adjudication.models import Claimant, ClaimantRole
from landreg.parties.models import Sex
from tests.adjudication.helpers import AdjudicationTestCase, applicant
from tests.base import make_person


class ClaimsFoundByNameTests(AdjudicationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # A registered person of village A, and her namesake of village B.
        cls.kone = make_person(cls.village_a, last_name="Kɔnɛ", first_names="Ŋaba", sex=Sex.FEMALE)
        cls.kone_b = make_person(cls.village_b, last_name="Kɔnɛ", first_names="Ŋaba", sex=Sex.FEMALE)

    def setUp(self):
        super().setUp()
        # « ƁATIONO Tɛnɛ », not registered yet: her claim is lodged (receipt number), a second one a draft.
        self.lodged = self.submitted(self.draft(claimants=[applicant("Ɓationo", "Tɛnɛ", "F")]))
        self.drafted = self.draft(east=400, claimants=[applicant("Ɓationo", "Tɛnɛ", "F")])
        # Kɔnɛ Ŋaba (registered) claims with Salif Kaboré; she is only a witness on another claim.
        self.with_kone = self.submitted(
            self.draft(
                east=700,
                claimants=[
                    ClaimantInput(party=self.kone, share="1/2"),
                    applicant("Kaboré", "Salif", "M", share="1/2"),
                ],
            )
        )
        self.witnessed = self.draft(
            east=1000,
            claimants=[applicant("Zongo", "Issa"), ClaimantInput(party=self.kone, role=ClaimantRole.WITNESS)],
        )
        # Her namesake of village B claims there.
        self.in_b = self.draft(
            east=1300,
            village=self.village_b,
            agent=self.agent_b,
            claimants=[ClaimantInput(party=self.kone_b)],
        )

    def search(self, user, query):
        self.client.force_login(user)
        response = self.client.get(reverse("web:search"), {"q": query})
        assert response.status_code == 200
        return response

    def claims(self, user, query):
        return [c.pk for c in self.search(user, query).context["results"]["claims"].rows]

    def test_a_claimant_not_registered_yet_finds_her_claims_however_her_name_is_typed(self):
        expected = [self.lodged.pk, self.drafted.pk]  # the numbered first, then the draft
        for query in ("Ɓationo Tɛnɛ", "bationo tene", "TENE BATIONO", "Bationo", "tɛnɛ", "Bationo"):
            assert self.claims(self.agent_a, query) == expected, query

    def test_the_page_lists_her_claims_with_their_state_and_links(self):
        page = self.search(self.agent_a, "tene bationo").content.decode()
        assert "Demandes (2)" in page
        lodged_url = reverse("adjudication:claim-detail", args=[self.lodged.pk])
        assert f'<a href="{lodged_url}">{self.lodged.receipt_number}</a> — Village A — déposée' in page
        drafted_url = reverse("adjudication:claim-detail", args=[self.drafted.pk])
        assert (
            f'<a href="{drafted_url}">brouillon sans numéro de récépissé</a> — Village A — brouillon' in page
        )
        assert "None" not in page

    def test_a_part_of_her_name_written_on_the_claim_finds_it_on_every_database(self):
        for query in ("ationo", "ɓatio", "atio ten", "TƐNƐ bati"):
            assert self.claims(self.agent_a, query) == [self.lodged.pk, self.drafted.pk], query
        assert self.claims(self.agent_a, "abor sal") == [self.with_kone.pk]  # Kaboré Salif, on the claim only

    def test_a_registered_person_finds_the_claims_she_is_party_to_not_those_she_witnessed(self):
        for query in ("Kone Ngaba", "ŋaba kɔnɛ", "KONÉ"):
            assert self.claims(self.agent_a, query) == [self.with_kone.pk], query
        # Her co-claimant finds the same claim by his own name, written on the claim only.
        assert self.claims(self.agent_a, "kabore salif") == [self.with_kone.pk]

    def test_claims_of_another_village_are_not_listed(self):
        assert self.claims(self.agent_b, "Kone Ngaba") == [self.in_b.pk]
        assert self.claims(self.agent_b, "Bationo Tene") == []
        assert self.claims(self.agent_a, "Kone Ngaba") == [self.with_kone.pk]
        assert self.claims(self.registrar, "Kone Ngaba") == [self.with_kone.pk, self.in_b.pk]

    def test_a_text_with_digits_still_finds_a_claim_by_name_and_by_receipt_number(self):
        assert self.claims(self.agent_a, self.lodged.receipt_number) == [self.lodged.pk]
        assert self.claims(self.agent_a, "Bationo 1") == []  # every word must match, as for people

    def test_the_search_columns_follow_the_names_written_on_the_claim(self):
        claimant = Claimant.objects.get(claim=self.lodged, role=ClaimantRole.HOLDER)
        assert (claimant.search_name, claimant.name_key[:3]) == ("bationo tene", "bat")
        claimant.last_name = "Sawadogo"
        claimant.save(update_fields=["last_name"])
        assert self.claims(self.agent_a, "Sawadogo Tene") == [self.lodged.pk]
        assert self.claims(self.agent_a, "Bationo") == [self.drafted.pk]
