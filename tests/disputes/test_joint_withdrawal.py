"""The parties' joint withdrawal (désistement conjoint) of an agreement that awaits the court's homologation:
recorded by the dispute administrator on the case page (posted as the page renders its form, CSRF enforced,
its button) or through /api/v1/disputes/{id}/withdrawal/, signed by every party of the case. The agreement is
set aside, the case closes as withdrawn and its land is released, in the timeline and the audit chain. A party
without a mark, a wrong role, a date out of place or a case whose agreement does not await homologation are
refused with why; a retry records nothing more."""

import datetime as dt
import re
from html import unescape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from landreg.adjudication.changes.transfers import right_transfer
from landreg.audit.models import AuditEvent
from landreg.audit.services import audit_verify
from landreg.certificates.issuing.services import certificate_issue
from landreg.core import clock
from landreg.core.exceptions import PermissionDeniedError
from landreg.disputes.cases import transitions as dt_moves
from landreg.disputes.exceptions import DisputeError
from landreg.disputes.models import DisputeHomologation, JointWithdrawal
from landreg.disputes.outcomes.homologation import homologate
from landreg.disputes.outcomes.joint_withdrawal import PartyMark, withdraw_jointly
from landreg.disputes.states import DisputeStatus
from landreg.rights.services import HolderShare
from tests.browser_forms import form_posting_to
from tests.certificates.base import pdf_text
from tests.disputes.test_homologation import COURT, PDF, judgement
from tests.disputes.test_homologation_rule import HomologationRuleTestCase

REFERENCE = "Désistement n° 3/2030 Ŋ"


class JointWithdrawalTestCase(HomologationRuleTestCase):
    def setUp(self):
        super().setUp()
        self.agree_on_page()  # the agreement awaits the court; the parties come back some weeks later
        self.action = f"{self.url}withdrawal/"
        self.holder, self.contender = self.case.parties.order_by("id")

    def marks(self, **overrides) -> dict:
        """What the dispute administrator chooses for each party: the holder's fingerprint, the other's
        signature."""
        chosen = {f"mark_{self.holder.pk}": "fingerprint", f"mark_{self.contender.pk}": "signature"}
        chosen[f"mark_reference_{self.holder.pk}"] = "Empreinte 17"
        return chosen | overrides

    def withdraw_on_page(self, client=None, page=None, file=None, **typed):
        """A click on « Enregistrer le désistement conjoint », the form filled as the page rendered it."""
        client = client or self.client_for(self.disputes)
        form = form_posting_to(page or self.page(client), self.action)
        values = {"signed_on": clock.today().isoformat(), "reference": REFERENCE, **self.marks()}
        body = form.data(form.button("withdrawal"), **(values | typed))
        if file is not None:
            body["file"] = file
        return client.post(form.action, body, follow=True)

    def withdraw(self, **details):
        values = {
            "case": self.case,
            "actor": self.disputes,
            "signed_on": clock.today(),
            "reference": REFERENCE,
            "marks": [PartyMark(self.holder.pk, "fingerprint"), PartyMark(self.contender.pk, "signature")],
        }
        return withdraw_jointly(**(values | details))

    def assert_still_awaiting(self):
        self.case.refresh_from_db()
        assert self.case.status == DisputeStatus.HOMOLOGATION_PENDING and self.case.is_open
        assert not JointWithdrawal.objects.exists()
        assert not self.case.events.filter(move="withdraw_jointly").exists()
        self.assert_boundary_unchanged()
        self.assert_frozen()


