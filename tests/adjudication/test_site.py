from landreg.adjudication.claims import transitions as t
from landreg.adjudication.claims.spatial import neighbours_of
from landreg.adjudication.exceptions import ClaimError
from landreg.adjudication.models import AttendeeRole, SignatureMark
from landreg.adjudication.site.visits import AttendeeInput, site_visit_record, suggested_neighbours
from landreg.adjudication.states import ClaimState
from landreg.core import clock
from landreg.core.exceptions import PermissionDeniedError
from tests.adjudication.helpers import AdjudicationTestCase
from tests.geometries import square


class NeighbourTests(AdjudicationTestCase):
    def test_a_touching_parcel_is_a_neighbour_with_its_side(self):
        found = neighbours_of(square(100, 0))
        assert [(n.parcel.number, n.direction, round(n.distance_m, 3)) for n in found] == [
            ("TC-A-00001", "W", 0.0)
        ]

    def test_a_parcel_beyond_the_gap_is_not_a_neighbour(self):
        assert neighbours_of(square(103, 0), gap_m=5.0) != []
        assert neighbours_of(square(110, 0), gap_m=5.0) == []

    def test_the_form_suggests_the_neighbours_with_their_holders(self):
        claim = self.draft()
        rows = suggested_neighbours(claim)
        assert [(r.name, r.direction, r.neighbour_parcel) for r in rows] == [
            ("OUÉDRAOGO Aminata", "W", self.parcel_a)
        ]


class SiteRecordTests(AdjudicationTestCase):
    def at_site(self):
        return self.walk_to(self.draft(), ClaimState.SITE_VERIFICATION)

    def test_the_record_lists_attendees_their_agreement_and_marks(self):
        claim = self.at_site()
        visit = self.site_record(claim, agrees=False)
        assert visit.translated and visit.language == "mooré"
        rows = {(a.role, a.agrees, a.mark) for a in visit.attendees.all()}
        assert ("neighbour", False, "signature") in rows and ("applicant", True, "fingerprint") in rows

    def test_a_neighbour_added_by_hand_needs_no_parcel(self):
        claim = self.at_site()
        visit = site_visit_record(
            claim=claim,
            actor=self.agent_a,
            visit_date=clock.today(),
            place="Bas-fond",
            language="dioula",
            attendees=[
                AttendeeInput(AttendeeRole.APPLICANT, "KABORE Salif", True, SignatureMark.SIGNATURE),
                AttendeeInput(
                    AttendeeRole.NEIGHBOUR, "Marigot (limite naturelle)", True, SignatureMark.REFUSED
                ),
            ],
        )
        assert visit.attendees.get(role="neighbour").neighbour_parcel is None

    def test_an_attendee_without_a_mark_or_a_translation_without_language_is_refused(self):
        claim = self.at_site()
        with self.assertRaises(ClaimError):
            site_visit_record(
                claim=claim,
                actor=self.member_a,
                visit_date=clock.today(),
                place="x",
                language="mooré",
                attendees=[AttendeeInput(AttendeeRole.APPLICANT, "KABORE Salif", True, "")],
            )
        with self.assertRaises(ClaimError):
            site_visit_record(
                claim=claim,
                actor=self.member_a,
                visit_date=clock.today(),
                place="x",
                language="mooré",
                translated=True,
                attendees=[AttendeeInput(AttendeeRole.APPLICANT, "KABORE Salif", True, "signature")],
            )

    def test_the_step_closes_only_with_a_record_showing_the_applicant(self):
        claim = self.at_site()
        with self.assertRaisesMessage(ClaimError, "Record the site verification (its signed record) first"):
            t.site_verification_close(claim=claim, actor=self.president_a)
        self.site_record(claim)
        assert (
            t.site_verification_close(claim=claim, actor=self.president_a).state
            != ClaimState.SITE_VERIFICATION
        )

    def test_the_agent_of_another_village_cannot_record_it(self):
        with self.assertRaises(PermissionDeniedError):
            site_visit_record(
                claim=self.at_site(),
                actor=self.agent_b,
                visit_date=clock.today(),
                place="x",
                language="mooré",
                attendees=[AttendeeInput(AttendeeRole.APPLICANT, "K", True, "signature")],
            )

    def test_an_absent_neighbour_is_recorded_as_absent_and_opens_no_case(self):
        claim = self.at_site()
        visit = site_visit_record(
            claim=claim,
            actor=self.member_a,
            visit_date=clock.today(),
            place="Champ de Tanghin",
            language="mooré",
            attendees=[
                AttendeeInput(AttendeeRole.APPLICANT, "KABORE Salif", True, "fingerprint", "FP-7"),
                # Marked "disagrees" by mistake: an absent person states no position, so no case opens.
                AttendeeInput(AttendeeRole.NEIGHBOUR, "ƁAMOGO Issa", False, "absent", direction="E"),
            ],
        )
        absent = visit.attendees.get(mark="absent")
        assert absent.name == "ƁAMOGO Issa" and absent.agrees
        assert visit.dispute is None and [a.name for a in visit.present] == ["KABORE Salif"]

    def test_a_record_where_the_applicant_is_absent_does_not_close_the_step(self):
        claim = self.at_site()
        site_visit_record(
            claim=claim,
            actor=self.member_a,
            visit_date=clock.today(),
            place="Champ de Tanghin",
            language="mooré",
            attendees=[
                AttendeeInput(AttendeeRole.APPLICANT, "KABORE Salif", True, "absent"),
                AttendeeInput(AttendeeRole.CUSTOMARY_AUTHORITY, "Naaba Kiiba", True, "signature"),
            ],
        )
        with self.assertRaisesMessage(ClaimError, "applicant"):
            t.site_verification_close(claim=claim, actor=self.president_a)

    def test_a_record_with_everyone_absent_is_refused(self):
        with self.assertRaisesMessage(ClaimError, "present"):
            site_visit_record(
                claim=self.at_site(),
                actor=self.member_a,
                visit_date=clock.today(),
                place="Champ de Tanghin",
                language="mooré",
                attendees=[AttendeeInput(AttendeeRole.APPLICANT, "KABORE Salif", True, "absent")],
            )

    def test_a_disagreement_links_the_case_it_opens_to_the_record(self):
        visit = self.site_record(self.at_site(), agrees=False)
        assert visit.dispute is not None and visit.dispute.origin == "site_visit"
