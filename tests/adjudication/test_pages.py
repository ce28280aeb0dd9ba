from django.core.files.uploadedfile import SimpleUploadedFile

from landreg.adjudication.models import Claim
from landreg.adjudication.states import ClaimState
from landreg.core import clock
from landreg.disputes.models import DisputeCase
from tests.adjudication.helpers import AdjudicationTestCase, applicant
from tests.adjudication.pdf import pdf_text
from tests.browser_forms import flat, form_data, form_with_field
from tests.geometries import square


class NoticeBoardPageTests(AdjudicationTestCase):
    def setUp(self):
        super().setUp()
        secret = applicant(
            "Ouattara",
            "Karim",
            id_document_type="national_id",
            id_document_number="B998877",
            birth_place="Bobo",
        )
        self.posted = self.accepted(self.submitted(self.draft(claimants=[secret])))
        self.waiting = self.submitted(self.draft(east=300, claimants=[applicant("Nana", "Adama")]))

    def test_the_public_page_lists_the_claims_under_notice_without_personal_data(self):
        page = self.client.get("/adjudication/affichage/TC-A/")
        assert page.status_code == 200
        html = page.content.decode()
        assert self.posted.receipt_number in html and "OUATTARA Karim" in html and "TC-A-00002" in html
        assert self.waiting.receipt_number not in html
        assert "B998877" not in html and "Bobo" not in html

    def test_the_pdf_is_a4_and_lists_the_same_claims(self):
        response = self.client.get("/adjudication/affichage/TC-A/pdf/")
        assert response["Content-Type"] == "application/pdf"
        assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in response.content
        text = pdf_text(response.content)
        assert self.posted.receipt_number in text and "OUATTARA Karim" in text
        assert self.waiting.receipt_number not in text and "B998877" not in text
        assert "Comment faire opposition" in text and "AVIS DE PUBLICIT" in text  # posted in French

    def test_village_b_has_its_own_board_and_unknown_villages_are_404(self):
        assert (
            self.posted.receipt_number
            not in self.client.get("/adjudication/affichage/TC-B/").content.decode()
        )
        assert self.client.get("/adjudication/affichage/TC-C/").status_code == 404  # a commune, not a village
        assert self.client.get("/adjudication/affichage/NOPE/pdf/").status_code == 404

    def test_once_the_window_ends_the_claim_leaves_the_board(self):
        self.travel(self.profile.notice_days + 1)
        assert (
            self.posted.receipt_number
            not in self.client.get("/adjudication/affichage/TC-A/").content.decode()
        )


