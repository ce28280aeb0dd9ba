"""The person page names a woman's part in a claim or a case in the feminine (« demandeuse », « héritière »),
a man's and a family's in the neutral word; a claim approved names her the holder (« titulaire »)."""

import re
from html import unescape

from django.test import Client

from landreg.adjudication.claims.services import ClaimantInput
from landreg.adjudication.states import ClaimState
from landreg.disputes.cases.services import PartyInput
from landreg.parties.models import GroupType, PartyKind, Sex
from landreg.parties.services import MemberShare, group_set_members, party_create
from tests.base import make_person
from tests.disputes.helpers import DisputeTestCase


def listed(html: str, css: str) -> str:
    part = html.split(f'class="{css}"')[1].split("</ul>")[0]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", part)).split())


class PersonPageRoleTests(DisputeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.kone = make_person(cls.village_a, "Kɔnɛ", "Ŋaba Aminata", Sex.FEMALE)
        cls.brother = make_person(cls.village_a, "Kɔnɛ", "Ɓukari", Sex.MALE)
        cls.family = party_create(
            kind=PartyKind.GROUP, village=cls.village_a, name="Famille Ŋaaré", group_type=GroupType.FAMILY
        )
        group_set_members(
            group=cls.family,
            members=[MemberShare(cls.kone, "1/2", is_mandatary=True), MemberShare(cls.brother, "1/2")],
        )

    def page(self, person) -> str:
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.registrar)
        response = browser.get(f"/people/{person.pk}/")
        assert response.status_code == 200
        return response.content.decode()

    def test_her_claim_and_her_case_name_her_part_in_the_feminine_her_familys_in_the_neutral(self):
        own = self.draft(east=900, claimants=[ClaimantInput(party=self.kone, share="1")])
        self.draft(east=1200, claimants=[ClaimantInput(party=self.family, kind=PartyKind.GROUP, share="1")])
        self.file_case(
            parties=[
                PartyInput("heir", self.kone.display_name, "F", self.kone),
                PartyInput("heir", self.brother.display_name, "M", self.brother),
            ],
            parcels=[self.parcel_a],
        )
        html = self.page(self.kone)
        claims = listed(html, "claims")
        assert "demandeuse (future titulaire)" in claims
        assert "demandeur (futur titulaire) (Famille Ŋaaré)" in claims  # the family's part, through it
        assert "héritière" in listed(html, "cases")
        brother = self.page(self.brother)
        assert "héritier" in listed(brother, "cases") and "héritière" not in listed(brother, "cases")
        # once approved, she holds the land: « titulaire »
        self.walk_to(own, ClaimState.READY_FOR_CERTIFICATE)
        claims = listed(self.page(self.kone), "claims")
        assert "— titulaire —" in claims or "— titulaire" in claims
        assert "demandeuse" not in claims
