"""A family already in the register, chosen as the claimant, is a group: it claims alone, with the register's
members and mandatary (not typed again) and a mandate. The claimant used to be stored as a person whenever
the caller left ``kind`` as its default, so the group checks never saw it: two families could claim
together, or a family with a person, and a registered family claiming alone could not be submitted at all
(« list the members »). Form posts are what the page renders (CSRF, the one-use token, the button)."""

from html import unescape
from importlib import import_module

from django.apps import apps
from django.test import Client
from django.utils import translation

from landreg.adjudication.claims import transitions as t
from landreg.adjudication.claims.services import ClaimantInput
from landreg.adjudication.exceptions import ClaimError
from landreg.adjudication.models import Claim, ClaimantRole
from landreg.adjudication.states import ClaimState
from landreg.parties.models import GroupMembership, GroupType, PartyKind
from landreg.parties.services import MemberShare, group_set_members, party_create
from tests.adjudication.helpers import AdjudicationTestCase, applicant
from tests.base import make_person
from tests.browser_forms import form_with_field
from tests.geometries import square

FAMILY = "Famille Ŋaba de Kɔnkɔ"
LINEAGE = "Lignage Ɓɔɔ de Tanghin"
NEW = "/adjudication/claims/new/"


class RegisteredGroupTestCase(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        self.family = self.registered(FAMILY, GroupType.FAMILY, mandatary=True)
        self.lineage = self.registered(LINEAGE, GroupType.LINEAGE, mandatary=True)

    def registered(self, name, group_type, *, mandatary):
        group = party_create(kind=PartyKind.GROUP, village=self.village_a, name=name, group_type=group_type)
        group_set_members(
            group=group,
            members=[
                MemberShare(make_person(self.village_a, "Ŋaba", "Ɓintu Fatɛ"), "1/2", is_mandatary=mandatary),
                MemberShare(make_person(self.village_a, "Ŋaba", "Ɓoukary", sex="M"), "1/2"),
            ],
        )
        return group


class RegisteredGroupServiceTests(RegisteredGroupTestCase):
    def test_a_registered_family_is_stored_as_a_group_whatever_kind_the_caller_left(self):
        claim = self.draft(claimants=[ClaimantInput(party=self.family)])
        (holder,) = claim.claimants.all()
        assert (holder.party, holder.kind) == (self.family, "group")

    def test_a_registered_family_claims_alone(self):
        with self.assertRaisesMessage(ClaimError, "A group claims alone"):
            self.draft(claimants=[ClaimantInput(party=self.family, share="1/2"), applicant(share="1/2")])
        with self.assertRaisesMessage(ClaimError, "A group claims alone"):
            self.draft(
                claimants=[
                    ClaimantInput(party=self.family, share="1/2"),
                    ClaimantInput(party=self.lineage, share="1/2"),
                ]
            )
        assert not Claim.objects.exists()

    def test_a_registered_family_claims_with_the_registers_members_and_a_mandate(self):
        claim = self.draft(claimants=[ClaimantInput(party=self.family)])
        self.attach(claim, "application_form")
        with self.assertRaisesMessage(ClaimError, "mandate"):
            t.claim_submit(claim=claim, actor=self.agent_a)
        self.attach(claim, "mandate")
        claim = self.walk_to(claim, ClaimState.READY_FOR_CERTIFICATE)
        (holder,) = claim.right.holders.all()
        assert holder.party == self.family
        members = GroupMembership.objects.current().filter(group=self.family)
        assert sorted((m.member.first_names, str(m.share), m.is_mandatary) for m in members) == [
            ("Ɓintu Fatɛ", "1/2", True),
            ("Ɓoukary", "1/2", False),
        ]

    def test_a_registered_family_without_a_mandatary_in_the_register_lists_its_members(self):
        without = self.registered("Famille Kaboré", GroupType.FAMILY, mandatary=False)
        claim = self.draft(claimants=[ClaimantInput(party=without)])
        self.attach(claim, "application_form", "mandate")
        with self.assertRaisesMessage(ClaimError, "no mandatary"):
            t.claim_submit(claim=claim, actor=self.agent_a)

    def test_members_listed_for_a_registered_family_follow_the_rules_of_members(self):
        typed = [
            ClaimantInput(party=self.family),
            ClaimantInput(last_name="Ŋaba", first_names="Awa", sex="F", share="1", role=ClaimantRole.MEMBER),
        ]
        with self.assertRaisesMessage(ClaimError, "mandatary"):
            self.draft(claimants=typed)

    def test_the_migration_gives_old_rows_their_registered_partys_kind(self):
        claim = self.draft(claimants=[ClaimantInput(party=self.family)])
        claim.claimants.update(kind="natural")  # as drafted before the fix
        migration = import_module("landreg.adjudication.migrations.0033_claimant_kind_of_registered_party")
        migration.kind_of_party(apps, None)
        assert claim.claimants.get().kind == "group"


class RegisteredGroupFormTests(RegisteredGroupTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("fr")
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.force_login(self.agent_a)

    def post(self, **typed):
        form = form_with_field(self.browser.get(NEW).content.decode(), "holders-TOTAL_FORMS")
        place = {"village": str(self.village_a.pk), "local_name": "Kɔnkɔ", "geometry": square(100, 0).geojson}
        return self.browser.post(form.action or NEW, form.data(("save", "1"), **(place | typed)))

    def test_a_registered_family_and_a_person_claiming_jointly_are_refused_on_the_page(self):
        response = self.post(
            holding="joint",
            **{
                "holders-0-party": str(self.family.pk),
                "holders-0-share": "1/2",
                "holders-1-last_name": "Ouédraogo",
                "holders-1-first_names": "Ɓintou",
                "holders-1-sex": "F",
                "holders-1-share": "1/2",
            },
        )
        page = unescape(response.content.decode())
        assert response.status_code == 400 and "Un groupe demande seul" in page, page[:3000]
        assert not Claim.objects.exists()

    def test_a_registered_family_chosen_on_the_page_is_submitted_with_its_mandate(self):
        response = self.post(holding="individual", **{"holders-0-party": str(self.family.pk)})
        assert response.status_code == 302, unescape(response.content.decode())[:3000]
        claim = Claim.objects.get()
        self.attach(claim, "application_form", "mandate")
        claim = t.claim_submit(claim=claim, actor=self.agent_a)
        assert claim.state == ClaimState.SUBMITTED
