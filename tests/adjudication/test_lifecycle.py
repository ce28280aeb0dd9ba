import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from landreg.adjudication.claims import transitions as t
from landreg.adjudication.claims.services import claimant_add
from landreg.adjudication.exceptions import (
    ClaimError,
    MissingDocumentsError,
    NoticeError,
    OverlapError,
    TransitionNotAllowed,
)
from landreg.adjudication.models import Claim, ClaimEvent
from landreg.adjudication.states import ClaimState
from landreg.core import clock
from landreg.core.exceptions import ShareError
from landreg.parcels.exceptions import ParcelError
from landreg.parcels.models import Parcel
from landreg.parties.models import Party
from tests.adjudication.helpers import AdjudicationTestCase, applicant
from tests.append_only import assert_rewrites_refused
from tests.base import events_for


class SubmissionTests(AdjudicationTestCase):
    def test_submitting_a_claim_issues_a_receipt_number_and_records_the_move(self):
        claim = self.submitted(self.draft())
        assert claim.state == ClaimState.SUBMITTED
        assert claim.receipt_number == "R-TC-A-2030-00001"
        event = ClaimEvent.objects.get(claim=claim)
        assert (event.move, event.from_state, event.to_state, event.actor) == (
            "submit",
            "draft",
            "submitted",
            self.agent_a,
        )
        assert event.audit_event.action == "claim.submit"

    def test_a_claim_without_the_application_form_cannot_be_submitted(self):
        claim = self.draft()
        with self.assertRaisesMessage(MissingDocumentsError, "application form"):
            t.claim_submit(claim=claim, actor=self.agent_a)
        claim.refresh_from_db()
        assert claim.state == ClaimState.DRAFT and claim.receipt_number is None

    def test_shares_that_do_not_add_up_to_one_are_refused_when_drafting_and_at_submission(self):
        with self.assertRaises(ShareError):
            self.draft(claimants=[applicant(share="1/2"), applicant(last_name="Zongo", share="1/3")])
        claim = self.draft(claimants=[applicant(share="1/2"), applicant(last_name="Zongo", share="1/2")])
        claimant_add(claim=claim, data=applicant(last_name="Sawadogo", share="1/3"))  # added one by one
        with self.assertRaises(ShareError):
            self.submitted(claim)

    def test_a_decimal_share_is_refused_when_drafting(self):
        with self.assertRaises(ShareError):
            self.draft(claimants=[applicant(share=0.5)])

    def test_a_claimant_without_a_name_is_refused_and_nothing_is_kept(self):
        with self.assertRaisesMessage(ClaimError, "last name"):
            self.draft(claimants=[applicant(last_name=" ")])
        assert not Claim.objects.exists()

    def test_the_follow_up_runs_only_after_commit(self):
        claim = self.draft()
        self.attach(claim, "application_form")
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            t.claim_submit(claim=claim, actor=self.agent_a)
        assert len(callbacks) == 1


