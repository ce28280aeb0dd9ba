"""The site visit's form reads as many statements for a claim held by five registered families, its land
touching five recorded parcels, as for one family and one neighbour: it proposed each family's members as
present one statement per family, and each neighbouring parcel's holders one statement per parcel, per right
and per holder. The members and holders are still the ones proposed."""

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
        """A claim of ``count`` registered families (two members each), its east side touching ``count``
        parcels each held by two people; the names the form must propose."""
        families, names = [], []
        for k in range(count):
            family = party_create(
                kind=PartyKind.GROUP,
                village=self.village_a,
                name=f"Famille Ŋaba {east}-{k}",
                group_type=GroupType.FAMILY,
            )
            kin = [
                make_person(self.village_a, "Ŋaba", f"Ɓintou {east}-{k}"),
                make_person(self.village_a, "Ŋaba", f"Salif {east}-{k}", "M"),
            ]
            group_set_members(
                group=family,
                members=[MemberShare(member=p, share="1/2", is_mandatary=n == 0) for n, p in enumerate(kin)],
            )
            families.append(family)
            names += [p.display_name for p in kin]
            side = 100 // count
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
        claim = self.draft(
            east=east,
            north=NORTH,
            claimants=[ClaimantInput(party=f, share=f"1/{count}") for f in families],
        )
        return self.walk_to(claim, ClaimState.SITE_VERIFICATION), names

    def form(self, claim) -> tuple[int, str]:
        self.client.force_login(self.president_a)
        address = f"/adjudication/claims/{claim.pk}/site-visit/"
        self.client.get(address)  # the process's caches
        with CaptureQueriesContext(connection) as read:
            response = self.client.get(address)
        assert response.status_code == 200
        return len(read), html.unescape(response.content.decode())

    def test_the_form_reads_as_many_statements_for_five_families_and_neighbours_as_for_one(self):
        small, _names = self.claim_at_site(1000, 1)
        large, names = self.claim_at_site(3000, 5)
        one, _page = self.form(small)
        five, page = self.form(large)
        missing = [name for name in names if name not in page]
        assert not missing, missing
        assert five == one, (one, five)