class JointWithdrawalPageTests(JointWithdrawalTestCase):
    def test_every_party_signs_and_the_agreement_is_set_aside_the_case_withdrawn_and_the_land_released(self):
        self.travel(10)
        response = self.withdraw_on_page(file=judgement())
        html = unescape(response.content.decode())
        assert response.status_code == 200, html
        assert "Le désistement conjoint est enregistré" in html
        today = clock.today().strftime("%d/%m/%Y")
        assert (
            f"Retiré par toutes les parties ensemble (désistement {REFERENCE} signé le {today})\u202f: "
            "l’accord ne prend pas effet." in html
        )
        assert "OUÉDRAOGO Aminata (empreinte digitale), ZONGO Paul (signature)" in html
        assert "Désistement conjoint de l’accord par les parties" in html  # in the timeline
        assert self.action not in html  # nothing more to withdraw
        self.case.refresh_from_db()
        assert self.case.status == DisputeStatus.WITHDRAWN and not self.case.is_open and self.case.final
        withdrawal = JointWithdrawal.objects.get()
        agreement = self.case.outcomes.get()
        assert withdrawal.outcome == agreement and agreement.applied_at is None
        assert [(m.party, m.mark, m.mark_reference) for m in withdrawal.marks.all()] == [
            (self.holder, "fingerprint", "Empreinte 17"),
            (self.contender, "signature", ""),
        ]
        assert withdrawal.document in self.case.documents.all() and withdrawal.document.file.read() == PDF
        # The agreed boundary is never applied; the freeze is lifted: a certificate, then a sale.
        self.assert_boundary_unchanged()
        assert not AuditEvent.objects.filter(action="dispute.apply").exists()
        certificate_issue(right=self.right, actor=self.registrar)
        sale = right_transfer(
            right=self.right,
            kind="sale",
            new_holders=[HolderShare(self.buyer)],
            actor=self.registrar,
            reason="Vente",
        )
        assert sale.new_right.is_current
        event = self.case.events.get(move="withdraw_jointly")
        assert (event.from_status, event.to_status) == ("homologation_pending", "withdrawn")
        audit = AuditEvent.objects.get(action="dispute.withdraw_jointly")
        assert audit.payload["reference"] == REFERENCE and audit.payload["marks"] == {
            str(self.holder.pk): "fingerprint",
            str(self.contender.pk): "signature",
        }
        assert audit_verify()[1] is None

    def test_a_party_without_a_mark_is_named_and_nothing_is_recorded(self):
        response = self.withdraw_on_page(**{f"mark_{self.contender.pk}": ""})
        html = unescape(response.content.decode())
        assert response.status_code == 400
        assert (
            "Toutes les parties du dossier signent un désistement conjoint\u202f: aucune signature ni "
            "empreinte de ZONGO Paul." in html
        )
        # The form is shown again as typed.
        again = form_posting_to(html, self.action).data()
        assert again["reference"] == [REFERENCE] and again[f"mark_{self.holder.pk}"] == ["fingerprint"]
        self.assert_still_awaiting()

    def test_a_withdrawal_dated_before_the_agreement_or_in_the_future_is_refused(self):
        before = (self.agreed_on - dt.timedelta(days=1)).isoformat()
        response = self.withdraw_on_page(signed_on=before)
        assert response.status_code == 400
        assert "leur désistement ne peut lui être antérieur" in unescape(response.content.decode())
        later = (clock.today() + dt.timedelta(days=1)).isoformat()
        response = self.withdraw_on_page(signed_on=later)
        assert response.status_code == 400
        assert "ne peut être dans le futur" in unescape(response.content.decode())
        self.assert_still_awaiting()

    def test_the_withdrawal_sent_twice_is_recorded_once_and_another_is_refused(self):
        client = self.client_for(self.disputes)
        page = self.page(client)
        self.withdraw_on_page(client, page=page)
        again = self.withdraw_on_page(client, page=page)
        assert again.status_code == 200
        assert "envoyé deux fois" in unescape(again.content.decode())  # web/once.py
        other = self.withdraw_on_page(client, page=page, reference="Désistement n° 4/2030")
        assert other.status_code == 400
        assert "Les parties ont déjà retiré l’accord" in unescape(other.content.decode())
        assert JointWithdrawal.objects.count() == 1
        assert self.case.events.filter(move="withdraw_jointly").count() == 1
        assert AuditEvent.objects.filter(action="dispute.withdraw_jointly").count() == 1

    def test_the_committee_is_not_offered_it_and_may_not_record_it(self):
        form = form_posting_to(self.page(self.client_for(self.disputes)), self.action)
        body = form.data(
            form.button("withdrawal"),
            signed_on=clock.today().isoformat(),
            reference=REFERENCE,
            **self.marks(),
        )
        committee = self.client_for(self.conciliator)
        assert self.action not in self.page(committee)
        body["csrfmiddlewaretoken"] = committee.cookies["csrftoken"].value
        response = committee.post(self.action, body)
        assert response.status_code == 403
        assert "Vous ne pouvez pas" in unescape(response.content.decode())
        for outsider in (self.agent_b, self.stranger):
            assert self.client_for(outsider).get(self.url).status_code == 404
        del body["csrfmiddlewaretoken"]
        assert self.client_for(self.disputes).post(self.action, body).status_code == 403  # no CSRF
        self.assert_still_awaiting()

    def test_the_printed_record_of_conciliation_says_the_parties_withdrew_it(self):
        self.withdraw_on_page()
        client = self.client_for(self.disputes)
        [link] = re.findall(r'href="(/disputes/[^"]+/records/[^"]+\.pdf)"', self.page(client))
        text = pdf_text(client.get(unescape(link)).content)
        assert "Désistement conjoint des parties" in text
        assert f"désistement {REFERENCE}" in text and "l’accord ne prend pas effet" in text
        assert "OUÉDRAOGO Aminata (empreinte digitale), ZONGO Paul (signature)" in text