class ScreeningTests(AdjudicationTestCase):
    def test_the_registrar_returns_an_incomplete_claim_with_reasons_and_the_agent_resubmits(self):
        claim = self.submitted(self.draft())
        t.screening_start(claim=claim, actor=self.registrar)
        claim = t.screening_return(claim=claim, actor=self.registrar, reasons="Croquis illisible")
        assert claim.state == ClaimState.RETURNED and claim.return_reasons == "Croquis illisible"
        claim = t.claim_submit(claim=claim, actor=self.agent_a)
        assert claim.state == ClaimState.SUBMITTED and claim.receipt_number == "R-TC-A-2030-00001"

    def test_returning_without_reasons_is_refused(self):
        claim = self.submitted(self.draft())
        t.screening_start(claim=claim, actor=self.registrar)
        with self.assertRaises(ClaimError):
            t.screening_return(claim=claim, actor=self.registrar, reasons="  ")

    def test_a_claim_overlapping_a_recorded_parcel_beyond_the_tolerance_cannot_be_accepted(self):
        claim = self.submitted(self.draft(east=50))  # half of parcel_a: 5,000 m²
        t.screening_start(claim=claim, actor=self.registrar)
        with self.assertRaisesMessage(OverlapError, "TC-A-00001"):
            t.screening_accept(claim=claim, actor=self.registrar)
        claim.refresh_from_db()
        assert claim.state == ClaimState.SCREENING and claim.parcel_number is None

    def test_a_sliver_overlap_under_the_tolerance_is_accepted(self):
        claim = self.submitted(self.draft(east=99.99))  # 0.01 m x 100 m = 1 m² < 5 m² and < 1 %
        assert self.accepted(claim).state == ClaimState.PUBLIC_NOTICE

    def test_screening_and_the_topology_report_use_one_overlap_rule(self):
        # 0.08 m x 100 m = 8 m²: above the 5 m² tolerance, but 0.08 % of the smaller parcel, under 1 %: a
        # sliver for the registry's rule (both tolerances must be exceeded), so screening accepts it too.
        claim = self.submitted(self.draft(east=99.92))
        assert self.accepted(claim).state == ClaimState.PUBLIC_NOTICE

    def test_two_claims_on_the_same_land_are_caught_as_duplicates(self):
        self.accepted(self.submitted(self.draft(east=300)))
        second = self.submitted(self.draft(east=310))
        t.screening_start(claim=second, actor=self.registrar)
        with self.assertRaises(OverlapError):
            t.screening_accept(claim=second, actor=self.registrar)

    def test_acceptance_reserves_the_next_parcel_number_of_the_village(self):
        claim = self.accepted(self.submitted(self.draft()))
        assert claim.parcel_number == "TC-A-00002"

    def test_a_parcel_recorded_while_a_claim_holds_its_number_takes_the_next_one(self):
        from landreg.parcels.services import parcel_record
        from tests.geometries import square

        claim = self.accepted(self.submitted(self.draft(east=300)))
        recorded = parcel_record(village=self.village_a, geometry=square(600, 0), survey_method="gps")
        assert (claim.parcel_number, recorded.number) == ("TC-A-00002", "TC-A-00003")
        claim = self.walk_to(claim, ClaimState.READY_FOR_CERTIFICATE)
        assert claim.parcel.number == "TC-A-00002"


class NoticeTests(AdjudicationTestCase):
    def test_the_notice_starts_on_acceptance_and_lasts_the_profile_length(self):
        claim = self.accepted(self.submitted(self.draft()))
        assert claim.notice_start == dt.date(2030, 1, 7)
        assert claim.notice_end == dt.date(2030, 1, 7) + dt.timedelta(days=self.profile.notice_days)

    def test_the_notice_cannot_be_shortened_but_can_be_extended(self):
        claim = self.accepted(self.submitted(self.draft()))
        with self.assertRaises(NoticeError):
            t.notice_extend(
                claim=claim, actor=self.registrar, new_end=claim.notice_end - dt.timedelta(days=1), reason="x"
            )
        later = claim.notice_end + dt.timedelta(days=10)
        assert (
            t.notice_extend(claim=claim, actor=self.registrar, new_end=later, reason="Fêtes").notice_end
            == later
        )

    def test_the_notice_cannot_be_closed_before_its_end(self):
        claim = self.accepted(self.submitted(self.draft()))
        self.travel(self.profile.notice_days)  # the last day of the window
        with self.assertRaises(NoticeError):
            t.notice_close(claim=claim, actor=self.registrar)
        self.travel(1)
        assert t.notice_close(claim=claim, actor=self.registrar).state == ClaimState.SITE_VERIFICATION


