"""A claim's boundary must lie in its village: checked when drafted, at submission and at screening,
not first at the mayor's approval (a parcel drawn in another country used to pass every step before it)."""

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.utils import translation

from landreg.adjudication.claims import transitions as t
from landreg.adjudication.claims.services import claim_draft
from landreg.adjudication.states import ClaimState
from landreg.parcels.checks import BoundaryErrors
from tests.adjudication.helpers import AdjudicationTestCase, applicant
from tests.geometries import square

# Madagascar, far from the test villages near Koudougou (Burkina Faso).
ELSEWHERE = Polygon(((47.50, -18.90), (47.501, -18.90), (47.501, -18.899), (47.50, -18.899), (47.50, -18.90)))


class ClaimContainmentTests(AdjudicationTestCase):
    def give_village_a_its_boundary(self):
        # Village A covers the test squares from (-500, -500) to (1000, 1000) m: square(100, 0) is inside.
        box = Polygon.from_bbox(square(-500, -500, side=1500).extent)
        self.village_a.boundary = MultiPolygon(box, srid=4326)
        self.village_a.save(update_fields=["boundary"])

    def draft_elsewhere(self):
        ELSEWHERE.srid = 4326
        return claim_draft(
            actor=self.agent_a,
            village=self.village_a,
            geometry=ELSEWHERE,
            right_type="customaryType",
            claimants=[applicant()],
        )

    def test_a_claim_drawn_in_another_country_is_refused_when_drafted_with_a_french_message(self):
        self.give_village_a_its_boundary()
        translation.activate("fr")
        with pytest.raises(BoundaryErrors) as refused:
            self.draft_elsewhere()
        assert "outside_village" in refused.value.codes
        assert "Le contour sort du village Village A" in str(refused.value)

    def test_a_claim_inside_its_village_is_drafted(self):
        self.give_village_a_its_boundary()
        assert self.draft(east=100).state == ClaimState.DRAFT

    def test_a_draft_made_before_the_village_had_its_boundary_is_refused_at_submission(self):
        claim = self.draft_elsewhere()
        self.give_village_a_its_boundary()
        with pytest.raises(BoundaryErrors) as refused:
            self.submitted(claim)
        assert "outside_village" in refused.value.codes
        claim.refresh_from_db()
        assert claim.state == ClaimState.DRAFT and not claim.receipt_number

    def test_a_submitted_claim_outside_its_village_cannot_be_accepted_at_screening(self):
        claim = self.submitted(self.draft_elsewhere())
        self.give_village_a_its_boundary()
        t.screening_start(claim=claim, actor=self.registrar)
        with pytest.raises(BoundaryErrors) as refused:
            t.screening_accept(claim=claim, actor=self.registrar)
        assert "outside_village" in refused.value.codes
        claim.refresh_from_db()
        assert claim.state == ClaimState.SCREENING and not claim.parcel_number

    def test_the_registrar_returns_it_to_the_agent_instead(self):
        claim = self.submitted(self.draft_elsewhere())
        self.give_village_a_its_boundary()
        t.screening_start(claim=claim, actor=self.registrar)
        t.screening_return(claim=claim, actor=self.registrar, reasons="Le contour sort du village")
        claim.refresh_from_db()
        assert claim.state == ClaimState.RETURNED
