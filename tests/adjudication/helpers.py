"""A registry with a procedure profile, a fuller cast and helpers that walk a claim through its steps.

Added to the base cast: registrar (land office of the commune), president_a and members 2-5 of village A's
committee, disputes (dispute administrator of the commune). The clock starts frozen at START.
"""

import datetime as dt

from django.test import override_settings
from django.utils import translation

from landreg.accounts.models import User
from landreg.accounts.roles import Role
from landreg.accounts.services import role_grant
from landreg.adjudication.claims import transitions as t
from landreg.adjudication.claims.services import ClaimantInput, claim_attach_documents, claim_draft
from landreg.adjudication.committee.votes import round_votes, vote_cast
from landreg.adjudication.models import AttendeeRole, ProcedureProfile, SignatureMark
from landreg.adjudication.profiles import profile_assign
from landreg.adjudication.site.visits import AttendeeInput, site_visit_record
from landreg.adjudication.states import ClaimState
from landreg.core import clock
from landreg.documents.services import source_attach
from tests.base import RegistryTestCase
from tests.geometries import square

START = dt.datetime(2030, 1, 7, 9, 0, tzinfo=dt.UTC)


def make_user(username: str, role, unit) -> User:
    """A cast member without a password (hashing one costs ~0.3 s; these log in with force_login)."""
    user = User.objects.create_user(username=username, password=None)
    role_grant(user=user, role=role, unit=unit)
    return user


def applicant(last_name="Kabore", first_names="Salif", sex="M", share="1", **extra):
    return ClaimantInput(last_name=last_name, first_names=first_names, sex=sex, share=share, extra=extra)


# The cast's passwords are hashed with a fast hasher here: PBKDF2 costs ~0.3 s per user and class.
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class AdjudicationTestCase(RegistryTestCase):
    profile_code = "generic"
    # True for tests of changes recorded directly: the commune's profile then puts no change through steps.
    direct_changes = False

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.registrar = make_user("registrar", Role.REGISTRAR, cls.commune)
        cls.president_a = make_user("president_a", Role.COMMITTEE_PRESIDENT, cls.village_a)
        cls.members_a = [cls.member_a] + [
            make_user(f"member{i}_a", Role.COMMITTEE_MEMBER, cls.village_a) for i in range(2, 6)
        ]
        cls.disputes = make_user("disputes", Role.DISPUTE_ADMINISTRATOR, cls.commune)
        cls.profile = ProcedureProfile.objects.get(code=cls.profile_code)
        if cls.direct_changes:
            cls.profile.change_steps = {}
            cls.profile.save(update_fields=["change_steps"])
        profile_assign(commune=cls.commune, profile=cls.profile)

    def setUp(self):
        super().setUp()
        self.now = START
        self._freeze()
        # Messages are asserted in English here; pages and the notice board are checked in French.
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def _freeze(self):
        frozen = clock.frozen_at(self.now)
        frozen.__enter__()
        self.addCleanup(frozen.__exit__, None, None, None)

    def travel(self, days: int):
        self.now = self.now + dt.timedelta(days=days)
        self._freeze()

    # --- registered land -------------------------------------------------------------------------
    def parcel_held(self, east: float, north: float = 0, holder=None):
        """A recorded parcel of village A with a customary right of ``holder`` (holder_a by default)."""
        from landreg.parcels.services import parcel_record
        from landreg.rights.services import HolderShare, right_register

        parcel = parcel_record(village=self.village_a, geometry=square(east, north), survey_method="gps")
        right_register(
            parcel=parcel,
            right_type="customaryType",
            holders=[HolderShare(holder or self.holder_a)],
            tenure_system="customary",
            legal_basis="x",
        )
        return parcel

    # --- building claims -------------------------------------------------------------------------
    def draft(self, east=100, north=0, claimants=None, village=None, agent=None, right_type="customaryType"):
        return claim_draft(
            actor=agent or self.agent_a,
            village=village or self.village_a,
            geometry=square(east, north),
            right_type=right_type,
            claimants=claimants or [applicant()],
            limits={"west": "Parcelle TC-A-00001"},
        )

    def attach(self, claim, *types, agent=None):
        docs = [
            source_attach(source_type=t_, document_date=clock.today(), village=claim.village, reference=t_)
            for t_ in types
        ]
        claim_attach_documents(claim=claim, actor=agent or self.agent_a, documents=docs)
        return docs

    def submitted(self, claim, agent=None):
        if claim.is_change:  # the land office lodges changes, with the documents of their kind
            agent = agent or self.registrar
            self.attach(claim, *claim.profile.required_documents.get(claim.purpose, []), agent=agent)
            return t.claim_submit(claim=claim, actor=agent)
        self.attach(claim, *claim.profile.required_documents.get("application", []), agent=agent)
        return t.claim_submit(claim=claim, actor=agent or self.agent_a)

    def accepted(self, claim):
        t.screening_start(claim=claim, actor=self.registrar)
        return t.screening_accept(claim=claim, actor=self.registrar)

    def site_record(self, claim, agrees=True):
        return site_visit_record(
            claim=claim,
            actor=self.member_a,
            visit_date=clock.today(),
            place="Champ de Tanghin",
            language="mooré",
            translated=True,
            translation_language="français",
            attendees=[
                AttendeeInput(
                    AttendeeRole.APPLICANT, "KABORE Salif", True, SignatureMark.FINGERPRINT, "FP-1"
                ),
                AttendeeInput(
                    AttendeeRole.NEIGHBOUR,
                    "OUÉDRAOGO Aminata",
                    agrees,
                    SignatureMark.SIGNATURE,
                    neighbour_parcel=self.parcel_a,
                    direction="W",
                ),
                AttendeeInput(AttendeeRole.CUSTOMARY_AUTHORITY, "Naaba Kiiba", True, SignatureMark.SIGNATURE),
            ],
        )

    def votes(self, claim, approve: int, reject: int = 0):
        for member in self.members_a[:approve]:
            vote_cast(claim=claim, member=member, decision="approve", reason="Limites reconnues")
        for member in self.members_a[approve : approve + reject]:
            vote_cast(claim=claim, member=member, decision="reject", reason="Limites contestées")

    def step(self, claim):
        """Do what the claim's current step needs and move it on, as the right actors."""
        claim.refresh_from_db()
        state = claim.state
        if state == ClaimState.DRAFT:
            return self.submitted(claim)
        if state == ClaimState.SUBMITTED:
            return self.accepted(claim)
        if state == ClaimState.PUBLIC_NOTICE:
            self.travel((claim.notice_end - clock.today()).days + 1)
            return t.notice_close(claim=claim, actor=self.registrar)
        if state == ClaimState.SITE_VERIFICATION:
            self.site_record(claim)
            return t.site_verification_close(claim=claim, actor=self.president_a)
        if state == ClaimState.COMMITTEE_VALIDATION:
            if not round_votes(claim).exists():  # a validation tried before (and blocked) keeps its votes
                self.votes(claim, approve=claim.profile.quorum_min_votes)
            return t.committee_validate(claim=claim, actor=self.president_a)
        if state == ClaimState.AUTHORITY_APPROVAL:
            return t.authority_approve(claim=claim, actor=self.mayor)
        raise AssertionError(f"no step from {state}")

    def walk_to(self, claim, state):
        for _ in range(10):
            claim.refresh_from_db()
            if claim.state == state:
                return claim
            claim = self.step(claim)
        raise AssertionError(f"never reached {state}")