class ApprovalTests(AdjudicationTestCase):
    def test_approval_creates_the_parcel_the_parties_and_the_right_with_their_lifespans(self):
        claim = self.draft(
            claimants=[
                applicant(share="1/2"),
                applicant(last_name="Kabore", first_names="Awa", sex="F", share="1/2", birth_place="Réo"),
            ]
        )
        claim = self.walk_to(claim, ClaimState.READY_FOR_CERTIFICATE)
        parcel = Parcel.objects.get(number=claim.parcel_number)
        assert claim.parcel == parcel and parcel.is_current and parcel.begin_lifespan == clock.now()
        right = claim.right
        assert right.parcel == parcel and right.right_type_id == "customaryType" and right.is_current
        assert right.legal_basis == self.profile.legal_basis
        holders = sorted((h.party.first_names, str(h.share)) for h in right.holders.all())
        assert holders == [("Awa", "1/2"), ("Salif", "1/2")]
        assert Party.objects.filter(last_name="Kabore").count() == 2
        assert set(claim.documents.values_list("parcels", flat=True)) == {parcel.pk}
        moves = list(claim.events.values_list("move", flat=True))
        assert moves == [
            "submit",
            "screening_start",
            "screening_accept",
            "notice_close",
            "site_verification_close",
            "committee_validate",
            "authority_approve",
        ]
        assert events_for(claim).filter(action="claim.vote").count() == self.profile.quorum_min_votes

    def test_nothing_enters_the_register_before_approval(self):
        claim = self.walk_to(self.draft(), ClaimState.AUTHORITY_APPROVAL)
        assert claim.parcel is None and not Parcel.objects.filter(number=claim.parcel_number).exists()
        assert not Party.objects.filter(last_name="Kabore").exists()

    def test_a_failed_approval_leaves_no_trace(self):
        claim = self.walk_to(self.draft(), ClaimState.AUTHORITY_APPROVAL)
        from landreg.parcels.services import parcel_record
        from tests.geometries import square

        parcel_record(
            village=self.village_a, geometry=square(5000, 0), survey_method="gps", number=claim.parcel_number
        )
        events_before = ClaimEvent.objects.count()
        with self.assertRaisesMessage(ParcelError, "already used"):  # the number was taken meanwhile
            t.authority_approve(claim=claim, actor=self.mayor)
        claim.refresh_from_db()
        assert claim.state == ClaimState.AUTHORITY_APPROVAL and claim.right is None
        assert ClaimEvent.objects.count() == events_before
        assert not Party.objects.filter(last_name="Kabore").exists()


class SideStateTests(AdjudicationTestCase):
    def test_the_registrar_rejects_at_screening_with_a_coded_reason(self):
        claim = self.submitted(self.draft())
        t.screening_start(claim=claim, actor=self.registrar)
        claim = t.claim_reject(claim=claim, actor=self.registrar, code="public_land", note="Forêt classée")
        assert (claim.state, claim.rejection_reason) == (ClaimState.REJECTED, "public_land")
        with self.assertRaises(TransitionNotAllowed):
            t.screening_accept(claim=claim, actor=self.registrar)

    def test_a_rejection_needs_a_known_code(self):
        claim = self.submitted(self.draft())
        t.screening_start(claim=claim, actor=self.registrar)
        with self.assertRaises(ClaimError):
            t.claim_reject(claim=claim, actor=self.registrar, code="dislike", note="x")

    def test_the_applicant_withdraws_through_the_agent(self):
        claim = self.accepted(self.submitted(self.draft()))
        assert (
            t.claim_withdraw(claim=claim, actor=self.agent_a, reason="Accord familial").state == "withdrawn"
        )

    def test_a_court_case_freezes_the_claim_and_its_decision_returns_it_to_where_it_was(self):
        claim = self.accepted(self.submitted(self.draft()))
        claim = t.claim_freeze(claim=claim, actor=self.disputes, reason="TGI Koudougou n°12/2030")
        assert claim.state == ClaimState.FROZEN
        with self.assertRaises(TransitionNotAllowed):
            t.notice_close(claim=claim, actor=self.registrar)
        claim = t.claim_unfreeze(claim=claim, actor=self.disputes, reason="Jugement du 3 mars")
        assert claim.state == ClaimState.PUBLIC_NOTICE


class ClaimHistoryTamperTests(AdjudicationTestCase):
    def test_a_move_of_a_claim_is_never_changed_or_deleted_through_the_orm(self):
        """A claim's moves are append-only (core.history.append_only), as a case's and a certificate's: the
        guard stops the application's own code; verify_audit (below) catches a rewrite made underneath it."""
        claim = self.submitted(self.draft())
        event = claim.events.get()
        event.reason = "rewritten"
        assert_rewrites_refused(event, claim.events)
        assert claim.events.get().move == "submit" and claim.events.get().reason != "rewritten"

    def test_an_altered_claim_event_is_caught_by_verify_audit(self):
        claim = self.submitted(self.draft())
        call_command("verify_audit", stdout=io.StringIO())
        event = ClaimEvent.objects.get(claim=claim)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE adjudication_claimevent SET to_state = 'rejected' WHERE id = %s", [event.pk]
            )
        with pytest.raises(CommandError, match="claim event .* differs"):
            call_command("verify_audit")
