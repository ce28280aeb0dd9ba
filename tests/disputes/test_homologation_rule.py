"""The procedure profile's rule on the court's homologation of a procès-verbal of conciliation
(ProcedureProfile.dispute_homologation), kept on the agreement when it is signed. Required: the signed
agreement waits for the court (case open, land frozen, change not made); the homologation applies the change,
closes the case and lifts the freeze; a refusal of the court sends the case to non-conciliation. Not part of
the procedure: no form, the move refused. Pages are posted as they render (CSRF enforced, their buttons)."""

import datetime as dt
from html import unescape

from django.test import Client
from django.utils import translation

from landreg.adjudication.changes.transfers import right_transfer
from landreg.audit.models import AuditEvent
from landreg.audit.services import audit_verify
from landreg.certificates.issuing.services import certificate_issue
from landreg.core import clock
from landreg.disputes.cases import transitions as dt_moves
from landreg.disputes.exceptions import DisputePendingError
from landreg.disputes.models import DisputeHomologation, HomologationRefusal
from landreg.disputes.outcomes.homologation import homologate
from landreg.disputes.states import DisputeStatus
from landreg.rights.services import HolderShare
from tests.base import make_person
from tests.browser_forms import form_posting_to
from tests.disputes.test_homologation import COURT, PDF, SCANNED, judgement
from tests.disputes.test_pages import PageTestCase
from tests.geometries import square
from tests.web.test_work_queues import listed, queues

AGREED = square(400, 0, side=95)  # the boundary the parties agree on: 95 m × 95 m = 9,025 m²


