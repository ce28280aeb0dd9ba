"""Acceptance: for each preset, claims walk from application to approved right, one is rejected, one is held
by an objection, the approved one is later inherited; the history verifies and the notice board is right."""

import io

from django.core.management import call_command

from landreg.adjudication import transitions as t
from landreg.adjudication.exceptions import ObjectionPendingError
from landreg.adjudication.notice import notice_board_pdf
from landreg.adjudication.objections import objection_lodge
from landreg.adjudication.selectors import claims_on_notice
from landreg.adjudication.states import ClaimState
from landreg.adjudication.transfers import right_transfer
from landreg.core import clock
from landreg.documents.services import source_attach
from landreg.rights.models import Right
from landreg.rights.services import HolderShare
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

        # 4. Later life: the approved right passes to two heirs; the old right is history.
        heirs = [
            make_person(self.village_a, "Kabore", "Awa"),
            make_person(self.village_a, "Kabore", "Issa", "M"),
        ]
        documents = [
            source_attach(source_type=kind, document_date=clock.today(), village=self.village_a)
            for kind in self.profile.required_documents.get("inheritance", [])
        ]
        transfer = right_transfer(
            right=approved.right,
            kind="inheritance",
            new_holders=[HolderShare(heirs[0], "1/2"), HolderShare(heirs[1], "1/2")],
            actor=self.registrar,
            reason="Décès de KABORE Salif",
            documents=documents,
        )
        assert not Right.objects.get(pk=approved.right_id).is_current
        assert list(approved.parcel.rights.current()) == [transfer.new_right]

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
