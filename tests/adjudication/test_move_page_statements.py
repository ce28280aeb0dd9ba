"""The claim's move confirmation page (« Rejeter », « Retirer », « Renvoyer à l’agent »…) reads as many
statements for a family of five as for one person: it names every claimant, and each registered one's name was
read apart (Claimant.public_name), one statement a claimant."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from landreg.adjudication.claims import transitions as t
from landreg.adjudication.claims.services import ClaimantInput
from landreg.adjudication.models import ClaimantRole
from landreg.parties.models import Sex
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person

FIRST_NAMES = ("Ɓintou", "Ŋaba", "Kɔnɛ Salif", "Ɓukari", "Ŋani")


class MovePageStatementsTests(AdjudicationTestCase):
    def family_claim(self, members: int, east: int):
        """A family's claim (a collective holding): its mandatary and ``members - 1`` other members, each a
        registered person of village A, in equal shares."""
        people = [
            make_person(
                self.village_a,
                last_name="Kaboré",
                first_names=f"{FIRST_NAMES[n]} {east}",
                sex=Sex.FEMALE if n % 2 else Sex.MALE,
            )
            for n in range(members)
        ]
        claimants = [ClaimantInput(kind="group", name=f"Famille Ŋaba de Tanghin {east}", group_type="family")]
        claimants += [
            ClaimantInput(
                party=person,
                share=f"1/{members}",
                role=ClaimantRole.MANDATARY if n == 0 else ClaimantRole.MEMBER,
            )
            for n, person in enumerate(people)
        ]
        claim = self.draft(east=east, claimants=claimants)
        self.attach(claim, "mandate")
        claim = self.submitted(claim)
        return t.screening_start(claim=claim, actor=self.registrar), people

    def statements(self, user, claim, move: str) -> tuple[int, str]:
        self.client.force_login(user)
        address = f"/adjudication/claims/{claim.pk}/moves/{move}/"
        self.client.get(address)  # the process's caches: permissions kept, content types
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(address)
        assert response.status_code == 200, response.status_code
        return len(captured), response.content.decode()

    def test_the_move_page_reads_as_many_statements_for_five_members_as_for_one(self):
        one, [alone] = self.family_claim(1, 100)
        five, people = self.family_claim(5, 400)
        for move in ("reject", "screening_return"):
            count_one, html_one = self.statements(self.registrar, one, move)
            count_five, html_five = self.statements(self.registrar, five, move)
            assert alone.display_name in html_one and "Famille Ŋaba de Tanghin 100" in html_one
            for person in people:
                assert person.display_name in html_five, person.display_name
            assert count_five == count_one, (move, count_one, count_five)
