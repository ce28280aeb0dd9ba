"""Outcomes are written into the register through the registry's services, in the outcome's transaction."""

from landreg.adjudication.exceptions import OverlapError
from landreg.adjudication.notice.objections import objection_lodge
from landreg.adjudication.states import ClaimState
from landreg.core import clock
from landreg.disputes.cases import transitions as moves
from landreg.disputes.exceptions import DisputeError
from landreg.disputes.models import DisputeCase
from landreg.disputes.states import DisputeStatus
from landreg.rights.models import Right
from tests.base import make_person
from tests.disputes.helpers import DisputeTestCase
from tests.geometries import square


class AgreementChangeTests(DisputeTestCase):
    def objection_case(self, east=100):
        claim = self.walk_to(self.draft(east=east), ClaimState.PUBLIC_NOTICE)
        return claim, objection_lodge(claim=claim, recorded_by=self.stranger, grounds="Limite").dispute

    def agree(self, case, change, **data):
        self.held_session(case)
        return moves.agree(
            case=case,
            actor=self.conciliator,
            decided_on=clock.today(),
            summary="Accord",
            signatures="Empreintes des parties",
            change=change,
            change_data=data,
        )

    def test_a_revised_boundary_replaces_the_claimed_one_and_the_notice_restarts_in_full(self):
        claim, case = self.objection_case()
        first_end = claim.notice_end
        revised = square(100, 0, side=90)
        self.agree(case, "boundary", geometry=revised.geojson)
        claim.refresh_from_db()
        assert claim.geometry.equals_exact(revised, 1e-9)
        assert claim.state == ClaimState.PUBLIC_NOTICE and claim.notice_start == clock.today()
        assert claim.notice_end > first_end
        assert [e.move for e in claim.events.all()][-2:] == ["boundary_revise", "notice_restart"]

    def test_a_revised_boundary_that_overlaps_a_recorded_parcel_is_refused_and_nothing_is_written(self):
        claim, case = self.objection_case()
        with self.assertRaises(OverlapError):
            self.agree(case, "boundary", geometry=square(50, 0).geojson)
        case.refresh_from_db()
        claim.refresh_from_db()
        assert case.is_open and case.status == DisputeStatus.CONCILIATION and not case.outcomes.exists()

    def test_a_withdrawn_claim_is_withdrawn_by_the_agreement(self):
        claim, case = self.objection_case()
        self.agree(case, "withdraw_claim")
        claim.refresh_from_db()
        assert claim.state == ClaimState.WITHDRAWN and claim.events.last().move == "withdraw_settled"

    def test_a_revised_boundary_of_a_registered_parcel_makes_a_new_version(self):
        parcel = self.parcel_held(400)
        case = self.file_case(subject="Borne", parcels=[parcel])
        self.agree(case, "boundary", geometry=square(400, 0, side=95).geojson)
        parcel.refresh_from_db()
        assert parcel.version == 2 and round(parcel.area_m2) == 9025

    def test_revised_shares_end_the_right_and_register_the_agreed_holders(self):
        sister = make_person(self.village_a, "Ouédraogo", "Awa")
        case = self.file_case(subject="Parts", rights=[self.right_a])
        self.agree(
            case,
            "shares",
            holders=[
                {"party": str(self.holder_a.pk), "share": "1/2"},
                {"party": str(sister.pk), "share": "1/2"},
            ],
        )
        assert not Right.objects.get(pk=self.right_a.pk).is_current
        new = self.parcel_a.rights.current().get()
        assert sorted(str(h.share) for h in new.holders.all()) == ["1/2", "1/2"]

    def test_shares_naming_no_registered_person_are_refused_with_the_reason_and_nothing_changes(self):
        case = self.file_case(subject="Parts", rights=[self.right_a])
        for holders in ([{"party": "ZONGO Paul", "share": "1"}], ["ZONGO Paul"], [{"share": "1"}]):
            with self.subTest(holders=holders), self.assertRaises(DisputeError):
                self.agree(case, "shares", holders=holders)
        assert Right.objects.get(pk=self.right_a.pk).is_current and not case.outcomes.exists()

    def test_a_court_decision_ends_a_right(self):
        case = self.file_case(subject="Prêt", rights=[self.right_a])
        self.held_session(case)
        moves.non_conciliation(case=case, actor=self.conciliator, decided_on=clock.today(), summary="Refus")
        moves.refer(
            case=case,
            actor=self.disputes,
            court_name="TGI",
            court_reference="RG 1",
            referred_on=clock.today(),
        )
        moves.decide(
            case=case,
            actor=self.disputes,
            decided_on=clock.today(),
            summary="Le droit prend fin",
            document=self.court_decision(),
            change="end_right",
        )
        assert not Right.objects.get(pk=self.right_a.pk).is_current
        assert DisputeCase.objects.get().status == DisputeStatus.DECIDED
