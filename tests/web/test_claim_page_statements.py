"""The claim's page reads a bounded number of statements, whatever the number of its claimants: a family's
claim names a dozen people, each once read apart (their registered party, its name), one statement a name."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from landreg.adjudication.claims.services import ClaimantInput
from landreg.parties.models import Sex
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person

NAMES = ("Ŋaba Aminata", "Ɓukari", "Issaka", "Ɓintou", "Ŋani")


class ClaimPageStatementsTests(AdjudicationTestCase):
    def claim_of(self, count: int, east: int):
        """A claim of ``count`` registered people of village A, in equal shares, and one named without a
        record."""
        people = [
            make_person(
                self.village_a,
                last_name="Kɔnɛ",
                first_names=f"{NAMES[n]} {east}",
                sex=Sex.FEMALE if n % 2 else Sex.MALE,
            )
            for n in range(count)
        ]
        claimants = [ClaimantInput(party=person, share=f"1/{count + 1}") for person in people]
        claimants.append(
            ClaimantInput(last_name="Ouédraogo", first_names="Ɓila", sex="M", share=f"1/{count + 1}")
        )
        return self.draft(east=east, claimants=claimants), people

    def statements(self, claim) -> tuple[int, str]:
        self.client.force_login(self.registrar)
        address = f"/adjudication/claims/{claim.pk}/"
        self.client.get(address)  # the process's caches: permissions kept, content types
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(address)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    def test_the_claim_page_reads_as_many_statements_for_five_claimants_as_for_one(self):
        one, [alone] = self.claim_of(1, 100)
        five, people = self.claim_of(5, 400)
        count_one, html_one = self.statements(one)
        count_five, html_five = self.statements(five)
        assert f"/people/{alone.pk}/" in html_one and "OUÉDRAOGO Ɓila" in html_one
        for person in people:  # each named, and linked to their page
            assert f"/people/{person.pk}/" in html_five and person.display_name in html_five
        assert count_five == count_one, (count_one, count_five)