class ActorPageTests(AdjudicationTestCase):
    def test_each_actor_sees_their_queue(self):
        claim = self.submitted(self.draft())
        self.client.force_login(self.agent_a)
        assert claim.receipt_number in self.client.get("/adjudication/claims/").content.decode()
        self.client.force_login(self.registrar)
        assert (
            claim.receipt_number in self.client.get("/adjudication/claims/?queue=screening").content.decode()
        )
        self.client.force_login(self.agent_b)
        assert claim.receipt_number not in self.client.get("/adjudication/claims/").content.decode()
        assert self.client.get(f"/adjudication/claims/{claim.pk}/").status_code == 404

    def test_the_registrar_moves_a_claim_from_its_page_and_sees_errors_as_messages(self):
        claim = self.submitted(self.draft())
        self.client.force_login(self.registrar)
        page = self.client.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        assert "moves/screening_start/" in page and "moves/submit/" not in page
        self.client.post(f"/adjudication/claims/{claim.pk}/moves/screening_start/")
        response = self.client.post(
            f"/adjudication/claims/{claim.pk}/moves/screening_return/", {"reasons": ""}
        )
        claim.refresh_from_db()
        assert claim.state == ClaimState.SCREENING
        assert response.status_code == 400  # the confirmation page again, saying which field to fill
        assert "Ce champ est obligatoire." in response.content.decode()

    def test_the_agent_sees_id_numbers_and_the_mayor_does_not(self):
        claim = self.submitted(
            self.draft(claimants=[applicant(id_document_type="national_id", id_document_number="X123")])
        )
        self.client.force_login(self.agent_a)
        assert "X123" in self.client.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        self.client.force_login(self.mayor)
        assert "X123" not in self.client.get(f"/adjudication/claims/{claim.pk}/").content.decode()

    def test_a_member_votes_from_the_committee_page(self):
        claim = self.walk_to(self.draft(), ClaimState.COMMITTEE_VALIDATION)
        self.client.force_login(self.member_a)
        assert 'name="decision"' in self.client.get(f"/adjudication/claims/{claim.pk}/").content.decode()
        self.client.post(f"/adjudication/claims/{claim.pk}/vote/", {"decision": "approve", "reason": "ok"})
        assert claim.votes.get().member == self.member_a

    def test_an_agent_records_an_objection_from_the_claim_page(self):
        claim = self.accepted(self.submitted(self.draft()))
        self.client.force_login(self.agent_a)
        self.client.post(
            f"/adjudication/claims/{claim.pk}/objection/",
            {"grounds": "Limite", "objector_name": "ZONGO Paul", "objector_id_reference": "CNIB 1"},
        )
        assert claim.objections.get().objector_name == "ZONGO Paul" and DisputeCase.objects.count() == 1

    def site_form(self, claim):
        self.client.force_login(self.member_a)
        page = self.client.get(f"/adjudication/claims/{claim.pk}/site-visit/").content.decode()
        return page, form_with_field(page, "attendees-TOTAL_FORMS")

    def test_the_site_form_suggests_neighbours_and_saves_the_record(self):
        claim = self.walk_to(self.draft(), ClaimState.SITE_VERIFICATION)
        page, form = self.site_form(claim)
        assert "OUÉDRAOGO Aminata" in page and "KABORE Salif" in page
        fields = dict(form.fields)
        neighbour = next(k[: -len("-name")] for k, v in form.fields if v == "OUÉDRAOGO Aminata")
        assert fields[f"{neighbour}-neighbour_parcel"] == str(self.parcel_a.pk)
        assert fields["visit_date"] == clock.today().isoformat()  # ISO, as a date input needs
        body = form.data(None, language="mooré", place="Tanghin", **{f"{neighbour}-agrees": "no"})
        response = self.client.post(f"/adjudication/claims/{claim.pk}/site-visit/", body, follow=True)
        assert response.status_code == 200
        visit = claim.site_visits.get()
        assert visit.attendees.get(role="neighbour").agrees is False
        assert visit.attendees.get(role="neighbour").neighbour_parcel == self.parcel_a
        assert visit.attendees.get(role="applicant").name == "KABORE Salif"
        assert visit.attendees.count() == 2  # the spare rows left blank are no one

    def test_a_site_record_sent_twice_is_one_record_with_one_dispute_case(self):
        # Seen in Chromium as president_centre: the site-visit form sent a second time (a double click, or
        # sent again after a lost answer) made a second procès-verbal; with a neighbour disagreeing, a second
        # dispute case too.
        claim = self.walk_to(self.draft(), ClaimState.SITE_VERIFICATION)
        page, form = self.site_form(claim)
        neighbour = next(k[: -len("-name")] for k, v in form.fields if v == "OUÉDRAOGO Aminata")
        body = form.data(
            None,
            language="mooré",
            place="Tanghin",
            **{f"{neighbour}-agrees": "no", f"{neighbour}-remark": "La borne nord est sur mon champ"},
        )
        url = f"/adjudication/claims/{claim.pk}/site-visit/"
        assert self.client.post(url, body).status_code == 302
        assert self.client.post(url, body).status_code == 302
        assert claim.site_visits.count() == 1 and DisputeCase.objects.filter(claims=claim).count() == 1
        # A record that differs (another attendee) is another record.
        other = form.data(None, language="mooré", place="Tanghin", **{"attendees-3-name": "Naaba Kiiba"})
        assert self.client.post(url, other).status_code == 302
        assert claim.site_visits.count() == 2

    def test_a_site_record_with_a_bad_date_keeps_every_row_typed_and_says_what_to_fix(self):
        claim = self.walk_to(self.draft(), ClaimState.SITE_VERIFICATION)
        page, form = self.site_form(claim)
        spare = "attendees-3-name"
        body = form.data(
            None, language="mooré", place="Tanghin", visit_date="2030-02-30", **{spare: "Naaba Kiiba"}
        )
        response = self.client.post(f"/adjudication/claims/{claim.pk}/site-visit/", body)
        html = response.content.decode()
        assert response.status_code == 400 and not claim.site_visits.exists()
        assert "Naaba Kiiba" in html and "mooré" in html and "Saisissez une date valide." in html

    def test_a_forged_neighbour_parcel_is_a_form_error_not_a_500(self):
        claim = self.walk_to(self.draft(), ClaimState.SITE_VERIFICATION)
        page, form = self.site_form(claim)
        body = form.data(None, language="mooré", place="Tanghin", **{"attendees-0-neighbour_parcel": "x"})
        response = self.client.post(f"/adjudication/claims/{claim.pk}/site-visit/", body)
        assert response.status_code == 400 and not claim.site_visits.exists()


