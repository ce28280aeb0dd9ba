from landreg.adjudication.claims import transitions as t
from landreg.adjudication.claims.services import ClaimantInput, claimant_add
from landreg.adjudication.exceptions import ClaimError
from landreg.adjudication.models import ClaimantRole
from landreg.adjudication.states import ClaimState
from landreg.core.exceptions import ShareError
from landreg.parties.models import GroupMembership
from tests.adjudication.helpers import AdjudicationTestCase


def family():
    return ClaimantInput(kind="group", name="Famille Kaboré de Tanghin", group_type="family")


def member(first, sex, share, mandatary=False):
    role = ClaimantRole.MANDATARY if mandatary else ClaimantRole.MEMBER
    return ClaimantInput(last_name="Kabore", first_names=first, sex=sex, share=share, role=role)


class GroupClaimTests(AdjudicationTestCase):
    def test_a_family_claims_through_its_mandatary_and_its_members_hold_their_shares(self):
        claim = self.draft(
            claimants=[family(), member("Salif", "M", "1/2", mandatary=True), member("Awa", "F", "1/2")]
        )
        self.attach(claim, "mandate")
        claim = self.walk_to(claim, ClaimState.READY_FOR_CERTIFICATE)
        (holder,) = claim.right.holders.all()
        assert holder.party.name == "Famille Kaboré de Tanghin" and holder.party.group_type == "family"
        members = GroupMembership.objects.filter(group=holder.party, end_lifespan__isnull=True)
        assert sorted((m.member.first_names, str(m.share), m.is_mandatary) for m in members) == [
            ("Awa", "1/2", False),
            ("Salif", "1/2", True),
        ]

    def test_a_group_claim_needs_a_mandate_one_mandatary_and_whole_shares(self):
        with self.assertRaisesMessage(ClaimError, "mandatary"):  # refused when drafted, and when submitted
            self.draft(claimants=[family(), member("Salif", "M", "1/2"), member("Awa", "F", "1/2")])
        claim = self.draft(
            east=300,
            claimants=[family(), member("Salif", "M", "1/2", mandatary=True), member("Awa", "F", "1/2")],
        )
        self.attach(claim, "application_form")
        claim.claimants.filter(first_names="Salif").update(role=ClaimantRole.MEMBER)
        with self.assertRaisesMessage(ClaimError, "mandatary"):
            t.claim_submit(claim=claim, actor=self.agent_a)
        claim.claimants.filter(first_names="Salif").update(role=ClaimantRole.MANDATARY)
        with self.assertRaisesMessage(ClaimError, "mandate"):
            t.claim_submit(claim=claim, actor=self.agent_a)
        claimant_add(claim=claim, data=member("Issa", "M", "1/4"))
        self.attach(claim, "mandate")
        with self.assertRaisesMessage(ShareError, "add up"):
            t.claim_submit(claim=claim, actor=self.agent_a)

    def test_a_group_without_its_kind_is_refused(self):
        with self.assertRaises(ClaimError):
            self.draft(claimants=[ClaimantInput(kind="group", name="Famille")])