class JointWithdrawalServiceTests(JointWithdrawalTestCase):
    def setUp(self):
        super().setUp()
        translation.activate("en")  # the page's request left French active; the moves are read in English

    def test_only_an_agreement_awaiting_homologation_is_withdrawn_jointly(self):
        other = self.file_case(parcels=[self.parcel_a], subject="Passage des troupeaux")
        with self.assertRaisesMessage(dt_moves.TransitionNotAllowed, "awaiting the court's homologation"):
            self.withdraw(case=other, marks=[PartyMark(p.pk, "signature") for p in other.parties.all()])
        dt_moves.withdraw(case=other, actor=self.disputes, reason="La plainte est retirée")
        with self.assertRaisesMessage(dt_moves.TransitionNotAllowed, "“withdrawn”"):
            self.withdraw(case=other, marks=[PartyMark(p.pk, "signature") for p in other.parties.all()])
        assert not JointWithdrawal.objects.exists()

    def test_a_mark_for_someone_else_or_a_refusal_to_sign_is_no_signature(self):
        with self.assertRaisesMessage(DisputeError, "not a party of this case"):
            self.withdraw(marks=[PartyMark(self.holder.pk, "fingerprint"), PartyMark(999_999, "signature")])
        with self.assertRaisesMessage(DisputeError, "signature, fingerprint or cross"):
            self.withdraw(
                marks=[PartyMark(self.holder.pk, "fingerprint"), PartyMark(self.contender.pk, "refused")]
            )
        with self.assertRaisesMessage(DisputeError, "Give the reference of the signed withdrawal"):
            self.withdraw(reference="  ")
        with self.assertRaises(PermissionDeniedError):
            self.withdraw(actor=self.conciliator)
        self.assert_still_awaiting()

    def test_a_cross_is_a_party_s_mark_and_the_withdrawn_agreement_is_not_homologated_after(self):
        self.withdraw(marks=[PartyMark(self.holder.pk, "cross"), PartyMark(self.contender.pk, "signature")])
        with self.assertRaisesMessage(dt_moves.TransitionNotAllowed, "withdrew the agreement together"):
            homologate(
                case=self.case,
                actor=self.disputes,
                decided_on=clock.today(),
                court_name=COURT,
                reference="Jugement n° 080/2030",
            )
        assert not DisputeHomologation.objects.exists()


