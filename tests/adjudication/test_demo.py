from django.core.management import call_command

from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimState
from landreg.audit.services import audit_verify
from tests.adjudication.helpers import AdjudicationTestCase


class AdjudicationDemoTests(AdjudicationTestCase):
    def test_the_demo_claims_reach_every_step_and_load_only_once(self):
        call_command("load_demo", verbosity=0)
        call_command("load_adjudication_demo", verbosity=0)
        call_command("load_adjudication_demo", verbosity=0)
        first_claims = Claim.objects.filter(village__code="SAB-C", purpose="first_registration")
        states = sorted(first_claims.values_list("state", flat=True))
        assert states == sorted(
            [
                ClaimState.PUBLIC_NOTICE,
                ClaimState.COMMITTEE_VALIDATION,
                ClaimState.AUTHORITY_APPROVAL,
                ClaimState.RETURNED,
                ClaimState.READY_FOR_CERTIFICATE,
            ]
        )
        # The land office's inheritance application is posted beside the first claims, with the heirs.
        inheritance = Claim.objects.get(purpose="inheritance")
        assert inheritance.state == ClaimState.PUBLIC_NOTICE and inheritance.subject_right.is_current
        assert inheritance.claimants.count() == 2
        assert audit_verify()[1] is None
