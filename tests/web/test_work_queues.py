"""Each demo role's home page: the queue of its work with counts and what is overdue, each count checked
against one made here independently, and each entry's link opening a list of exactly that many rows."""

import datetime as dt
import re

from django.db.models import Max
from django.test import Client, TestCase

from landreg.accounts.models import RoleAssignment, User
from landreg.adjudication.models import Claim, ProcedureProfile
from landreg.adjudication.states import FINAL_STATES, ClaimPurpose, ClaimState
from landreg.certificates.models import Certificate, CertificateStatus
from landreg.collect.models import Submission, SubmissionState
from landreg.core import clock
from landreg.disputes.cases.services import PartyInput, dispute_file
from landreg.disputes.models import DisputeCase
from landreg.parcels.models import ImportJob, Parcel
from landreg.rights.models import Right
from landreg.territory.models import AdministrativeUnit
from tests.demo_story import load_demo_story

S = ClaimState


def queues(html: str) -> dict[str, tuple[int, int, str, str, int, str]]:
    """{key: (count, overdue, link, overdue link, held by a dispute, its link)} of the home page's entries."""
    found = {}
    for key, body in re.findall(r'<li data-queue="(\w+)">(.*?)</li>', html, re.S):
        count = int(
            re.search(r'<strong class="count">([\d\u202f ]+)</strong>', body).group(1).replace("\u202f", "")
        )
        late = re.search(r'<a class="overdue" href="([^"]+)">(\d+)', body)
        held = re.search(r'<a class="held" href="([^"]+)">(\d+)', body)
        link = re.search(r'^<a href="([^"]+)">', body.strip())
        found[key] = (
            count,
            int(late.group(2)) if late else 0,
            link.group(1).replace("&amp;", "&") if link else "",
            late.group(1).replace("&amp;", "&") if late else "",
            int(held.group(2)) if held else 0,
            held.group(1).replace("&amp;", "&") if held else "",
        )
    return found


def listed(client: Client, url: str) -> int:
    """How many rows the list page at ``url`` says it holds."""
    text = re.sub(
        r"<[^>]+>",
        "",
        re.search(r'<p class="count">(.*?)</p>', client.get(url).content.decode(), re.S).group(1),
    )
    found = re.search(r"sur ([\d\u202f ]+) ligne", text)
    return int(found.group(1).replace("\u202f", "").replace(" ", "")) if found else 0


def overdue(claims) -> int:
    """Counted here claim by claim: the notice ended, or the last move is older than the profile allows."""
    now, today, late = clock.now(), clock.today(), 0
    waiting = {
        S.SUBMITTED,
        S.SCREENING,
        S.RETURNED,
        S.SITE_VERIFICATION,
        S.COMMITTEE_VALIDATION,
        S.AUTHORITY_APPROVAL,
    }
    for claim in claims.annotate(moved=Max("events__occurred_at")):
        since = claim.moved or claim.created_at
        notice_ended = claim.state == S.PUBLIC_NOTICE and claim.notice_end < today
        waited_too_long = since < now - dt.timedelta(days=claim.profile.overdue_after_days)
        late += notice_ended or (claim.state in waiting and waited_too_long)
    return late


class WorkQueueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_story(disputes=False)
        agent = User.objects.get(username="agent_centre")
        village = AdministrativeUnit.objects.get(code="SAB-C")
        Submission.objects.create(
            instance_id="uuid:6f1c2b9e-0000-4000-8000-00000000ɓ001",
            form_id="landreg_parcel_SAB-C",
            agent=agent,
            village=village,
            xml="<data/>",
            state=SubmissionState.NEEDS_CORRECTION,
            reasons=["Le contour se croise lui-même."],
        )
        ImportJob.objects.create(
            file="imports/2026/12/kɔnɛ.geojson",
            village=village,
            status="failed",
            error="Le fichier ne contient aucun polygone.",
            created_by=agent,
            created_at=clock.now(),
        )

    def home(self, username: str, later_days: int = 0) -> tuple[Client, dict]:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client, queues(client.get("/").content.decode())

    def check_links(self, client, found):
        for key, (count, late, link, late_link, held, held_link) in found.items():
            if link.startswith("/") and not link.startswith("/admin/"):
                assert listed(client, link) == count, (key, link)
            if late_link:
                assert listed(client, late_link) == late, (key, late_link)
            if held_link:
                assert listed(client, held_link) == held, (key, held_link)

    def test_the_field_agent_sees_drafts_returned_claims_and_submissions_to_correct(self):
        client, found = self.home("agent_centre")
        mine = Claim.objects.filter(
            created_by__username="agent_centre", purpose=ClaimPurpose.FIRST_REGISTRATION
        )
        assert found["drafts"][0] == mine.filter(state=S.DRAFT).count() > 0
        assert found["returned"][0] == mine.filter(state=S.RETURNED).count() > 0
        assert found["submissions"][0] == 1
        assert set(found) == {"drafts", "returned", "submissions"}
        self.check_links(client, found)

    def test_the_registrar_sees_screening_notices_certificates_and_changes_with_what_is_overdue(self):
        client, found = self.home("guichet")
        today = clock.today()
        screening = Claim.objects.filter(state__in=[S.SUBMITTED, S.SCREENING])
        ending = Claim.objects.filter(state=S.PUBLIC_NOTICE, notice_end__lte=today + dt.timedelta(days=7))
        assert found["screening"][:2] == (screening.count(), overdue(screening))
        assert found["notices"][:2] == (ending.count(), overdue(ending))
        assert found["notices"][1] >= 1  # the demo has a notice that ended and was not closed
        waiting_rights = (
            Right.objects.filter(
                end_lifespan__isnull=True,
                parcel__end_lifespan__isnull=True,
                right_type__kind="right",
                right_type__is_secondary=False,
            )
            .exclude(certificates__status__in=[CertificateStatus.ISSUED, CertificateStatus.SIGNED])
            .distinct()
        )
        # What an open dispute case holds (its parcels, its rights and their parcels) is counted apart.
        cases = DisputeCase.objects.filter(closed_at__isnull=True)
        held_parcels = {
            *cases.values_list("parcels", flat=True),
            *cases.values_list("rights__parcel", flat=True),
        }
        held_rights = set(cases.values_list("rights", flat=True))

        def held(rows, right="pk") -> int:
            return sum(getattr(r, right) in held_rights or r.parcel_id in held_parcels for r in rows)

        waiting = list(waiting_rights)
        assert found["print_queue"][4] == held(waiting)
        assert found["print_queue"][0] == len(waiting) - held(waiting)
        in_force = Certificate.objects.exclude(status=CertificateStatus.REVOKED)
        unprinted = list(in_force.filter(print_count=0))
        assert found["to_print"][4] == held(unprinted, right="right_id")
        assert found["to_print"][0] == len(unprinted) - held(unprinted, right="right_id")
        assert found["to_deliver"][0] == (
            Certificate.objects.filter(
                status=CertificateStatus.SIGNED, print_count__gt=0, deliveries=None
            ).count()
        )
        changes = Claim.objects.exclude(purpose=ClaimPurpose.FIRST_REGISTRATION).exclude(
            state__in=FINAL_STATES
        )
        assert found["changes"][:2] == (changes.count(), overdue(changes))
        self.check_links(client, found)

    def test_a_wait_longer_than_the_profile_allows_makes_claims_overdue(self):
        later = clock.now() + dt.timedelta(
            days=ProcedureProfile.objects.get(code="bf-apfr").overdue_after_days + 1
        )
        with clock.frozen_at(later):
            client, found = self.home("guichet")
            screening = Claim.objects.filter(state__in=[S.SUBMITTED, S.SCREENING])
            assert found["screening"][1] == screening.count() == overdue(screening) > 0
            self.check_links(client, found)

    def test_a_committee_member_sees_votes_to_cast_and_site_visits(self):
        for username in ["membre_centre", "membre_centre2", "president_centre"]:
            client, found = self.home(username)
            committee = Claim.objects.filter(village__code="SAB-C", state=S.COMMITTEE_VALIDATION)
            votes = committee.exclude(votes__member__username=username)
            site = Claim.objects.filter(village__code="SAB-C", state=S.SITE_VERIFICATION)
            assert found["votes"][:2] == (votes.count(), overdue(votes)), username
            assert found["site_visits"][:2] == (site.count(), overdue(site))
            self.check_links(client, found)
        # The demo's first member has voted; the second has not.
        assert self.home("membre_centre")[1]["votes"][0] == 0
        assert self.home("membre_centre2")[1]["votes"][0] == 1

    def test_the_mayor_sees_approvals_and_signatures(self):
        client, found = self.home("maire")
        approvals = Claim.objects.filter(state=S.AUTHORITY_APPROVAL)
        assert found["approvals"][:2] == (approvals.count(), overdue(approvals)) and approvals.exists()
        unsigned = Certificate.objects.filter(status=CertificateStatus.ISSUED, signature_required=True)
        assert found["signatures"][0] == unsigned.count()
        assert set(found) == {"approvals", "signatures"}
        self.check_links(client, found)

    def test_the_dispute_administrator_sees_cases_to_schedule_and_open_cases(self):
        litiges = User.objects.get(username="litiges")
        parcel = Parcel.objects.filter(village__code="SAB-N").order_by("number").first()
        case = dispute_file(
            actor=litiges,
            village=parcel.village,
            kind="boundary",
            subject="Limite sud contestée",
            grounds="La borne a été déplacée.",
            parcels=[parcel],
            rights=[],
            parties=[PartyInput("claimant", "Ŋaba Kadiatou", "F")],
        )
        client, found = self.home("litiges")
        open_cases = DisputeCase.objects.filter(closed_at__isnull=True)
        assert found["open_cases"][:2] == (open_cases.count(), 0) and case in open_cases
        assert found["to_schedule"][0] == open_cases.filter(status="open").count() >= 1
        self.check_links(client, found)
        # Past the profile's first-session delay without a session, the case is overdue.
        with clock.frozen_at(
            clock.now() + dt.timedelta(days=(case.first_session_due - clock.today()).days + 1)
        ):
            client, found = self.home("litiges")
            assert found["to_schedule"][1] == found["open_cases"][1] == 1
            self.check_links(client, found)

    def test_the_system_administrator_sees_users_profiles_and_failed_jobs(self):
        client, found = self.home("admin")
        users = RoleAssignment.objects.filter(revoked_at__isnull=True).values("user").distinct().count()
        assert found["users"][0] == users
        assert found["profiles"][0] == ProcedureProfile.objects.count()
        assert found["failed_imports"][0] == 1
        html = client.get("/").content.decode()
        job = ImportJob.objects.get()
        assert f'href="/parcels/import/{job.pk}/"' in html
        members = RoleAssignment.objects.filter(unit__code="SAB-C", role="committee_member", revoked_at=None)
        row = re.search(
            r"<tr><td>[^<]*\(SAB-C\)</td><td>membre de la commission foncière villageoise</td><td>(\d+)</td>",
            html,
        )
        assert row and int(row.group(1)) == members.count() == 3

    def test_a_person_without_a_role_has_no_queue(self):
        stranger = User.objects.create_user("passant")
        client = Client()
        client.force_login(stranger)
        assert queues(client.get("/").content.decode()) == {}