class AgentPageTests(AdjudicationTestCase):
    def form(self, **changes):
        """The claim form as the page renders it (tests/browser_forms.py), filled for a joint claim."""
        data = flat(form_data(self.client.get("/adjudication/claims/new/").content.decode()))
        data.update(
            {
                "village": str(self.village_a.pk),
                "right_type": "customaryType",
                "local_name": "Tanghin",
                "geometry": square(100, 0).geojson,
                "holding": "joint",
                "holders-0-last_name": "Kabore",
                "holders-0-first_names": "Salif",
                "holders-0-sex": "M",
                "holders-0-share": "1/2",
                "holders-1-last_name": "Kabore",
                "holders-1-first_names": "Awa",
                "holders-1-sex": "F",
                "holders-1-share": "1/2",
                "save": "1",
            }
        )
        data.update(changes)
        return data

    def test_the_agent_drafts_attaches_the_form_and_submits_from_the_pages(self):
        self.client.force_login(self.agent_a)
        assert "claims/new/" in self.client.get("/adjudication/claims/").content.decode()
        response = self.client.post("/adjudication/claims/new/", self.form())
        claim = Claim.objects.get()
        assert response.status_code == 302 and claim.claimants.count() == 2
        self.client.post(
            f"/adjudication/claims/{claim.pk}/documents/",
            {
                "source_type": "application_form",
                "document_date": "2030-01-07",
                "reference": "F-1",
                "file": SimpleUploadedFile("demande.pdf", b"%PDF-1.4\n%%EOF\n"),
            },
        )
        self.client.post(f"/adjudication/claims/{claim.pk}/moves/submit/")
        claim.refresh_from_db()
        assert claim.state == ClaimState.SUBMITTED and claim.receipt_number

    def test_a_bad_boundary_is_refused_with_a_message_and_nothing_saved(self):
        self.client.force_login(self.agent_a)
        response = self.client.post("/adjudication/claims/new/", self.form(geometry="POLYGON((0 0, 1"))
        assert response.status_code == 400 and not Claim.objects.exists()

    def test_the_agent_of_village_b_cannot_draft_in_village_a(self):
        self.client.force_login(self.agent_b)
        response = self.client.post("/adjudication/claims/new/", self.form(village=str(self.village_a.pk)))
        assert response.status_code == 400 and not Claim.objects.exists()


class NoticeBoardIndexTests(AdjudicationTestCase):
    def test_the_public_finds_each_village_board_with_its_count(self):
        self.accepted(self.submitted(self.draft()))
        page = self.client.get("/adjudication/affichage/")
        counts = {v.code: v.on_notice for v in page.context["villages"]}
        assert counts == {"TC-A": 1, "TC-B": 0}
        assert "/adjudication/affichage/TC-A/" in page.content.decode()
