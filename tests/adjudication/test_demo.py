"""The demo walks: every claim inside its village, one waiting at each step for a role that logs in with the
documented password and can make the next move, and a committee that reaches its quorum."""

from html import unescape

from django.core.management import call_command
from django.test import Client, TestCase, override_settings

from landreg.accounts.models import User
from landreg.adjudication.claims import transitions as t
from landreg.adjudication.committee.votes import vote_cast
from landreg.adjudication.models import AttendeeRole, Claim, SignatureMark
from landreg.adjudication.profiles import profile_for
from landreg.adjudication.site.visits import AttendeeInput, site_visit_record
from landreg.adjudication.states import ClaimState
from landreg.audit.services import audit_verify
from landreg.core import clock
from landreg.demo.claims import DEMO_CLAIMS, OBJECTED, civil_status
from landreg.parcels.models import Parcel
from tests.browser_forms import form_posting_to

DEMO_PASSWORD = "demo-landreg"


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class AdjudicationDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", quiet=True, verbosity=0)
        call_command("load_adjudication_demo", verbosity=0)

    def first_claims(self):
        return Claim.objects.filter(village__code="SAB-C", purpose="first_registration")

    def claim_at(self, state, *, notice_ended=None):
        claims = self.first_claims().filter(state=state)
        if notice_ended is not None:
            today = clock.today()
            claims = (
                claims.filter(notice_end__lt=today) if notice_ended else claims.filter(notice_end__gte=today)
            )
            # The other ended notice is held for the objection of load_disputes_demo (tests/disputes).
            claims = claims.exclude(claimants__last_name=OBJECTED)
        return claims.get()

    def user(self, username):
        """The demo user, after checking the documented password lets them in."""
        assert self.client.login(username=username, password=DEMO_PASSWORD), username
        self.client.logout()
        return User.objects.get(username=username)

    def test_a_claim_waits_at_every_step_and_the_demo_loads_only_once(self):
        call_command("load_adjudication_demo", verbosity=0)
        states = sorted(self.first_claims().values_list("state", flat=True))
        assert states == sorted(
            [
                ClaimState.DRAFT,
                ClaimState.SUBMITTED,
                ClaimState.SCREENING,
                ClaimState.RETURNED,
                ClaimState.SITE_VERIFICATION,
                ClaimState.PUBLIC_NOTICE,
                ClaimState.PUBLIC_NOTICE,  # one running, two whose window has ended (one for an objection)
                ClaimState.PUBLIC_NOTICE,
                ClaimState.COMMITTEE_VALIDATION,
                ClaimState.AUTHORITY_APPROVAL,
                ClaimState.READY_FOR_CERTIFICATE,
            ]
        )
        # The land office's inheritance application is posted beside the first claims, with the heirs.
        inheritance = Claim.objects.get(purpose="inheritance")
        assert inheritance.state == ClaimState.PUBLIC_NOTICE and inheritance.subject_right.is_current
        assert inheritance.claimants.count() == 2
        assert audit_verify()[1] is None

    def test_every_demo_claim_lies_inside_its_village_on_free_land(self):
        for claim in Claim.objects.filter(purpose="first_registration").select_related("village"):
            assert claim.village.boundary.contains(claim.geometry), claim.receipt_number
            recorded = Parcel.objects.filter(source_id__startswith="91216")  # not the approved claim's parcel
            assert not recorded.filter(geometry__intersects=claim.geometry).exists()
            others = Claim.objects.exclude(pk=claim.pk).filter(purpose="first_registration")
            assert not others.filter(geometry__intersects=claim.geometry).exists()

    def test_each_waiting_claim_can_be_moved_on_by_the_demo_login_of_its_step(self):
        agent, registrar = self.user("agent_centre"), self.user("guichet")
        president, mayor = self.user("president_centre"), self.user("maire")
        t.screening_start(claim=self.claim_at(ClaimState.SUBMITTED), actor=registrar)
        t.claim_submit(claim=self.claim_at(ClaimState.DRAFT), actor=agent)
        t.notice_close(claim=self.claim_at(ClaimState.PUBLIC_NOTICE, notice_ended=True), actor=registrar)
        visit_pending = self.claim_at(ClaimState.SITE_VERIFICATION)
        site_visit_record(
            claim=visit_pending,
            actor=self.user("membre_centre"),
            visit_date=clock.today(),
            place=visit_pending.local_name,
            language="mooré",
            translated=True,
            translation_language="français",
            attendees=[
                AttendeeInput(AttendeeRole.APPLICANT, "Paŋgnéwendé Ilboudo", True, SignatureMark.FINGERPRINT),
                AttendeeInput(AttendeeRole.CUSTOMARY_AUTHORITY, "Naaba Saaga", True, SignatureMark.SIGNATURE),
            ],
        )
        assert (
            t.site_verification_close(claim=visit_pending, actor=president).state == ClaimState.PUBLIC_NOTICE
        )
        approved = t.authority_approve(claim=self.claim_at(ClaimState.AUTHORITY_APPROVAL), actor=mayor)
        assert approved.state == ClaimState.READY_FOR_CERTIFICATE

    def test_the_committee_logs_in_and_reaches_its_quorum(self):
        claim = self.claim_at(ClaimState.COMMITTEE_VALIDATION)
        voters = [self.user(name) for name in ("membre_centre2", "membre_centre3")]
        assert claim.votes.count() + len(voters) >= profile_for(claim.village).quorum_min_votes
        for member in voters:
            vote_cast(claim=claim, member=member, decision="approve", reason="Limites reconnues sur place")
        validated = t.committee_validate(claim=claim, actor=self.user("president_centre"))
        assert validated.state == ClaimState.AUTHORITY_APPROVAL

    def test_the_approved_demo_holder_has_the_civil_status_her_certificate_prints(self):
        holder = self.claim_at(ClaimState.READY_FOR_CERTIFICATE).right.holders.get().party
        assert holder.birth_date and holder.birth_place and holder.profession and holder.domicile
        assert holder.id_document_type == "national_id" and holder.id_document_number

    def test_every_demo_claimant_has_a_profession_of_their_sex(self):
        feminine, masculine = {"cultivatrice", "maraîchère"}, {"cultivateur", "éleveur"}
        for demo in DEMO_CLAIMS:
            profession = civil_status(demo.last_name)["profession"]
            assert profession in (feminine if demo.sex == "F" else masculine), demo.last_name

    def test_the_ended_notices_ended_days_ago_and_the_running_one_runs_for_weeks(self):
        today = clock.today()
        notices = self.first_claims().filter(state=ClaimState.PUBLIC_NOTICE)
        ended = sorted((today - c.notice_end).days for c in notices if c.notice_end < today)
        assert ended == [3, 10], ended
        running = notices.get(notice_end__gte=today)
        assert (running.notice_end - today).days >= 30

    def test_the_registrar_closes_the_ended_notice_from_the_claim_page_at_once(self):
        """As the walk of the demo does: « Clore la publicité » on the claim's page, the day it is loaded."""
        claim = self.claim_at(ClaimState.PUBLIC_NOTICE, notice_ended=True)
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.user("guichet"))
        page = browser.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        form = form_posting_to(page, "/moves/notice_close/")
        assert "Clore la publicité" in page
        answer = browser.post(form.action, form.data(form.button("notice_close")), follow=True)
        assert answer.status_code == 200
        claim.refresh_from_db()
        assert claim.state == ClaimState.COMMITTEE_VALIDATION
        said = unescape(answer.content.decode())
        assert (
            f"C’est fait. État de la demande {claim.receipt_number}\u202f: validation par la commission."
            in said
        )
