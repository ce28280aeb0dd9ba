"""The whole story in the browser (issue 10 item 7), through pages only, each actor logged in with their own
account: the agent draws the parcel with the mouse on the map and records a family's collective claim, the
registrar screens it, the committee records the site visit, the notice runs; a neighbour objects at the
agent's, the conciliation committee hears both sides and records that the objection is withdrawn; the notice
closes (the clock moves), the committee votes to quorum and its president validates, the mayor approves, the
registrar issues the certificate, the mayor signs it, the registrar prints and delivers it, and an anonymous
citizen opens the QR's verification address.

A screenshot per step is kept under $LANDREG_TEST_ARTIFACTS/story/ (default var/test-artifacts/story/).
"""

import datetime as dt
import os
from pathlib import Path

from django.conf import settings
from django.contrib.gis.geos import MultiPolygon

from landreg.accounts.roles import Role
from landreg.core import clock
from tests.base import make_user
from tests.certificates.base import pdf_text
from tests.e2e.base import BrowserTestCase
from tests.e2e.drawing import centre_editor, draw_polygon
from tests.geometries import square

# Enough of a PDF for the document check, which reads the signature.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def artifacts_dir() -> Path:
    base = os.environ.get("LANDREG_TEST_ARTIFACTS") or str(Path(settings.BASE_DIR) / "var" / "test-artifacts")
    folder = Path(base) / "story"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):  # the folder shows one run, step by step
        old.unlink()
    return folder


class StoryTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.use_procedure("bf-apfr")  # site visit, 45 days' notice, committee (3 votes), mayor
        # The village's limits are known (a square kilometre around parcel_a): parcels are checked in them.
        self.village_a.boundary = MultiPolygon(square(-400, -400, side=1000))
        self.village_a.save(update_fields=["boundary"])
        make_user("guichet_story", Role.REGISTRAR, self.commune)
        make_user("conciliation_story", Role.CONCILIATION_COMMITTEE, self.commune)
        make_user("president_story", Role.COMMITTEE_PRESIDENT, self.village_a)
        for name in ("membre2_story", "membre3_story"):
            make_user(name, Role.COMMITTEE_MEMBER, self.village_a)
        self.now = clock.now()
        self.move_clock(0)
        self.shots = artifacts_dir()
        self.step = 0
        self.context = None

    def tearDown(self):
        if self.context is not None:
            self.context.close()
        super().tearDown()

    def move_clock(self, days: int):
        """The live server runs in a thread of this process, so it reads the same clock."""
        self.now += dt.timedelta(days=days)
        frozen = clock.frozen_at(self.now)
        frozen.__enter__()
        self.addCleanup(frozen.__exit__, None, None, None)

    def as_user(self, username: str | None):
        """A fresh browser (no cookies) for each actor; None is an anonymous citizen."""
        if self.context is not None:
            self.context.close()
        self.context = self.browser.new_context(locale="fr-FR", accept_downloads=True)
        self.page = self.context.new_page()
        self.page.set_default_timeout(20_000)
        self.page.on(
            "request",
            lambda r: None if r.url.startswith(self.live_server_url) else self.remote_requests.append(r.url),
        )
        if username:
            self.log_in(username)

    def shot(self, name: str):
        if self.page.locator(".parcel-map").count():  # the parcels around come after the page: wait for them
            self.page.wait_for_selector(".parcel-map[data-neighbours-loaded]", state="attached")
        self.step += 1
        self.page.screenshot(path=str(self.shots / f"{self.step:02d}-{name}.png"), full_page=True)

    def open_claim(self):
        self.page.goto(f"{self.live_server_url}/adjudication/claims/{self.claim.pk}/")

    def dispute_move(self, move: str, **fields):
        """Fill a move's form on a dispute case page (text, date, choice) and record it."""
        form = self.page.locator(f"form[action$='/moves/{move}/']")
        for name, value in fields.items():
            field = form.locator(f"[name={name}]")
            if field.evaluate("e => e.tagName") == "SELECT":
                field.select_option(value)
            else:
                field.fill(value)
        if move == "session_hold":  # every party came
            for box in form.locator("input[type=checkbox]").all():
                box.check()
        with self.page.expect_navigation():
            form.locator("button[name=move]").click()

    def move(self, move: str, **fields):
        form = self.page.locator(f"form.move:has(button[name=move][value={move}])")
        for name, value in fields.items():
            form.locator(f"[name={name}]").fill(value)
        with self.page.expect_navigation():
            form.locator(f"button[name=move][value={move}]").click()
        self.claim.refresh_from_db()

    def test_a_womans_family_claim_drawn_on_the_map_goes_through_an_objection_to_a_verified_certificate(self):
        from landreg.adjudication.models import Claim
        from landreg.adjudication.states import ClaimState
        from landreg.certificates.models import Certificate

        # 1. The agent draws the boundary with the mouse beside parcel_a, its west side snapped onto
        #    parcel_a's east edge, sees it checked while drawing (inside the village, overlapping nothing),
        #    and records the family's claim.
        self.as_user("agent_a")
        self.page.goto(f"{self.live_server_url}/adjudication/claims/new/")
        centre_editor(self.page, 120, 40)
        draw_polygon(self.page, [(100, 10), (170, 10), (170, 80), (100, 80)])
        self.page.wait_for_selector(".boundary-status[data-state=valid]")
        assert self.page.locator(".boundary-status li.error, .boundary-status li.warning").count() == 0
        assert self.page.locator(".boundary-status").inner_text().startswith("Surface\u202f: 4")  # 4 900 m²
        self.shot("agent-draws-boundary")
        self.page.fill("input[name=local_name]", "Kɔnkɔ")
        self.page.fill("input[name=limit_west]", "Champ de OUÉDRAOGO Aminata")
        self.page.select_option("select[name=right_type]", "commonOwnership")
        self.page.check("input[name=holding][value=collective]")
        self.page.fill("input[name=group_name]", "Famille Ŋaba de Kɔnkɔ")
        self.page.select_option("select[name=group_type]", "family")
        self.page.fill("input[name=mandate_reference]", "Mandat n°7")
        self.page.fill("input[name=mandate_date]", self.now.date().isoformat())
        members = [("Awa", "F", "1/2"), ("Ɓoukary", "M", "1/4"), ("Fatɛ", "F", "1/4")]
        for i, (first, sex, share) in enumerate(members):
            self.page.fill(f"input[name=members-{i}-last_name]", "Ŋaba")
            self.page.fill(f"input[name=members-{i}-first_names]", first)
            self.page.select_option(f"select[name=members-{i}-sex]", sex)
            self.page.fill(f"input[name=members-{i}-share]", share)
        self.page.check("input[name=members-0-mandatary]")  # Awa, the head of the family, is its mandatary
        self.shot("agent-claim-form")
        with self.page.expect_navigation():
            self.page.click("button[name=save][value='1']")
        self.claim = Claim.objects.get()
        assert self.page.url.endswith(f"/adjudication/claims/{self.claim.pk}/"), self.page.url
        # The application form is attached on the claim page, then the claim is submitted.
        form = self.page.locator("form[action$='/document/'], form:has(input[name=document_date])")
        form.locator("select[name=source_type]").select_option("application_form")
        form.locator("input[name=document_date]").fill(self.now.date().isoformat())
        form.locator("input[name=reference]").fill("Demande n°1")
        form.locator("input[name=file]").set_input_files(
            {"name": "demande.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        with self.page.expect_navigation():
            form.locator("button[type=submit]").click()
        self.move("submit")
        assert self.claim.state == ClaimState.SUBMITTED and self.claim.receipt_number in self.page.content()
        self.shot("agent-claim-submitted")

        # 2. The registrar screens it and accepts it.
        self.as_user("guichet_story")
        self.open_claim()
        self.move("screening_start")
        self.move("screening_accept")
        assert self.claim.state == ClaimState.SITE_VERIFICATION, self.claim.state
        self.shot("registrar-accepted")

        # 3. The committee records the site visit with the neighbours, and its president closes it.
        self.as_user("president_story")
        self.open_claim()
        with self.page.expect_navigation():
            self.page.click(f"a[href$='/adjudication/claims/{self.claim.pk}/site-visit/']")
        self.page.fill("input[name=language]", "mooré")
        blank_name = "tbody input[name$='name']:not([value]), tbody input[name$='name'][value='']"
        self.page.locator(blank_name).first.fill("Ŋaba Awa")
        self.shot("committee-site-visit")
        with self.page.expect_navigation():
            self.page.click("main form button[type=submit]")
        self.open_claim()
        self.move("site_verification_close")
        assert self.claim.state == ClaimState.PUBLIC_NOTICE, self.claim.state

        # 4. The notice is posted on the village board for 45 days.
        self.as_user(None)
        self.page.goto(f"{self.live_server_url}/adjudication/affichage/{self.village_a.code}/")
        assert "Ŋaba" in self.page.content()
        self.shot("public-notice-board")

        # 5. A week later a neighbour, who has no account, objects at the agent's: the agent records the
        #    objection on the claim page, which opens a dispute case and holds the claim.
        self.move_clock(7)
        self.as_user("agent_a")
        self.open_claim()
        form = self.page.locator("form[action$='/objection/']")
        form.locator("input[name=objector_name]").fill("ZONGO Ɓila")
        form.locator("input[name=objector_id_reference]").fill("CNIB B7654321")
        form.locator("textarea[name=grounds]").fill("La limite est du champ empiète sur ma jachère.")
        with self.page.expect_navigation():
            form.locator("button[type=submit]").click()
        objection = self.claim.objections.get()
        case = objection.dispute
        assert "ZONGO Ɓila" in self.page.content() and case.number in self.page.content()
        assert "Litige en cours" in self.page.content()
        self.shot("agent-records-objection")

        # 6. The conciliation committee finds the case on its disputes page, schedules a session, holds it
        #    with both parties, and records their agreement: the neighbour withdraws the objection.
        self.move_clock(3)
        self.as_user("conciliation_story")
        self.page.goto(f"{self.live_server_url}/disputes/")
        with self.page.expect_navigation():
            self.page.click(f"text={case.number}")
        today = clock.today().isoformat()
        self.dispute_move("session_schedule", scheduled_for=today, place="Champ de la famille Ŋaba")
        self.dispute_move(
            "session_hold",
            held_on=today,
            conciliators="Naaba Kiiba, SAWADOGO Issa",
            language="mooré",
            minutes="Les bornes ont été montrées sur le terrain ; la jachère de ZONGO Ɓila est hors limite.",
        )
        self.dispute_move(
            "agree",
            decided_on=today,
            summary="ZONGO Ɓila reconnaît la limite et retire son opposition.",
            signatures="Empreinte de ZONGO Ɓila, signature de Ŋaba Awa",
            change="withdraw_objection",
        )
        assert self.page.locator("[data-status=conciliated]").count() == 1
        self.shot("conciliation-agreement")
        # Its procès-verbal de conciliation prints from the case page, with the parties' names as written.
        record = self.page.locator("a", has_text="Procès-verbal (PDF)").get_attribute("href")
        pdf = self.page.request.get(f"{self.live_server_url}{record}")
        assert pdf.headers["content-type"] == "application/pdf"
        assert "ZONGO Ɓila" in pdf_text(pdf.body()) and "Ŋaba de Kɔnkɔ" in pdf_text(pdf.body())
        self.open_claim()
        assert "Litige en cours" not in self.page.content()

        # 7. The clock moves past the notice's end; the registrar closes it.
        self.move_clock(39)
        self.as_user("guichet_story")
        self.open_claim()
        self.move("notice_close")
        assert self.claim.state == ClaimState.COMMITTEE_VALIDATION, self.claim.state

        # 8. Three members vote (the profile's quorum) and the president validates.
        for member in ("member_a", "membre2_story", "membre3_story"):
            self.as_user(member)
            self.open_claim()
            self.page.check("input[name=decision][value=approve]")
            self.page.fill("input[name=reason]", "Limites reconnues par les voisins")
            with self.page.expect_navigation():
                self.page.click("form[action$='/vote/'] button[type=submit]")
        self.as_user("president_story")
        self.open_claim()
        self.shot("committee-quorum")
        self.move("committee_validate")
        assert self.claim.state == ClaimState.AUTHORITY_APPROVAL, self.claim.state

        # 9. The mayor approves: the parcel, the family and its right are registered.
        self.as_user("mayor")
        self.open_claim()
        self.move("authority_approve")
        assert self.claim.state == ClaimState.READY_FOR_CERTIFICATE, self.claim.state
        self.shot("mayor-approved")

        # 10. The registrar issues the certificate from the print queue and prints it (a PDF download); the
        # mayor signs the printed paper (print, sign, deliver: certificates.models.CertificateStage).
        self.as_user("guichet_story")
        self.page.goto(f"{self.live_server_url}/certificates/")
        with self.page.expect_navigation():
            self.page.click(f"tr:has-text('{self.claim.parcel.number}') form button[type=submit]")
        certificate = Certificate.objects.get(parcel=self.claim.parcel)
        with self.page.expect_download() as download:
            self.page.click("form[action$='/print/'] button[type=submit]")
        assert download.value.suggested_filename == f"{certificate.number}.pdf"
        self.as_user("mayor")
        self.page.goto(f"{self.live_server_url}/certificates/{certificate.pk}/")
        with self.page.expect_navigation():
            self.page.click("form[action$='/sign/'] button[type=submit]")
        self.shot("mayor-signed")

        # 11. The registrar records its delivery to the mandatary.
        self.as_user("guichet_story")
        self.page.goto(f"{self.live_server_url}/certificates/{certificate.pk}/")
        form = self.page.locator("form[action$='/deliver/']")
        # Awa, the family's mandatary, listed among the holders; she shows her identity card.
        form.locator("label", has_text="ŊABA Awa").locator("input[type=radio]").check()
        form.locator("select[name=id_document_type]").select_option("national_id")
        form.locator("input[name=id_document_number]").fill("B-ŊA-1207")
        form.locator("input[name=marker]").fill("E-1")
        with self.page.expect_navigation():
            form.locator("button[type=submit]").click()
        assert "ŊABA Awa" in self.page.locator("ul.deliveries").inner_text()
        self.shot("registrar-delivered")
        verify = self.page.locator("a[href*='/verify/']").get_attribute("href")

        # 12. A citizen, not logged in, opens the QR's address and reads that the certificate is valid.
        self.as_user(None)
        self.page.goto(f"{self.live_server_url}{verify}" if verify.startswith("/") else verify)
        assert certificate.number in self.page.content()
        assert self.page.locator(".verdict[data-status=valid]").count() == 1
        self.shot("citizen-verifies")
        certificate.refresh_from_db()
        assert certificate.status == "signed" and certificate.deliveries.exists()
        assert self.remote_requests == []
