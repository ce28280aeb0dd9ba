"""The certificate's limits name the neighbours the site visit invited, on the same sides.

Before: the site visit found neighbours at the procedure profile's gap (5 m) and the certificate at the
topology's (0.5 m), each with its own shared stretch of boundary: a neighbour across a 3 m track signed the
record and was missing from the certificate.
"""

from landreg.accounts.roles import Role
from landreg.adjudication.site.visits import suggested_neighbours
from landreg.adjudication.states import ClaimState
from landreg.certificates.issuing.services import certificate_issue
from tests.adjudication.helpers import AdjudicationTestCase, make_user
from tests.base import make_person


class CertificateNeighboursTests(AdjudicationTestCase):
    def test_the_certificate_names_the_site_visits_neighbours_on_the_same_sides(self):
        # The claim (100-200 m east) touches TC-A-00001 to the west; a field of Ŋɔmbɔ Ɓila lies across a 3 m
        # track to the north, and one of Ɛsi Ɓaŋa touches the south-east corner only.
        north = self.parcel_held(100, 103, holder=make_person(self.village_a, "Ŋɔmbɔ", "Ɓila"))
        corner = self.parcel_held(200, -100, holder=make_person(self.village_a, "Ɓaŋa", "Ɛsi"))
        claim = self.draft()
        at_visit = {(row.neighbour_parcel.number, row.direction) for row in suggested_neighbours(claim)}
        assert (north.number, "N") in at_visit and (self.parcel_a.number, "W") in at_visit
        assert corner.number in {number for number, _side in at_visit}
        claim = self.walk_to(claim, ClaimState.READY_FOR_CERTIFICATE)
        registrar = make_user("guichet_a", Role.REGISTRAR, self.commune)
        certificate, _created = certificate_issue(right=claim.right, actor=registrar)
        printed = {
            (label.split(" ")[0], side)
            for side, labels in certificate.content["neighbours"].items()
            for label in labels
            if label.startswith("TC-")
        }
        assert printed == at_visit
        assert f"{north.number} (ŊƆMBƆ Ɓila)" in certificate.content["neighbours"]["N"]
