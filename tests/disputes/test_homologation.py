"""The court's homologation of a procès-verbal of conciliation, recorded on a case the agreement closed: on
the case page (posted as the page renders its form, CSRF enforced, its button) by the dispute administrator,
through /api/v1/disputes/{id}/homologation/, and the move's own refusals whatever the door. A retry records
nothing more; another decision, a case not closed by an agreement, a wrong role or a date out of place are
refused."""

import datetime as dt
import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from landreg.accounts.roles import Role
from landreg.audit.models import AuditEvent
from landreg.audit.services import audit_verify
from landreg.core import clock
from landreg.core.exceptions import PermissionDeniedError
from landreg.disputes.cases import transitions as dt_moves
from landreg.disputes.exceptions import DisputeError
from landreg.disputes.models import DisputeEvent, DisputeHomologation
from landreg.disputes.outcomes.homologation import homologate
from landreg.disputes.states import DisputeStatus
from landreg.documents.models import Source
from tests.adjudication.helpers import make_user
from tests.browser_forms import form_posting_to
from tests.disputes.test_pages import PageTestCase

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
COURT = "Tribunal de grande instance de Koudougou"
SCANNED = object()  # homologate_on_page's default: the judgement's scan chosen


def judgement(content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile("jugement.pdf", content, content_type="application/pdf")


class HomologationTestCase(PageTestCase):
    def setUp(self):
        super().setUp()
        self.case = self.file_case(parcels=[self.parcel_a], rights=[self.right_a])
        self.held_session(self.case)
        self.agreement = dt_moves.agree(
            case=self.case,
            actor=self.conciliator,
            decided_on=clock.today(),
            summary="ƁAŊƆ Ɛlisabɛt et ZONGO Paul reconnaissent la borne nord au pied du karité.",
            signatures="ƁAŊƆ Ɛlisabɛt (empreinte), ZONGO Paul (signature)",
        )
        self.conciliated_on = clock.today()
        self.travel(30)  # the court hears the request a month later
        self.url = f"/disputes/{self.case.pk}/"
        self.action = f"{self.url}homologation/"

    def page(self, client) -> str:
        response = client.get(self.url)
        assert response.status_code == 200
        return response.content.decode()

    def homologate_on_page(self, client, file=SCANNED, page=None, **typed):
        """A click on « Enregistrer l’homologation », the form filled as the page rendered it, the judgement's
        scan chosen (``file=None``: none chosen)."""
        if file is SCANNED:
            file = judgement()
        form = form_posting_to(page or self.page(client), self.action)
        values = {
            "decided_on": clock.today().isoformat(),
            "court_name": COURT,
            "reference": "Jugement n° 045/2030 Ŋ",
        }
        body = form.data(form.button("homologation"), **(values | typed))
        if file is not None:
            body["file"] = file
        return client.post(form.action, body, follow=True)

    def error_beside(self, html: str, field: str) -> str:
        found = re.search(rf'<span class="error" id="{field}_errors">(.*?)</span>', html)
        assert found, f"no error beside {field}"
        return unescape(found.group(1))


class HomologationPageTests(HomologationTestCase):
    def test_the_dispute_administrator_records_the_homologation_and_sees_it_on_the_case(self):
        client = self.client_for(self.disputes)
        response = self.homologate_on_page(client, file=judgement())
        html = unescape(response.content.decode())
        assert response.status_code == 200, html
        assert "L’homologation de la conciliation est enregistrée." in html
        today = clock.today().strftime("%d/%m/%Y")
        assert f"Homologué par {COURT} le {today}, décision Jugement n° 045/2030 Ŋ." in html
        assert "Homologation de la conciliation par le tribunal" in html  # in the timeline
        homologation = DisputeHomologation.objects.get()
        assert (homologation.outcome, homologation.court_name, homologation.recorded_by) == (
            self.agreement,
            COURT,
            self.disputes,
        )
        document = homologation.document
        assert (document.source_type, document.reference, document.village, document.file.read()) == (
            "court_decision",
            "Jugement n° 045/2030 Ŋ",
            self.village_a,
            PDF,
        )
        assert list(self.case.documents.all()) == [document]
        assert f"/documents/{document.pk}/file/" in html
        # The form is no longer offered, the case stays closed and conciliated.
        assert self.action not in html
        self.case.refresh_from_db()
        assert self.case.status == DisputeStatus.CONCILIATED and not self.case.is_open and self.case.final

    def test_the_homologation_is_a_move_of_the_case_in_the_audit_chain(self):
        self.homologate_on_page(self.client_for(self.disputes), file=judgement())
        event = DisputeEvent.objects.get(case=self.case, move="homologate")
        assert (event.from_status, event.to_status) == ("conciliated", "conciliated")
        assert event.actor == self.disputes
        audit = AuditEvent.objects.get(action="dispute.homologate")
        assert event.audit_event == audit and audit.actor == self.disputes
        document = DisputeHomologation.objects.get().document
        assert audit.payload["outcome"] == str(self.agreement.pk)
        assert (audit.payload["court"], audit.payload["document"]) == (COURT, str(document.pk))
        assert audit.payload["decided_on"] == clock.today().isoformat()
        assert audit_verify()[1] is None

    def test_the_same_homologation_sent_twice_is_recorded_once(self):
        client = self.client_for(self.disputes)
        page = self.page(client)  # both sends from the same page: a double click, a post after a cut
        self.homologate_on_page(client, file=judgement(), page=page)
        response = self.homologate_on_page(client, file=judgement(), page=page)
        assert response.status_code == 200
        assert "envoyé deux fois" in unescape(response.content.decode())  # web/once.py
        assert DisputeHomologation.objects.count() == 1 and Source.objects.count() == 1
        assert AuditEvent.objects.filter(action="dispute.homologate").count() == 1
        assert self.case.events.filter(move="homologate").count() == 1

    def test_another_decision_after_the_homologation_is_refused_and_what_was_typed_is_kept(self):
        client = self.client_for(self.disputes)
        page = self.page(client)
        self.homologate_on_page(client, page=page)
        response = self.homologate_on_page(client, page=page, reference="Jugement n° 046/2030")
        html = unescape(response.content.decode())
        assert response.status_code == 400 and DisputeHomologation.objects.count() == 1
        assert "L’accord est déjà homologué" in html and "Jugement n° 045/2030 Ŋ" in html
        assert form_posting_to(html, self.action).data()["reference"] == ["Jugement n° 046/2030"]

    def test_the_committee_and_the_land_office_are_not_offered_the_form_and_may_not_post_it(self):
        form = form_posting_to(self.page(self.client_for(self.disputes)), self.action)
        body = form.data(
            form.button("homologation"),
            decided_on=clock.today().isoformat(),
            court_name=COURT,
            reference="Jugement n° 045/2030",
        )
        for user in [self.conciliator, self.registrar]:
            client = self.client_for(user)
            with self.subTest(user=user.username):
                assert self.action not in self.page(client)
                body["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value  # set by the page
                response = client.post(self.action, body | {"file": judgement()})
                assert response.status_code == 403
                assert "Vous ne pouvez pas" in unescape(response.content.decode())
        for user in [make_user("disputes_b", Role.DISPUTE_ADMINISTRATOR, self.village_b), self.stranger]:
            client = self.client_for(user)
            client.get("/")
            body["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
            with self.subTest(user=user.username):
                assert client.post(self.action, body | {"file": judgement()}).status_code == 404
        assert not DisputeHomologation.objects.exists() and not Source.objects.exists()

    def test_a_post_without_the_csrf_token_is_refused(self):
        client = self.client_for(self.disputes)
        body = form_posting_to(self.page(client), self.action).data(
            ("record", "homologation"), court_name=COURT, reference="J 1"
        )
        del body["csrfmiddlewaretoken"]
        body["decided_on"] = [clock.today().isoformat()]
        assert client.post(self.action, body).status_code == 403
        assert not DisputeHomologation.objects.exists()

    def test_a_date_in_the_future_or_before_the_conciliation_is_refused_with_why(self):
        client = self.client_for(self.disputes)
        page = self.page(client)
        tomorrow = clock.today() + dt.timedelta(days=1)
        before = self.conciliated_on - dt.timedelta(days=1)
        for typed, said in [
            (tomorrow, "sa date ne peut être future"),
            (before, f"procès-verbal de conciliation du {self.conciliated_on.strftime('%d/%m/%Y')}"),
        ]:
            with self.subTest(date=typed):
                response = self.homologate_on_page(client, page=page, decided_on=typed.isoformat())
                html = unescape(response.content.decode())
                assert response.status_code == 400 and said in html
                assert form_posting_to(html, self.action).data()["court_name"] == [COURT]
        assert not DisputeHomologation.objects.exists() and not Source.objects.exists()
        # The day of the conciliation itself is a possible date.
        self.homologate_on_page(client, page=page, decided_on=self.conciliated_on.isoformat())
        assert DisputeHomologation.objects.get().decided_on == self.conciliated_on

    def test_missing_fields_and_a_forged_scan_are_said_beside_them(self):
        client = self.client_for(self.disputes)
        page = self.page(client)
        response = self.homologate_on_page(client, page=page, court_name="", reference="")
        html = response.content.decode()
        assert response.status_code == 400
        assert "obligatoire" in self.error_beside(html, "homologation_court_name")
        assert "obligatoire" in self.error_beside(html, "homologation_reference")
        forged = judgement(b"<html><script>alert(1)</script>")
        response = self.homologate_on_page(client, page=page, file=forged)
        assert response.status_code == 400
        assert "scan ou une photographie" in self.error_beside(response.content.decode(), "homologation_file")
        assert not DisputeHomologation.objects.exists() and not Source.objects.exists()


class NotHomologableTests(PageTestCase):
    """Only an agreement that closed its case is homologated: an open case, a withdrawal or a court's
    decision are refused, and their pages offer no form."""

    def homologate(self, case, actor=None):
        return homologate(
            case=case,
            actor=actor or self.disputes,
            decided_on=clock.today(),
            court_name=COURT,
            reference="Jugement n° 045/2030",
        )

    def assert_refused(self, case, said):
        page = self.client_for(self.disputes).get(f"/disputes/{case.pk}/").content.decode()
        assert f"/disputes/{case.pk}/homologation/" not in page
        translation.activate("en")  # the page's request left French active; the moves are read in English
        with pytest.raises(dt_moves.TransitionNotAllowed, match=said):
            self.homologate(case)
        assert not DisputeHomologation.objects.exists()

    def test_an_open_case_is_not_homologated(self):
        case = self.file_case(parcels=[self.parcel_a])
        self.held_session(case)
        self.assert_refused(case, "once it is closed")

    def test_a_withdrawn_case_is_not_homologated(self):
        case = self.file_case(parcels=[self.parcel_a])
        dt_moves.withdraw(case=case, actor=self.disputes, reason="Retrait de ƁAŊƆ Ɛlisabɛt")
        self.assert_refused(case, "not by an agreement reached in conciliation")

    def test_a_case_decided_by_the_court_is_not_homologated(self):
        case = self.file_case(parcels=[self.parcel_a])
        self.held_session(case)
        dt_moves.non_conciliation(
            case=case, actor=self.conciliator, decided_on=clock.today(), summary="Pas d’accord"
        )
        dt_moves.refer(
            case=case,
            actor=self.disputes,
            court_name=COURT,
            court_reference="RG 12/2030",
            referred_on=clock.today(),
        )
        dt_moves.decide(
            case=case, actor=self.disputes, decided_on=clock.today(), summary="Borne confirmée",
            document=self.court_decision(),
        )  # fmt: skip
        self.assert_refused(case, "not by an agreement reached in conciliation")

    def test_the_committee_may_not_record_it(self):
        case = self.file_case(parcels=[self.parcel_a])
        self.held_session(case)
        dt_moves.agree(
            case=case, actor=self.conciliator, decided_on=clock.today(), summary="Accord", signatures="x"
        )
        with pytest.raises(PermissionDeniedError):
            self.homologate(case, actor=self.conciliator)
        with pytest.raises(DisputeError, match="Name the court"):
            homologate(
                case=case, actor=self.disputes, decided_on=clock.today(), court_name="  ", reference="J"
            )
        assert not DisputeHomologation.objects.exists()


class HomologationApiTests(HomologationTestCase):
    def post(self, user, body, multipart=True):
        self.client.force_login(user)
        url = f"/api/v1/disputes/{self.case.pk}/homologation/"
        if multipart:
            return self.client.post(url, body)
        return self.client.post(url, body, content_type="application/json")

    def body(self, **changed):
        return {
            "decided_on": clock.today().isoformat(),
            "court_name": COURT,
            "reference": "Jugement n° 045/2030 Ŋ",
            "file": judgement(),
        } | changed

    def test_the_dispute_administrator_records_it_with_the_scan_and_a_retry_adds_nothing(self):
        first = self.post(self.disputes, self.body(file=judgement()), multipart=True)
        assert first.status_code == 201, first.content
        [outcome] = first.json()["outcomes"]
        document = DisputeHomologation.objects.get().document
        assert outcome["homologation"] == {
            "decided_on": clock.today().isoformat(),
            "court_name": COURT,
            "reference": "Jugement n° 045/2030 Ŋ",
            "document": str(document.pk),
        }
        assert document.file.read() == PDF
        again = self.post(self.disputes, self.body(file=judgement()), multipart=True)
        assert again.status_code == 200, again.content
        assert again.json()["outcomes"] == first.json()["outcomes"]
        assert DisputeHomologation.objects.count() == 1 and Source.objects.count() == 1
        assert AuditEvent.objects.filter(action="dispute.homologate").count() == 1

    def test_another_decision_after_it_409(self):
        assert self.post(self.disputes, self.body()).status_code == 201
        assert self.post(self.disputes, self.body()).status_code == 200
        other = self.post(self.disputes, self.body(court_name="Cour d’appel de Ouagadougou"))
        assert other.status_code == 409 and "déjà homologué" in other.json()["detail"]
        other_scan = self.post(self.disputes, self.body(file=judgement(PDF + b"% autre")))
        assert other_scan.status_code == 409  # another judgement's scan
        assert DisputeHomologation.objects.count() == 1

    def test_wrong_roles_are_refused(self):
        assert self.post(self.conciliator, self.body()).status_code == 403
        assert self.post(self.registrar, self.body()).status_code == 403
        assert self.post(self.agent_a, self.body()).status_code == 404
        assert not DisputeHomologation.objects.exists()

    def test_bad_inputs_are_refused_with_the_field_or_the_reason(self):
        tomorrow = (clock.today() + dt.timedelta(days=1)).isoformat()
        before = (self.conciliated_on - dt.timedelta(days=1)).isoformat()
        cases = [
            (self.body(decided_on="demain"), "decided_on"),
            (self.body(court_name=""), "court_name"),
            ({"decided_on": clock.today().isoformat(), "court_name": COURT}, "reference"),
            (self.body(decided_on=tomorrow), "ne peut être future"),
            (self.body(decided_on=before), "ne peut lui être antérieure"),
        ]
        for body, said in cases:
            with self.subTest(body=body):
                response = self.post(self.disputes, body)
                assert response.status_code == 400 and said in str(response.json()), response.content
        forged = self.post(self.disputes, self.body(file=judgement(b"<svg onload=x>")), multipart=True)
        assert forged.status_code == 400
        assert not DisputeHomologation.objects.exists() and not Source.objects.exists()

    def test_an_open_case_answers_409(self):
        case = self.file_case(parcels=[self.parcel_b], village=self.village_b)
        self.client.force_login(self.disputes)
        response = self.client.post(f"/api/v1/disputes/{case.pk}/homologation/", self.body())
        assert response.status_code == 409 and "une fois celui-ci clos" in response.json()["detail"]