class HomologationRuleTestCase(PageTestCase):
    direct_changes = True  # a sale is recorded directly by the land office: the freeze is what stops it
    rule = "required"

    def setUp(self):
        super().setUp()
        self.profile.dispute_homologation = self.rule
        self.profile.save(update_fields=["dispute_homologation"])
        self.parcel = self.parcel_held(400)
        self.right = self.parcel.rights.get()
        self.buyer = make_person(self.village_a, "Ɓaŋa", "Ɛlisabɛt", sex="F")
        self.case = self.file_case(
            parcels=[self.parcel], subject="Borne nord contestée par ZONGO Paul", rights=[self.right]
        )
        self.held_session(self.case)
        self.url = f"/disputes/{self.case.pk}/"
        self.homologation_action = f"{self.url}homologation/"
        self.refusal_action = f"{self.url}homologation/refusal/"

    def page(self, client: Client) -> str:
        response = client.get(self.url)
        assert response.status_code == 200
        return unescape(response.content.decode())

    def agree_on_page(self):
        """The conciliator records the signed procès-verbal as the case page renders its form."""
        response = self.post_move(
            self.client_for(self.conciliator),
            self.case,
            "agree",
            decided_on=clock.today().isoformat(),
            summary="ƁAŊƆ Ɛlisabɛt et ZONGO Paul reculent la borne nord de 5 m, au pied du karité.",
            signatures="ƁAŊƆ Ɛlisabɛt (empreinte), ZONGO Paul (signature)",
            change="boundary",
            geometry=AGREED.geojson,
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        self.case.refresh_from_db()
        self.agreed_on = clock.today()
        self.travel(20)  # the court decides some weeks later

    def post_court_decision(self, client, action, button, page=None, file=SCANNED, **typed):
        """The court's decision posted as the page renders its form, the judgement's scan chosen
        (``file=None``: none chosen)."""
        if file is SCANNED:
            file = judgement()
        form = form_posting_to(page or self.page(client), action)
        values = {
            "decided_on": clock.today().isoformat(),
            "court_name": COURT,
            "reference": "Jugement n° 071/2030 Ŋ",
        }
        body = form.data(form.button(button), **(values | typed))
        if file is not None:
            body["file"] = file
        return client.post(form.action, body, follow=True)

    def assert_frozen(self):
        with self.assertRaisesMessage(DisputePendingError, self.case.number):
            certificate_issue(right=self.right, actor=self.registrar)
        with self.assertRaisesMessage(DisputePendingError, self.case.number):
            right_transfer(
                right=self.right,
                kind="sale",
                new_holders=[HolderShare(self.buyer)],
                actor=self.registrar,
                reason="Vente",
            )

    def assert_boundary_unchanged(self):
        self.parcel.refresh_from_db()
        assert self.parcel.version == 1 and round(self.parcel.area_m2) == 10_000


class RequiredHomologationTests(HomologationRuleTestCase):
    def test_the_signed_agreement_awaits_the_court_and_leaves_the_land_frozen(self):
        self.agree_on_page()
        assert self.case.status == DisputeStatus.HOMOLOGATION_PENDING and self.case.is_open
        agreement = self.case.outcomes.get()
        assert agreement.homologation_rule == "required" and agreement.applied_at is None
        self.assert_boundary_unchanged()
        self.assert_frozen()
        assert not AuditEvent.objects.filter(action="dispute.apply").exists()
        html = self.page(self.client_for(self.disputes))
        assert "accord en attente d’homologation par le tribunal" in html
        assert "En attente de l’homologation du tribunal" in html
        # The dispute administrator is offered both the homologation and the refusal.
        form_posting_to(html, self.homologation_action)
        form_posting_to(html, self.refusal_action)
        # The committee hears the case, it does not record the court's decisions.
        committee = self.page(self.client_for(self.conciliator))
        assert self.homologation_action not in committee and self.refusal_action not in committee

    def test_the_homologation_applies_the_agreed_change_closes_the_case_and_lifts_the_freeze(self):
        self.agree_on_page()
        client = self.client_for(self.disputes)
        response = self.post_court_decision(
            client, self.homologation_action, "homologation", file=judgement()
        )
        html = unescape(response.content.decode())
        assert response.status_code == 200, html
        assert "L’homologation de la conciliation est enregistrée." in html
        assert "L’accord a pris effet avec l’homologation." in html
        self.case.refresh_from_db()
        assert self.case.status == DisputeStatus.CONCILIATED and not self.case.is_open and self.case.final
        agreement = self.case.outcomes.get()
        assert (
            agreement.applied_at is not None and agreement.homologation.reference == "Jugement n° 071/2030 Ŋ"
        )
        self.parcel.refresh_from_db()
        assert self.parcel.version == 2 and round(self.parcel.area_m2) == 9025
        # The freeze is lifted: a certificate is issued, the land office records a sale.
        certificate_issue(right=self.right, actor=self.registrar)
        sale = right_transfer(
            right=self.right,
            kind="sale",
            new_holders=[HolderShare(self.buyer)],
            actor=self.registrar,
            reason="Vente",
        )
        assert sale.new_right.is_current
        # One move: pending → conciliated, with the change applied, all in the audit chain.
        event = self.case.events.get(move="homologate")
        assert (event.from_status, event.to_status) == ("homologation_pending", "conciliated")
        assert AuditEvent.objects.filter(action="dispute.apply").count() == 1
        assert audit_verify()[1] is None

    def test_a_homologation_dated_before_the_agreement_is_refused_and_nothing_is_applied(self):
        self.agree_on_page()
        client = self.client_for(self.disputes)
        before = self.agreed_on - dt.timedelta(days=1)
        response = self.post_court_decision(
            client, self.homologation_action, "homologation", decided_on=before.isoformat()
        )
        assert response.status_code == 400
        self.case.refresh_from_db()
        assert self.case.status == DisputeStatus.HOMOLOGATION_PENDING and self.case.is_open
        assert not DisputeHomologation.objects.exists()
        self.assert_boundary_unchanged()

    def test_the_work_queue_of_the_dispute_administrator_lists_agreements_awaiting_homologation(self):
        client = Client()
        client.force_login(self.disputes)
        assert queues(client.get("/").content.decode())["to_homologate"][0] == 0
        self.agree_on_page()
        found = queues(client.get("/").content.decode())
        count, _late, link, _late_link, *_held = found["to_homologate"]
        assert count == 1 and link == "/disputes/cases/?status=homologation_pending"
        assert listed(client, link) == 1
        assert self.case.number in client.get(link).content.decode()
        assert found["open_cases"][0] == 1  # still an open case
        self.post_court_decision(self.client_for(self.disputes), self.homologation_action, "homologation")
        assert queues(client.get("/").content.decode())["to_homologate"][0] == 0

    def test_a_profile_changed_after_signing_does_not_change_the_case(self):
        self.agree_on_page()
        self.profile.dispute_homologation = "optional"
        self.profile.save(update_fields=["dispute_homologation"])
        self.case.refresh_from_db()
        assert self.case.status == DisputeStatus.HOMOLOGATION_PENDING
        self.assert_frozen()
        self.profile.dispute_homologation = "none"
        self.profile.save(update_fields=["dispute_homologation"])
        client = self.client_for(self.disputes)
        response = self.post_court_decision(client, self.homologation_action, "homologation")
        assert response.status_code == 200
        self.case.refresh_from_db()
        assert self.case.status == DisputeStatus.CONCILIATED and not self.case.is_open
        self.parcel.refresh_from_db()
        assert self.parcel.version == 2


class RefusedHomologationTests(HomologationRuleTestCase):
    def refuse_on_page(self, client=None, **typed):
        client = client or self.client_for(self.disputes)
        return self.post_court_decision(
            client,
            self.refusal_action,
            "refusal",
            grounds="Le procès-verbal ne porte pas la signature de tous les ayants droit.",
            **typed,
        )

    def test_the_refusal_leaves_the_agreement_without_effect_and_opens_the_way_to_the_court(self):
        self.agree_on_page()
        response = self.refuse_on_page(file=judgement())
        html = unescape(response.content.decode())
        assert response.status_code == 200, html
        assert "Le refus du tribunal est enregistré" in html
        today = clock.today().strftime("%d/%m/%Y")
        assert (
            f"Homologation refusée par {COURT} le {today}, décision Jugement n° 071/2030 Ŋ\u202f: "
            "l’accord ne prend pas effet." in html
        )
        assert "Refus de l’homologation par le tribunal" in html  # in the timeline
        self.case.refresh_from_db()
        assert self.case.status == DisputeStatus.NOT_CONCILIATED and self.case.is_open
        refusal = HomologationRefusal.objects.get()
        assert refusal.outcome == self.case.outcomes.get() and refusal.document.file.read() == PDF
        assert refusal.document in self.case.documents.all()
        # The agreement does not take effect: nothing changed, the land stays frozen.
        assert self.case.outcomes.get().applied_at is None
        self.assert_boundary_unchanged()
        self.assert_frozen()
        # The way to the court is open: the page offers the referral, no homologation any more.
        assert self.homologation_action not in html and self.refusal_action not in html
        form_posting_to(html, f"{self.url}moves/refer/")
        event = self.case.events.get(move="homologation_refuse")
        assert (event.from_status, event.to_status) == ("homologation_pending", "not_conciliated")
        assert AuditEvent.objects.get(action="dispute.homologation_refuse").payload["reference"] == (
            "Jugement n° 071/2030 Ŋ"
        )
        assert audit_verify()[1] is None

    def test_the_refusal_sent_twice_is_recorded_once_and_a_homologation_after_it_is_refused(self):
        self.agree_on_page()
        client = self.client_for(self.disputes)
        page = self.page(client)
        self.refuse_on_page(client, page=page)
        again = self.refuse_on_page(client, page=page)
        assert again.status_code == 200
        assert "envoyé deux fois" in unescape(again.content.decode())  # web/once.py
        assert HomologationRefusal.objects.count() == 1
        assert self.case.events.filter(move="homologation_refuse").count() == 1
        other = self.refuse_on_page(client, page=page, reference="Jugement n° 072/2030")
        assert other.status_code == 400 and HomologationRefusal.objects.count() == 1
        with self.assertRaisesMessage(dt_moves.TransitionNotAllowed, "a refusé d’homologuer"):
            homologate(
                case=self.case,
                actor=self.disputes,
                decided_on=clock.today(),
                court_name=COURT,
                reference="Jugement n° 073/2030",
            )
        assert not DisputeHomologation.objects.exists()

    def test_the_committee_may_not_record_the_refusal(self):
        self.agree_on_page()
        form = form_posting_to(self.page(self.client_for(self.disputes)), self.refusal_action)
        body = form.data(
            form.button("refusal"),
            decided_on=clock.today().isoformat(),
            court_name=COURT,
            reference="Jugement n° 071/2030",
        )
        client = self.client_for(self.conciliator)
        assert self.refusal_action not in self.page(client)
        body["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
        assert client.post(self.refusal_action, body | {"file": judgement()}).status_code == 403
        del body["csrfmiddlewaretoken"]
        no_csrf = self.client_for(self.disputes).post(self.refusal_action, body | {"file": judgement()})
        assert no_csrf.status_code == 403
        assert not HomologationRefusal.objects.exists()

    def test_the_api_records_the_refusal_and_a_retry_answers_200(self):
        self.agree_on_page()
        self.client.force_login(self.disputes)
        url = f"/api/v1/disputes/{self.case.pk}/homologation/refusal/"
        body = {"decided_on": clock.today().isoformat(), "court_name": COURT, "reference": "J 9/2030"}
        first = self.client.post(url, body | {"file": judgement()})
        assert first.status_code == 201, first.content
        data = first.json()
        assert data["status"] == "not_conciliated" and data["status_label"] == "non concilié"
        [agreement] = data["outcomes"]
        assert agreement["homologation_rule"] == "required" and agreement["applied"] is False
        assert agreement["homologation_refusal"]["reference"] == "J 9/2030"
        assert self.client.post(url, body | {"file": judgement()}).status_code == 200
        other = self.client.post(url, body | {"reference": "J 10/2030", "file": judgement()})
        assert other.status_code == 409
        assert HomologationRefusal.objects.count() == 1


class RequiredHomologationApiTests(HomologationRuleTestCase):
    def test_the_api_says_the_agreement_awaits_homologation_and_the_homologation_applies_it(self):
        self.agree_on_page()
        self.client.force_login(self.disputes)
        case = self.client.get(f"/api/v1/disputes/{self.case.pk}/").json()
        assert case["status"] == "homologation_pending"
        assert case["status_label"] == "accord en attente d’homologation par le tribunal"
        assert case["closed_at"] is None and case["allowed_moves"] == []
        [agreement] = case["outcomes"]
        assert (agreement["homologation_rule"], agreement["applied"], agreement["homologation"]) == (
            "required",
            False,
            None,
        )
        response = self.client.post(
            f"/api/v1/disputes/{self.case.pk}/homologation/",
            {"decided_on": clock.today().isoformat(), "court_name": COURT, "reference": "J 5/2030"}
            | {"file": judgement()},
        )
        assert response.status_code == 201, response.content
        case = response.json()
        assert case["status"] == "conciliated" and case["closed_at"] is not None
        assert case["outcomes"][0]["applied"] is True
        self.parcel.refresh_from_db()
        assert self.parcel.version == 2


class NoHomologationTests(HomologationRuleTestCase):
    rule = "none"

    def test_the_agreement_takes_effect_and_no_homologation_is_offered_or_recorded(self):
        self.agree_on_page()
        assert self.case.status == DisputeStatus.CONCILIATED and not self.case.is_open
        assert self.case.outcomes.get().homologation_rule == "none"
        self.parcel.refresh_from_db()
        assert self.parcel.version == 2
        client = self.client_for(self.disputes)
        html = self.page(client)
        assert self.homologation_action not in html and self.refusal_action not in html
        assert "La procédure ne prévoit pas d’homologation de la conciliation par le tribunal." in html
        body = {
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
            "decided_on": clock.today().isoformat(),
            "court_name": COURT,
            "reference": "Jugement n° 071/2030",
            "record": "homologation",
        }
        response = client.post(self.homologation_action, body | {"file": judgement()})
        said = "ne prévoit pas l’homologation"
        assert response.status_code == 400 and said in unescape(response.content.decode())
        self.client.force_login(self.disputes)
        api = self.client.post(
            f"/api/v1/disputes/{self.case.pk}/homologation/",
            {k: v for k, v in body.items() if k not in ("csrfmiddlewaretoken", "record")}
            | {"file": judgement()},
        )
        assert api.status_code == 409 and said in api.json()["detail"]
        assert not DisputeHomologation.objects.exists()

    def test_a_profile_changed_later_to_optional_does_not_offer_it_on_this_case(self):
        self.agree_on_page()
        self.profile.dispute_homologation = "optional"
        self.profile.save(update_fields=["dispute_homologation"])
        assert self.homologation_action not in self.page(self.client_for(self.disputes))
        translation.activate("en")  # the page's request left French active; the move is read in English
        with self.assertRaisesMessage(dt_moves.TransitionNotAllowed, "does not include the court's homolog"):
            homologate(
                case=self.case,
                actor=self.disputes,
                decided_on=clock.today(),
                court_name=COURT,
                reference="Jugement n° 071/2030",
            )


class OptionalHomologationTests(HomologationRuleTestCase):
    rule = "optional"

    def test_the_agreement_takes_effect_when_signed_and_a_later_required_profile_changes_nothing(self):
        self.agree_on_page()
        assert self.case.status == DisputeStatus.CONCILIATED and not self.case.is_open
        assert self.case.outcomes.get().homologation_rule == "optional"
        self.profile.dispute_homologation = "required"
        self.profile.save(update_fields=["dispute_homologation"])
        client = self.client_for(self.disputes)
        html = self.page(client)
        assert "Non homologué par un tribunal." in html and self.refusal_action not in html
        self.post_court_decision(client, self.homologation_action, "homologation", page=html)
        self.case.refresh_from_db()
        assert self.case.status == DisputeStatus.CONCILIATED
        assert AuditEvent.objects.filter(action="dispute.apply").count() == 1  # applied once, when signed


class AwaitingHomologationCaseFileTests(HomologationRuleTestCase):
    """While the signed agreement awaits the court, the case is open (its land frozen) but its parties are
    those who signed: no party joins; documents still do (the request to the court); no withdrawal by one side
    (the parties' joint withdrawal: test_joint_withdrawal)."""

    def test_no_party_joins_the_case_once_the_agreement_awaits_homologation(self):
        committee = self.client_for(self.conciliator)
        before = self.page(committee)
        party_action = f"{self.url}parties/"
        form = form_posting_to(before, party_action)  # offered while the case is heard
        self.agree_on_page()
        html = self.page(committee)
        assert party_action not in html and "Ajouter une partie" not in html
        # The form the page rendered before the signing, posted now, is refused with why, kept as typed.
        body = form.data(form.button("party"), role="heir", name="ƁAŊƆ Ɛlisabɛt", sex="F")
        response = committee.post(form.action, body)
        refused = unescape(response.content.decode())
        assert response.status_code == 400
        assert "L’accord est signé et attend l’homologation du tribunal\u202f: aucune partie" in refused
        assert form_posting_to(refused, party_action).data()["name"] == ["ƁAŊƆ Ɛlisabɛt"]
        assert self.case.parties.count() == 2
        assert not AuditEvent.objects.filter(action="dispute.party").exists()
        self.client.force_login(self.disputes)
        api = self.client.post(
            f"{self.url.replace('/disputes/', '/api/v1/disputes/')}parties/",
            {"role": "heir", "name": "ƁAŊƆ Ɛlisabɛt"},
            content_type="application/json",
        )
        assert api.status_code == 409 and api.json()["error"] == "CaseClosedError"
        assert self.case.parties.count() == 2

    def test_the_request_to_the_court_is_attached_while_the_agreement_awaits_homologation(self):
        self.agree_on_page()
        client = self.client_for(self.disputes)
        form = form_posting_to(self.page(client), f"{self.url}documents/")
        body = form.data(
            form.button("document"),
            source_type="other",
            document_date=clock.today().isoformat(),
            reference="Requête en homologation Ŋ 12/2030",
            description="Requête de ƁAŊƆ Ɛlisabɛt au tribunal",
        )
        body["file"] = judgement()
        response = client.post(form.action, body, follow=True)
        assert response.status_code == 200
        assert "La pièce est jointe au dossier." in unescape(response.content.decode())
        assert self.case.documents.get().reference == "Requête en homologation Ŋ 12/2030"
        self.case.refresh_from_db()
        assert self.case.status == DisputeStatus.HOMOLOGATION_PENDING

    def test_no_withdrawal_sets_aside_a_signed_agreement_but_the_court_s_refusal_opens_it(self):
        self.agree_on_page()
        withdraw_action = f"{self.url}moves/withdraw/"
        assert withdraw_action not in self.page(self.client_for(self.disputes))
        with self.assertRaises(dt_moves.TransitionNotAllowed):
            dt_moves.withdraw(case=self.case, actor=self.disputes, reason="Les parties abandonnent")
        admin = self.client_for(self.disputes)
        self.post_court_decision(admin, self.refusal_action, "refusal", grounds="Les parties se désistent.")
        form_posting_to(self.page(self.client_for(self.disputes)), withdraw_action)
