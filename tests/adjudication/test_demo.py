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
        states = sorted(Claim.objects.filter(village__code="SAB-C").values_list("state", flat=True))
        assert states == sorted(
            [
                ClaimState.PUBLIC_NOTICE,
                ClaimState.COMMITTEE_VALIDATION,
                ClaimState.AUTHORITY_APPROVAL,
                ClaimState.RETURNED,
                ClaimState.READY_FOR_CERTIFICATE,
            ]
        )
        assert audit_verify()[1] is None
