"""The site visit's form reads as many statements for a claim by a registered family of ten members, its land
touching five recorded parcels, as for a family of two and one neighbour: it proposed the family's members as
present one statement per family, and each neighbouring parcel's holders one statement per parcel, per right
and per holder. The members and holders are still the ones proposed. (A group claims alone, aa84d2b: the
members grow, not the families.)"""

import html

from django.db import connection
from django.test.utils import CaptureQueriesContext

from landreg.adjudication.claims.services import ClaimantInput
from landreg.adjudication.states import ClaimState
from landreg.parcels.services import parcel_record
from landreg.parties.models import GroupType, PartyKind
from landreg.parties.services import MemberShare, group_set_members, party_create
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.helpers import AdjudicationTestCase
from tests.base import make_person
from tests.geometries import square

NORTH = 5000


class SiteVisitFormStatementsTests(AdjudicationTestCase):
    def claim_at_site(self, east: int, count: int):
        """A claim of a registered family (``2 * count`` members), its east side touching ``count`` parcels
        each held by two people; the names the form must propose."""
        family = party_create(
            kind=PartyKind.GROUP,
            village=self.village_a,
            name=f"Famille Ŋaba {east}",
            group_type=GroupType.FAMILY,
        )
        kin = [
            make_person(self.village_a, "Ŋaba", f"{first} {east}-{k}", sex)
            for k in range(count)
            for first, sex in (("Ɓintou", "F"), ("Salif", "M"))
        ]
        group_set_members(
            group=family,
            members=[
                MemberShare(member=p, share=f"1/{len(kin)}", is_mandatary=n == 0) for n, p in enumerate(kin)
            ],
        )
        names = [p.display_name for p in kin]
        side = 100 // count
        for k in range(count):
            neighbour = parcel_record(
                village=self.village_a,
                geometry=square(east + 100, NORTH + side * k, side=side),
                survey_method="gps",
            )
            holders = [
                make_person(self.village_a, "Kɔnɛ", f"Awa {east}-{k}"),
                make_person(self.village_a, "Sawadogo", f"Issa {east}-{k}", "M"),
            ]
            right_register(
                parcel=neighbour,
                right_type="customaryType",
                holders=[HolderShare(party=p, share="1/2") for p in holders],
                tenure_system="customary",
                legal_basis="Loi 034-2009/AN, art. 36",
            )
            names += [p.display_name for p in holders]
        claim = self.draft(east=east, north=NORTH, claimants=[ClaimantInput(party=family, share="1")])
        self.attach(claim, "mandate")
        return self.walk_to(claim, ClaimState.SITE_VERIFICATION), names

    def form(self, claim) -> tuple[int, str]:
        self.client.force_login(self.president_a)
        address = f"/adjudication/claims/{claim.pk}/site-visit/"
        self.client.get(address)  # the process's caches
        with CaptureQueriesContext(connection) as read:
            response = self.client.get(address)
        assert response.status_code == 200
        return len(read), html.unescape(response.content.decode())

    def test_the_form_reads_as_many_statements_for_ten_members_and_five_neighbours_as_for_two_and_one(self):
        small, _names = self.claim_at_site(1000, 1)
        large, names = self.claim_at_site(3000, 5)
        one, _page = self.form(small)
        five, page = self.form(large)
        missing = [name for name in names if name not in page]
        assert not missing, missing
        assert five == one, (one, five)