class JointWithdrawalApiTests(JointWithdrawalTestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.disputes)
        self.api = f"/api/v1/disputes/{self.case.pk}/withdrawal/"
        self.body = {
            "signed_on": clock.today().isoformat(),
            "reference": REFERENCE,
            "signatures": [
                {"party": self.holder.pk, "mark": "fingerprint", "mark_reference": "Empreinte 17"},
                {"party": self.contender.pk, "mark": "signature"},
            ],
        }

    def post(self, body, client=None):
        return (client or self.client).post(self.api, body, content_type="application/json")

    def test_the_api_records_the_withdrawal_and_a_retry_answers_200(self):
        first = self.post(self.body)
        assert first.status_code == 201, first.content
        case = first.json()
        assert case["status"] == "withdrawn" and case["closed_at"] is not None and case["final"]
        [agreement] = case["outcomes"]
        assert agreement["applied"] is False and agreement["joint_withdrawal"]["reference"] == REFERENCE
        assert agreement["joint_withdrawal"]["signatures"] == [
            {"party": self.holder.pk, "mark": "fingerprint"},
            {"party": self.contender.pk, "mark": "signature"},
        ]
        assert self.post(self.body).status_code == 200
        other = self.post(self.body | {"reference": "Désistement n° 4/2030"})
        assert other.status_code == 409
        assert other.json()["detail"].startswith("Les parties ont déjà retiré l’accord\u202f: désistement")
        assert JointWithdrawal.objects.count() == 1
        certificate_issue(right=self.right, actor=self.registrar)  # released
        assert audit_verify()[1] is None

    def test_the_api_takes_the_scan_as_multipart(self):
        body = {
            "signed_on": clock.today().isoformat(),
            "reference": REFERENCE,
            "signatures[0]party": str(self.holder.pk),
            "signatures[0]mark": "fingerprint",
            "signatures[1]party": str(self.contender.pk),
            "signatures[1]mark": "signature",
            "file": SimpleUploadedFile("desistement.pdf", PDF, content_type="application/pdf"),
        }
        response = self.client.post(self.api, body)
        assert response.status_code == 201, response.content
        assert JointWithdrawal.objects.get().document.file.read() == PDF

    def test_the_api_refuses_a_missing_signature_a_wrong_role_and_a_case_not_awaiting(self):
        missing = self.post(self.body | {"signatures": self.body["signatures"][:1]})
        assert missing.status_code == 400 and "ZONGO Paul" in missing.json()["detail"]
        self.client.force_login(self.conciliator)
        assert self.post(self.body).status_code == 403
        self.client.force_login(self.disputes)
        unknown_mark = self.post(self.body | {"signatures": [{"party": self.holder.pk, "mark": "refused"}]})
        assert unknown_mark.status_code == 400
        self.assert_still_awaiting()
        other = self.file_case(parcels=[self.parcel_a], subject="Passage des troupeaux")
        response = self.client.post(
            f"/api/v1/disputes/{other.pk}/withdrawal/", self.body, content_type="application/json"
        )
        assert response.status_code == 409
        assert response.json()["detail"] == (
            "Le dossier est «\u202fouvert\u202f»\u202f: un désistement conjoint écarte un accord en attente "
            "d’homologation par le tribunal."
        )

    def test_the_schema_describes_the_withdrawal(self):
        schema = self.client.get("/api/schema/?format=json").json()
        operation = schema["paths"]["/api/v1/disputes/{id}/withdrawal/"]["post"]
        body = operation["requestBody"]["content"]["application/json"]["schema"]
        assert body["$ref"].endswith("/DisputeJointWithdrawalInput")
        fields = schema["components"]["schemas"]["DisputeJointWithdrawalInput"]
        assert set(fields["required"]) == {"signed_on", "reference", "signatures"}
        assert fields["properties"]["signatures"]["items"]["$ref"].endswith("/DisputeWithdrawalSignature")
        assert {"200", "201"} <= set(operation["responses"])


class CrossMarkOnThePaperTests(JointWithdrawalTestCase):
    def test_a_party_who_signs_with_a_cross_reads_croix_on_the_page_and_the_paper(self):
        # The paper wrote the mark's whole explanation inside the parentheses after the name:
        # « OUÉDRAOGO Aminata (croix (marque d'une personne qui n'écrit pas)) ».
        page = unescape(
            self.withdraw_on_page(**self.marks(**{f"mark_{self.holder.pk}": "cross"})).content.decode()
        )
        assert "Signé par OUÉDRAOGO Aminata (croix), ZONGO Paul (signature)." in page, page[-5000:]
        client = self.client_for(self.disputes)
        [link] = re.findall(r'href="(/disputes/[^"]+/records/[^"]+\.pdf)"', self.page(client))
        text = pdf_text(client.get(unescape(link)).content)
        assert "OUÉDRAOGO Aminata (croix), ZONGO Paul (signature)." in text and "(croix (" not in text
