"""The three stories of the disputes issue in headless Chromium, walked by the actors on their pages.

Preconditions the dispute pages do not make (a claim under notice, a site visit) are set up through the
services; every dispute move is made in the browser, by the conciliation committee or the dispute
administrator, and the registrar meets the freeze on the parcel and certificate pages.
"""

import datetime as dt

from django.test import override_settings

from landreg.accounts.roles import Role
from landreg.adjudication.claims import transitions as t
from landreg.adjudication.claims.services import ClaimantInput, claim_attach_documents, claim_draft
from landreg.adjudication.models import AttendeeRole, SignatureMark
from landreg.adjudication.notice.objections import objection_lodge
from landreg.adjudication.site.visits import AttendeeInput, site_visit_record
from landreg.adjudication.states import ClaimState
from landreg.core import clock
from landreg.disputes.models import DisputeCase
from landreg.documents.services import source_attach
from tests.base import make_user
from tests.e2e.base import BrowserTestCase
from tests.geometries import square

START = dt.datetime(2030, 3, 2, 9, 0, tzinfo=dt.UTC)


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class DisputeStoriesTests(BrowserTestCase):
    def setUp(self):
        self.frozen = clock.frozen_at(START)  # the server thread reads the same clock
        self.frozen.__enter__()
        super().setUp()
        self.use_procedure("generic")
        self.registrar = make_user("registrar", Role.REGISTRAR, self.commune)
        self.conciliator = make_user("conciliator", Role.CONCILIATION_COMMITTEE, self.commune)
        self.disputes = make_user("disputes", Role.DISPUTE_ADMINISTRATOR, self.commune)
        self.president = make_user("president_a", Role.COMMITTEE_PRESIDENT, self.village_a)
        self.members = [self.member_a, make_user("member2_a", Role.COMMITTEE_MEMBER, self.village_a)]

    def tearDown(self):
        super().tearDown()
        self.frozen.__exit__(None, None, None)

    # --- the actors in the browser ---------------------------------------------------------------
    def log_in(self, username):
        self.page.context.clear_cookies()  # the next actor on the same browser
        super().log_in(username)

    def open_case_from_home(self, case):
        self.page.goto(f"{self.live_server_url}/disputes/")
        self.page.click(f"text={case.number}")
        self.page.wait_for_url(f"**/disputes/{case.pk}/")

    def move_form(self, move):
        return self.page.locator(f"form[action$='/moves/{move}/']")

    def submit(self, move):
        with self.page.expect_navigation():
            self.move_form(move).locator("button[name=move]").click()

    def conciliate(self, case, *, change, geometry=None):
        """As the conciliation committee: schedule a session, record it with everyone present, sign."""
        self.log_in("conciliator")
        self.open_case_from_home(case)
        today = clock.today().isoformat()
        form = self.move_form("session_schedule")
        form.locator("input[name=scheduled_for]").fill(today)
        form.locator("input[name=place]").fill("Maison du village")
        self.submit("session_schedule")
        form = self.move_form("session_hold")
        form.locator("input[name=held_on]").fill(today)
        form.locator("input[name=conciliators]").fill("Naaba Kiiba, SAWADOGO Issa")
        form.locator("input[name=language]").fill("mooré")
        form.locator("input[name=translation_language]").fill("français")
        form.locator("textarea[name=minutes]").fill("Les parties ont été entendues sur le terrain.")
        for box in form.locator("input[type=checkbox]").all():
            box.check()
        self.submit("session_hold")
        form = self.move_form("agree")
        form.locator("input[name=decided_on]").fill(today)
        form.locator("textarea[name=summary]").fill("Accord des parties.")
        form.locator("textarea[name=signatures]").fill("Empreintes et signatures des parties")
        form.locator("select[name=change]").select_option(change)
        if geometry is not None:
            form.locator("textarea[name=geometry]").fill(geometry)
        self.submit("agree")
        assert self.page.locator("[data-status=conciliated]").inner_text().startswith("concilié")

    # --- preconditions through the services ------------------------------------------------------
    def claim_at(self, state, east=100):
        claim = claim_draft(
            actor=self.agent_a,
            village=self.village_a,
            geometry=square(east, 0),
            right_type="customaryType",
            claimants=[ClaimantInput(last_name="Kabore", first_names="Salif", sex="M", share="1")],
        )
        form = source_attach(
            source_type="application_form", document_date=clock.today(), village=self.village_a
        )
        claim_attach_documents(claim=claim, actor=self.agent_a, documents=[form])
        t.claim_submit(claim=claim, actor=self.agent_a)
        t.screening_start(claim=claim, actor=self.registrar)
        claim = t.screening_accept(claim=claim, actor=self.registrar)
        if state == ClaimState.SITE_VERIFICATION:
            claim = self.after_notice(claim)
        return claim

    def after_notice(self, claim):
        claim.refresh_from_db()
        self.travel((claim.notice_end - clock.today()).days + 1)
        return t.notice_close(claim=claim, actor=self.registrar)

    def travel(self, days):
        later = clock.now() + dt.timedelta(days=days)
        self.frozen.__exit__(None, None, None)
        self.frozen = clock.frozen_at(later)
        self.frozen.__enter__()

    def site_record(self, claim, neighbour_agrees):
        return site_visit_record(
            claim=claim,
            actor=self.member_a,
            visit_date=clock.today(),
            place="Champ",
            language="mooré",
            attendees=[
                AttendeeInput(AttendeeRole.APPLICANT, "KABORE Salif", True, SignatureMark.FINGERPRINT),
                AttendeeInput(
                    AttendeeRole.NEIGHBOUR,
                    "OUÉDRAOGO Aminata",
                    neighbour_agrees,
                    SignatureMark.SIGNATURE,
                    remark="La limite ouest empiète sur mon champ",
                    neighbour_parcel=self.parcel_a,
                    direction="W",
                ),
            ],
        )

    def finish(self, claim):
        """Site visit, votes, validation and approval, as the village committee and the mayor."""
        claim.refresh_from_db()
        self.site_record(claim, neighbour_agrees=True)
        claim = t.site_verification_close(claim=claim, actor=self.president)
        from landreg.adjudication.committee.votes import vote_cast

        for member in self.members:
            vote_cast(claim=claim, member=member, decision="approve", reason="Limites reconnues")
        claim = t.committee_validate(claim=claim, actor=self.president)
        return t.authority_approve(claim=claim, actor=self.mayor)

    # --- the three stories -----------------------------------------------------------------------
    def test_an_objection_is_conciliated_the_boundary_revised_the_notice_restarted_and_the_claim_approved(
        self,
    ):
        claim = self.claim_at(ClaimState.PUBLIC_NOTICE)
        objection = objection_lodge(
            claim=claim,
            recorded_by=self.agent_a,
            objector_name="ZONGO Paul",
            objector_id_reference="CNIB B7",
            grounds="La limite est empiète sur mon champ",
        )
        self.travel(3)
        self.conciliate(objection.dispute, change="boundary", geometry=square(110, 0, side=90).geojson)
        claim.refresh_from_db()
        assert claim.state == ClaimState.PUBLIC_NOTICE and claim.notice_start == clock.today()
        self.page.goto(f"{self.live_server_url}/adjudication/claims/{claim.pk}/")
        assert "Litige en cours" not in self.page.content()
        claim = self.finish(self.after_notice(claim))
        assert claim.state == ClaimState.READY_FOR_CERTIFICATE and round(claim.parcel.area_m2) == 8100

    def test_a_non_conciliation_goes_to_court_the_parcel_is_frozen_and_the_decision_is_applied(self):
        # The dispute administrator opens the case on the registered parcel from the dispute pages.
        self.log_in("disputes")
        self.page.goto(f"{self.live_server_url}/disputes/new/")
        self.page.select_option("select[name=village]", str(self.village_a.pk))
        self.page.fill("input[name=parcels]", self.parcel_a.number)
        self.page.select_option("select[name=kind]", "ownership")
        self.page.fill("input[name=subject]", "Vente contestée par une cohéritière")
        self.page.select_option("select[name=party0_role]", "holder")
        self.page.fill("input[name=party0_name]", "OUÉDRAOGO Aminata")
        self.page.select_option("select[name=party1_role]", "heir")
        self.page.fill("input[name=party1_name]", "OUÉDRAOGO Rasmata")
        with self.page.expect_navigation():
            self.page.click("button[name=open]")
        case = DisputeCase.objects.get()
        # The committee hears the parties; they do not agree.
        self.log_in("conciliator")
        self.open_case_from_home(case)
        today = clock.today().isoformat()
        form = self.move_form("session_schedule")
        form.locator("input[name=scheduled_for]").fill(today)
        form.locator("input[name=place]").fill("Mairie")
        self.submit("session_schedule")
        form = self.move_form("session_hold")
        form.locator("input[name=held_on]").fill(today)
        form.locator("input[name=conciliators]").fill("Naaba Kiiba")
        form.locator("input[name=language]").fill("mooré")
        form.locator("textarea[name=minutes]").fill("Aucun accord")
        form.locator("input[type=checkbox]").first.check()
        self.submit("session_hold")
        form = self.move_form("non_conciliation")
        form.locator("input[name=decided_on]").fill(today)
        form.locator("textarea[name=summary]").fill("Chacun maintient sa position.")
        self.submit("non_conciliation")
        # The dispute administrator refers it to the court.
        self.log_in("disputes")
        self.open_case_from_home(case)
        form = self.move_form("refer")
        form.locator("input[name=court_name]").fill("TGI de Koudougou")
        form.locator("input[name=court_reference]").fill("RG 12/2030")
        form.locator("input[name=referred_on]").fill(today)
        self.submit("refer")
        # Meanwhile the registrar can neither record a sale nor issue the certificate.
        self.log_in("registrar")
        self.page.goto(f"{self.live_server_url}/parcels/{self.parcel_a.pk}/")
        assert "Litige en cours" in self.page.content() and case.number in self.page.content()
        # The print queue names the case on the right's row and offers no « Émettre » for it (f5c80d5).
        self.page.goto(f"{self.live_server_url}/certificates/")
        assert "Litige en cours (dossier " + case.number in self.page.content()
        assert self.page.locator(f"form[action$='/certificates/issue/{self.right_a.pk}/']").count() == 0
        # The court decides: the right ends; the decision's scan is attached.
        self.log_in("disputes")
        self.open_case_from_home(case)
        form = self.move_form("decide")
        form.locator("input[name=decided_on]").fill(today)
        form.locator("textarea[name=summary]").fill("La vente est annulée ; le droit prend fin.")
        form.locator("select[name=change]").select_option("end_right")
        form.locator("input[name=document_reference]").fill("Jugement 45/2030")
        form.locator("input[name=document]").set_input_files(
            files=[{"name": "jugement.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 jugement"}]
        )
        self.submit("decide")
        case.refresh_from_db()
        assert case.status == "decided" and not self.parcel_a.rights.current().exists()
        self.page.goto(f"{self.live_server_url}/parcels/{self.parcel_a.pk}/")
        assert "Litige en cours" not in self.page.content()

    def test_a_neighbours_disagreement_at_the_site_visit_is_settled_by_a_withdrawn_claim(self):
        claim = self.claim_at(ClaimState.SITE_VERIFICATION)
        self.site_record(claim, neighbour_agrees=False)
        case = DisputeCase.objects.get(origin="site_visit")
        self.log_in("conciliator")
        self.page.goto(f"{self.live_server_url}/adjudication/claims/{claim.pk}/")
        assert "Litige en cours" in self.page.content()
        self.conciliate(case, change="withdraw_claim")
        claim.refresh_from_db()
        assert claim.state == ClaimState.WITHDRAWN
        self.page.goto(f"{self.live_server_url}/adjudication/claims/{claim.pk}/")
        assert "Litige en cours" not in self.page.content()
