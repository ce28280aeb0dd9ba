from landreg.adjudication.claims import transitions as t
from landreg.adjudication.exceptions import ClaimError, NoticeError, ObjectionPendingError
from landreg.adjudication.notice.objections import objection_lodge
from landreg.adjudication.states import ClaimState
from landreg.core.exceptions import PermissionDeniedError
from landreg.disputes.cases.transitions import withdraw
from landreg.disputes.models import DisputeCase
from tests.adjudication.helpers import AdjudicationTestCase


class ObjectionWindowTests(AdjudicationTestCase):
    def on_notice(self):
        return self.accepted(self.submitted(self.draft()))

    def test_an_agent_records_the_objection_of_a_person_without_an_account_and_a_dispute_case_opens(self):
        claim = self.on_notice()
        objection = objection_lodge(
            claim=claim,
            recorded_by=self.agent_a,
            objector_name="ZONGO Paul",
            objector_id_reference="CNIB B7654321",
            grounds="La limite est empiète sur mon champ",
        )
        assert objection.dispute.is_open and objection.dispute.village == self.village_a
        assert objection.dispute.number == "LIT-TC-C-2030-0001"  # numbered per commune
        assert objection.objector_user is None and objection.lodged_on == claim.notice_start

    def test_a_person_with_an_account_objects_in_their_own_name(self):
        objection = objection_lodge(
            claim=self.on_notice(), recorded_by=self.stranger, grounds="Terre familiale"
        )
        assert objection.objector_user == self.stranger and objection.objector_name == "stranger"

    def test_only_an_agent_of_the_village_records_for_someone_else(self):
        with self.assertRaises(PermissionDeniedError):
            objection_lodge(
                claim=self.on_notice(),
                recorded_by=self.agent_b,
                objector_name="ZONGO Paul",
                objector_id_reference="témoins",
                grounds="x",
            )

    def test_an_objection_needs_grounds_and_an_identification(self):
        claim = self.on_notice()
        with self.assertRaises(ClaimError):
            objection_lodge(claim=claim, recorded_by=self.stranger, grounds=" ")
        with self.assertRaises(ClaimError):
            objection_lodge(claim=claim, recorded_by=self.agent_a, objector_name="ZONGO Paul", grounds="x")
        assert not DisputeCase.objects.exists()

    def test_no_objection_before_the_notice_starts(self):
        claim = self.submitted(self.draft())
        with self.assertRaisesMessage(NoticeError, "not started"):
            objection_lodge(claim=claim, recorded_by=self.stranger, grounds="Trop tôt")

    def test_an_objection_on_the_last_day_is_received_and_the_day_after_is_refused(self):
        claim = self.on_notice()
        self.travel(self.profile.notice_days)
        objection_lodge(claim=claim, recorded_by=self.stranger, grounds="Dernier jour")
        self.travel(1)
        with self.assertRaisesMessage(NoticeError, "no longer received"):
            objection_lodge(claim=claim, recorded_by=self.member_a, grounds="Trop tard")
        assert DisputeCase.objects.count() == 1


class ObjectionBlocksValidationTests(AdjudicationTestCase):
    def test_an_open_objection_holds_the_claim_until_its_case_is_closed(self):
        claim = self.accepted(self.submitted(self.draft()))
        objection = objection_lodge(claim=claim, recorded_by=self.stranger, grounds="Limite nord")
        claim = self.walk_to(claim, ClaimState.SITE_VERIFICATION)
        claim = self.step(claim)
        assert claim.state == ClaimState.COMMITTEE_VALIDATION
        self.votes(claim, approve=self.profile.quorum_min_votes)
        with self.assertRaises(ObjectionPendingError):
            t.committee_validate(claim=claim, actor=self.president_a)
        with self.assertRaises(PermissionDeniedError):
            withdraw(case=objection.dispute, reason="Accord", actor=self.agent_a)
        withdraw(case=objection.dispute, reason="Objection retirée", actor=self.disputes)
        assert (
            t.committee_validate(claim=claim, actor=self.president_a).state == ClaimState.AUTHORITY_APPROVAL
        )
