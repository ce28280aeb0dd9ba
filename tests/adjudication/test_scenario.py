"""Acceptance: for each preset, claims walk from application to approved right, one is rejected, one is held
by an objection, the approved one is later inherited; the history verifies and the notice board is right."""

import datetime as dt
import io

from django.core.management import call_command
from django.utils import translation

from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.claims import transitions as t
from landreg.adjudication.claims.services import ClaimantInput
from landreg.adjudication.exceptions import ObjectionPendingError
from landreg.adjudication.notice.boards import notice_board_pdf
from landreg.adjudication.notice.objections import objection_lodge
from landreg.adjudication.selectors import claims_on_notice
from landreg.adjudication.states import ClaimState
from landreg.core import clock
from landreg.disputes.cases.transitions import withdraw
from landreg.rights.models import Right
from tests.adjudication.helpers import AdjudicationTestCase, applicant
from tests.adjudication.pdf import pdf_text
from tests.base import make_person


class ScenarioMixin:
    def test_claims_walk_from_application_to_approved_right_rejection_objection_and_inheritance(self):
        quorum = self.profile.quorum_min_votes
        approved = self.draft(east=100, claimants=[applicant("Kabore", "Salif")])
        rejected = self.draft(east=300, claimants=[applicant("Zongo", "Paul")])
        held = self.draft(east=500, claimants=[applicant("Sawadogo", "Mariam", "F")])

        # 1. Approved: every step of the profile, in the profile's order, ends with a registered right.
        approved = self.walk_to(approved, ClaimState.READY_FOR_CERTIFICATE)
        assert approved.right.is_current and approved.parcel.is_current
        steps_taken = [e.to_state for e in approved.events.all()][2:-1]
        assert steps_taken == self.profile.steps[: len(steps_taken)]

        # 2. Rejected: the committee votes against, the president records the coded rejection.
        rejected = self.walk_to(rejected, ClaimState.COMMITTEE_VALIDATION)
        self.votes(rejected, approve=1, reject=quorum - 1)
        rejected = t.claim_reject(claim=rejected, actor=self.president_a, code="committee_vote", note="Vote")
        assert rejected.state == ClaimState.REJECTED and rejected.right is None

        # 3. Held: an objection lodged during the notice blocks the committee's validation.
        held = self.walk_to(held, ClaimState.PUBLIC_NOTICE)
        objection_lodge(claim=held, recorded_by=self.stranger, grounds="Ce champ est celui de ma famille")
        held = self.walk_to(held, ClaimState.COMMITTEE_VALIDATION)
        self.votes(held, approve=quorum)
        with self.assertRaises(ObjectionPendingError):
            t.committee_validate(claim=held, actor=self.president_a)
        held.refresh_from_db()
        assert held.state == ClaimState.COMMITTEE_VALIDATION and held.right is None

        # 4. Later life: the approved right passes to two heirs through the steps the profile lists for an
        # inheritance (notice, committee, authority…). An heir left out objects during the notice; the
        # conciliation settles it; only the authority's approval changes the register.
        heirs = [
            make_person(self.village_a, "Kabore", "Awa"),
            make_person(self.village_a, "Kabore", "Issa", "M"),
        ]
        inheritance = change_draft(
            actor=self.registrar,
            kind="inheritance",
            right=approved.right,
            new_holders=[
                ClaimantInput(party=heirs[0], share="1/2"),
                ClaimantInput(party=heirs[1], share="1/2"),
            ],
            data={"reason": "Décès de KABORE Salif"},
        )
        steps = self.profile.change_steps["inheritance"]
        assert inheritance.steps == steps and steps[-1] == "authority_approval"
        inheritance = self.submitted(inheritance)
        if "public_notice" in steps:
            inheritance = self.walk_to(inheritance, ClaimState.PUBLIC_NOTICE)
            assert inheritance.notice_end - inheritance.notice_start == dt.timedelta(
                days=self.profile.change_notice_days
            )
            assert inheritance in claims_on_notice(self.village_a, clock.today())
            left_out = objection_lodge(
                claim=inheritance,
                recorded_by=self.registrar,
                objector_name="KABORE Rasmata",
                objector_id_reference="CNIB B1234567",
                grounds="Je suis aussi héritière de KABORE Salif",
            )
        # The first step that validates (committee or authority) is blocked while the objection is open.
        validating = next(s for s in steps if s in ("committee_validation", "authority_approval"))
        inheritance = self.walk_to(inheritance, validating)
        if "public_notice" in steps:
            with self.assertRaises(ObjectionPendingError):
                self.step(inheritance)
            withdraw(case=left_out.dispute, reason="Accord de famille", actor=self.disputes)
        inheritance = self.walk_to(inheritance, ClaimState.AUTHORITY_APPROVAL)
        assert Right.objects.get(pk=approved.right_id).is_current  # nothing changed before approval
        inheritance = t.authority_approve(claim=inheritance, actor=self.mayor)
        assert inheritance.state == ClaimState.READY_FOR_CERTIFICATE
        assert not Right.objects.get(pk=approved.right_id).is_current
        assert list(approved.parcel.rights.current()) == [inheritance.right]
        assert inheritance.transfer.old_right_id == approved.right_id
        assert sorted(h.party_id for h in inheritance.right.holders.all()) == sorted(h.pk for h in heirs)

        # 5. The notice board lists exactly the claims under notice today, with names but no ID numbers.
        posted = self.draft(
            east=700,
            claimants=[
                applicant("Ouattara", "Karim", id_document_type="national_id", id_document_number="B998877")
            ],
        )
        posted = self.walk_to(posted, ClaimState.PUBLIC_NOTICE)
        self.submitted(self.draft(east=900, claimants=[applicant("Nana", "Adama")]))
        today = clock.today()
        assert list(claims_on_notice(self.village_a, today)) == [posted]
        text = pdf_text(
            notice_board_pdf(
                village=self.village_a, claims=claims_on_notice(self.village_a, today), today=today
            )
        )
        assert posted.receipt_number in text and "OUATTARA Karim" in text
        for other in (approved, rejected, held):
            assert other.receipt_number not in text
        assert "B998877" not in text and "NANA" not in text

        # 6. The history is intact.
        out = io.StringIO()
        with translation.override("en"):  # the pages left French active; the command speaks it
            call_command("verify_audit", stdout=out)
        assert "Audit chain intact" in out.getvalue()


class BurkinaFasoScenarioTests(ScenarioMixin, AdjudicationTestCase):
    profile_code = "bf-apfr"


class MadagascarScenarioTests(ScenarioMixin, AdjudicationTestCase):
    profile_code = "mg-cf"


class CoteDIvoireScenarioTests(ScenarioMixin, AdjudicationTestCase):
    profile_code = "ci-cf"


class GenericScenarioTests(ScenarioMixin, AdjudicationTestCase):
    profile_code = "generic"
