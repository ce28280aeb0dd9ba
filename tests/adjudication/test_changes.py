"""Later changes follow the steps their commune's profile lists (ProcedureProfile.change_steps).

The Burkina Faso preset is used: inheritance notice → committee → mayor; sale notice → mayor; split site
verification → mayor; merge mayor; correction committee → mayor; lease and loan recorded directly.
"""

import datetime as dt
import json
import threading
import unittest

from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TransactionTestCase

from landreg.accounts.roles import Role
from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.changes.later_life import (
    parcel_merge,
    parcel_split,
    secondary_right_grant,
)
from landreg.adjudication.changes.transfers import right_transfer
from landreg.adjudication.claims import transitions as t
from landreg.adjudication.claims.services import ClaimantInput
from landreg.adjudication.exceptions import (
    MissingDocumentsError,
    NoticeError,
    ObjectionPendingError,
    ProcedureRequiredError,
    TransferError,
)
from landreg.adjudication.models import Claim, ProcedureProfile
from landreg.adjudication.notice.objections import objection_lodge
from landreg.adjudication.profiles import profile_assign
from landreg.adjudication.selectors import claim_queue, claims_on_notice
from landreg.adjudication.states import ClaimState
from landreg.audit.models import AuditEvent
from landreg.core import clock
from landreg.core.exceptions import PermissionDeniedError
from landreg.documents.services import source_attach
from landreg.parcels.models import Parcel
from landreg.parcels.services import parcel_record
from landreg.parties.models import Party
from landreg.rights.models import Right
from landreg.rights.services import HolderShare, right_register
from tests.adjudication.helpers import AdjudicationTestCase, make_user
from tests.adjudication.pdf import pdf_text
from tests.base import make_person, make_territory
from tests.geometries import square

S = ClaimState


def _halves():
    return [square(0, 0, 50).union(square(0, 50, 50)), square(50, 0, 50).union(square(50, 50, 50))]


class ProfileTests(AdjudicationTestCase):
    def test_every_preset_lists_steps_for_later_changes(self):
        for profile in ProcedureProfile.objects.all():
            with self.subTest(profile=profile.code):
                assert profile.change_steps["inheritance"][-1] == "authority_approval"
                assert profile.change_notice_days > 0
                profile.full_clean()

    def test_unknown_kinds_unknown_or_repeated_steps_are_refused(self):
        for bad in [
            {"swap": ["authority_approval"]},
            {"sale": ["stamp_duty"]},
            {"sale": ["public_notice", "public_notice"]},
            {"sale": "public_notice"},
            [],
        ]:
            self.profile.change_steps = bad
            with self.subTest(change_steps=bad), self.assertRaises(ValidationError) as caught:
                self.profile.full_clean()
            assert "change_steps" in caught.exception.message_dict


class ChangeTestCase(AdjudicationTestCase):
    profile_code = "bf-apfr"

    def setUp(self):
        super().setUp()
        self.heirs = [
            make_person(self.village_a, "Ouédraogo", "Issa", "M"),
            make_person(self.village_a, "Ouédraogo", "Awa", "F"),
        ]

    def inheritance(self, **extra):
        return change_draft(
            actor=self.registrar,
            kind="inheritance",
            right=self.right_a,
            new_holders=[ClaimantInput(party=heir, share="1/2") for heir in self.heirs],
            data={"reason": "Décès de OUÉDRAOGO Aminata"},
            **extra,
        )

    def reload(self, model, obj):
        return model.objects.get(pk=obj.pk)


class DirectRecordingTests(ChangeTestCase):
    def test_a_change_the_profile_puts_through_steps_cannot_be_recorded_directly(self):
        deed = source_attach(source_type="deed", document_date=clock.today(), village=self.village_a)
        attempts = {
            "inheritance": lambda: right_transfer(
                right=self.right_a,
                kind="inheritance",
                new_holders=[HolderShare(self.heirs[0])],
                actor=self.registrar,
                reason="Décès",
            ),
            "sale": lambda: right_transfer(
                right=self.right_a,
                kind="sale",
                new_holders=[HolderShare(self.heirs[0])],
                actor=self.registrar,
                reason="Vente",
                documents=[deed],
            ),
            "split": lambda: parcel_split(
                parcel=self.parcel_a, parts=_halves(), actor=self.registrar, reason="Partage"
            ),
            "merge": lambda: parcel_merge(
                parcels=[self.parcel_a, self.parcel_a], actor=self.registrar, reason="x"
            ),
        }
        for kind, attempt in attempts.items():
            with self.subTest(kind=kind), self.assertRaises(ProcedureRequiredError):
                attempt()
        assert Right.objects.get(pk=self.right_a.pk).is_current
        assert Parcel.objects.get(pk=self.parcel_a.pk).is_current

    def test_a_kind_without_steps_is_still_recorded_directly(self):
        deed = source_attach(source_type="deed", document_date=clock.today(), village=self.village_a)
        lease = secondary_right_grant(
            parcel=self.parcel_a,
            kind="lease",
            holders=[HolderShare(self.heirs[0])],
            actor=self.registrar,
            legal_basis="Bail du 2 janvier 2030",
            start_date=clock.today(),
            end_date=clock.today() + dt.timedelta(days=365),
            documents=[deed],
        )
        assert lease.is_current


class InheritanceApplicationTests(ChangeTestCase):
    def test_the_heirs_get_the_right_only_after_notice_committee_and_mayor(self):
        application = self.inheritance()
        assert application.purpose == "inheritance" and application.state == S.DRAFT
        assert application.steps == ["public_notice", "committee_validation", "authority_approval"]
        assert application.parcel_number is None
        assert list(application.subject_parcels.all()) == [self.parcel_a]
        with self.assertRaisesMessage(MissingDocumentsError, "customary attestation"):
            t.claim_submit(claim=application, actor=self.registrar)
        application = self.submitted(application)
        assert application.receipt_number.startswith("R-TC-A-")
        application = self.accepted(application)
        assert application.state == S.PUBLIC_NOTICE
        assert application.notice_end == application.notice_start + dt.timedelta(days=15)
        with self.assertRaises(NoticeError):
            t.notice_close(claim=application, actor=self.registrar)
        for state in [S.COMMITTEE_VALIDATION, S.AUTHORITY_APPROVAL]:
            application = self.walk_to(application, state)
            assert Right.objects.get(pk=self.right_a.pk).is_current, state
            assert not Party.objects.filter(
                pk__in=[h.pk for h in self.heirs], holdings__isnull=False
            ).exists()
        application = t.authority_approve(claim=application, actor=self.mayor)
        assert application.state == S.READY_FOR_CERTIFICATE
        old = Right.objects.get(pk=self.right_a.pk)
        assert not old.is_current
        new = application.right
        assert application.transfer.old_right == old and application.transfer.new_right == new
        assert sorted((h.party_id, str(h.share)) for h in new.holders.all()) == sorted(
            (h.pk, "1/2") for h in self.heirs
        )
        assert {d.source_type for d in new.sources.all()} == {"customary_attestation"}
        moves = list(application.events.values_list("move", flat=True))
        assert moves == [
            "submit",
            "screening_start",
            "screening_accept",
            "notice_close",
            "committee_validate",
            "authority_approve",
        ]
        assert AuditEvent.objects.filter(action="right.transfer.inheritance").count() == 1

    def test_an_objection_in_the_window_holds_the_change_and_one_after_it_is_refused(self):
        application = self.walk_to(self.inheritance(), S.PUBLIC_NOTICE)
        objection_lodge(claim=application, recorded_by=self.stranger, grounds="Je suis aussi héritier")
        self.travel(16)
        with self.assertRaises(NoticeError):
            objection_lodge(claim=application, recorded_by=self.stranger, grounds="Trop tard")
        application = self.walk_to(application, S.COMMITTEE_VALIDATION)
        self.votes(application, approve=3)
        with self.assertRaises(ObjectionPendingError):
            t.committee_validate(claim=application, actor=self.president_a)
        assert Right.objects.get(pk=self.right_a.pk).is_current

    def test_a_rejected_or_withdrawn_application_changes_nothing(self):
        rejected = self.walk_to(self.inheritance(), S.AUTHORITY_APPROVAL)
        t.claim_reject(claim=rejected, actor=self.mayor, code="no_right", note="Héritiers non établis")
        assert Right.objects.get(pk=self.right_a.pk).is_current
        withdrawn = self.submitted(self.inheritance())
        t.claim_withdraw(claim=withdrawn, actor=self.registrar, reason="Accord de famille")
        assert self.parcel_a.rights.current().get() == self.right_a

    def test_only_the_land_office_lodges_and_submits_a_change(self):
        with self.assertRaises(PermissionDeniedError):
            change_draft(
                actor=self.agent_a,
                kind="inheritance",
                right=self.right_a,
                new_holders=[ClaimantInput(party=self.heirs[0])],
                data={"reason": "Décès"},
            )
        application = self.inheritance()
        self.attach(application, "customary_attestation", agent=self.registrar)
        with self.assertRaises(PermissionDeniedError):
            t.claim_submit(claim=application, actor=self.agent_a)
        assert "submit" in t.allowed_moves_for(self.registrar, application)
        assert "submit" not in t.allowed_moves_for(self.agent_a, application)
        assert list(claim_queue(self.registrar, "changes")) == [application]
        assert list(claim_queue(self.agent_a, "mine")) == []

    def test_a_second_change_of_the_same_parcel_waits_for_the_first(self):
        first = self.submitted(self.inheritance())
        second = self.inheritance()
        with self.assertRaisesMessage(TransferError, first.receipt_number):
            self.submitted(second)
        self.walk_to(first, S.READY_FOR_CERTIFICATE)
        with self.assertRaisesMessage(TransferError, "ended"):
            self.submitted(second)
        assert self.reload(Claim, second).state == S.DRAFT

    def test_a_right_ended_before_approval_stops_the_approval_and_nothing_is_written(self):
        application = self.walk_to(self.inheritance(), S.AUTHORITY_APPROVAL)
        Right.objects.filter(pk=self.right_a.pk).update(end_lifespan=clock.now())  # e.g. a court decision
        with self.assertRaisesMessage(TransferError, "already ended"):
            t.authority_approve(claim=application, actor=self.mayor)
        application.refresh_from_db()
        assert application.state == S.AUTHORITY_APPROVAL and application.right is None
        assert not Right.objects.filter(parcel=self.parcel_a, end_lifespan__isnull=True).exists()

    def test_new_holders_are_required_and_must_add_up(self):
        with self.assertRaisesMessage(TransferError, "takes the right"):
            change_draft(actor=self.registrar, kind="sale", right=self.right_a, data={"reason": "Vente"})
        application = change_draft(
            actor=self.registrar,
            kind="sale",
            right=self.right_a,
            new_holders=[ClaimantInput(party=self.heirs[0], share="1/2")],
            data={"reason": "Vente"},
        )
        with self.assertRaisesMessage(Exception, "1"):
            self.submitted(application)
        assert self.reload(Claim, application).state == S.DRAFT

    def test_the_notice_board_posts_the_change_with_its_parcel_and_new_holders(self):
        from landreg.adjudication.notice.boards import notice_board_pdf

        application = self.walk_to(self.inheritance(), S.PUBLIC_NOTICE)
        today = clock.today()
        posted = claims_on_notice(self.village_a, today)
        assert list(posted) == [application]
        text = pdf_text(notice_board_pdf(village=self.village_a, claims=posted, today=today))
        assert application.receipt_number in text and "TC-A-00001" in text
        assert "succession" in text and "OUÉDRAOGO Issa" in text


class SplitMergeCorrectionApplicationTests(ChangeTestCase):
    def test_a_split_is_checked_on_site_then_approved(self):
        with self.assertRaisesMessage(TransferError, "cover the parcel"):
            change_draft(
                actor=self.registrar,
                kind="split",
                parcels=[self.parcel_a],
                data={"reason": "Partage", "parts": [json.loads(square(0, 0, 50).geojson)] * 2},
            )
        application = change_draft(
            actor=self.registrar,
            kind="split",
            parcels=[self.parcel_a],
            data={"reason": "Partage entre enfants", "parts": [json.loads(p.geojson) for p in _halves()]},
        )
        assert application.steps == ["site_verification", "authority_approval"]
        application = self.walk_to(application, S.SITE_VERIFICATION)
        assert not application.claimants.exists() and application.notice_start is None
        application = self.walk_to(application, S.AUTHORITY_APPROVAL)
        assert Parcel.objects.get(pk=self.parcel_a.pk).is_current
        application = t.authority_approve(claim=application, actor=self.mayor)
        assert not Parcel.objects.get(pk=self.parcel_a.pk).is_current
        new = list(application.parcel_change.new_parcels.order_by("number"))
        assert [round(p.area_m2) for p in new] == [5000, 5000]
        assert all(p.rights.current().get().holders.get().party == self.holder_a for p in new)

    def test_a_merge_needs_the_mayors_approval(self):
        east = self.parcel_held(100)
        application = change_draft(
            actor=self.registrar, kind="merge", parcels=[self.parcel_a, east], data={"reason": "Remembrement"}
        )
        assert round(application.geometry.transform(32630, clone=True).area) == 20_000
        application = self.walk_to(application, S.AUTHORITY_APPROVAL)
        application = t.authority_approve(claim=application, actor=self.mayor)
        assert round(application.parcel.area_m2) == 20_000
        assert not Parcel.objects.filter(
            pk__in=[self.parcel_a.pk, east.pk], end_lifespan__isnull=True
        ).exists()

    def test_a_correction_of_a_holder_goes_to_the_committee_and_hides_id_numbers_from_it(self):
        with self.assertRaisesMessage(TransferError, "cannot be corrected"):
            change_draft(
                actor=self.registrar,
                kind="correction",
                parcels=[self.parcel_a],
                party=self.holder_a,
                data={"reason": "x", "changes": {"version": 9}},
            )
        application = change_draft(
            actor=self.registrar,
            kind="correction",
            parcels=[self.parcel_a],
            party=self.holder_a,
            data={
                "reason": "Erreur de saisie du prénom et de la CNIB",
                "changes": {"first_names": "Aminata Rasmata", "id_document_number": "B7654321"},
            },
        )
        application = self.walk_to(application, S.COMMITTEE_VALIDATION)
        self.client.force_login(self.member_a)
        seen = self.client.get(f"/api/v1/claims/{application.pk}/").json()["change_data"]["changes"]
        assert seen == {"first_names": "Aminata Rasmata", "id_document_number": "***"}
        page = self.client.get(f"/adjudication/claims/{application.pk}/").content.decode()
        assert "B7654321" not in page and "Aminata Rasmata" in page
        self.client.force_login(self.registrar)
        seen = self.client.get(f"/api/v1/claims/{application.pk}/").json()["change_data"]["changes"]
        assert seen["id_document_number"] == "B7654321"
        application = self.walk_to(application, S.READY_FOR_CERTIFICATE)
        corrected = Party.objects.get(pk=self.holder_a.pk)
        assert corrected.first_names == "Aminata Rasmata" and corrected.id_document_number == "B7654321"
        assert corrected.version == self.holder_a.version + 1

    def test_a_profile_that_lists_no_step_applies_the_change_once_screened(self):
        self.profile.change_steps = {**self.profile.change_steps, "merge": []}
        self.profile.save(update_fields=["change_steps"])
        east = self.parcel_held(100)
        application = change_draft(
            actor=self.registrar, kind="merge", parcels=[self.parcel_a, east], data={"reason": "Remembrement"}
        )
        application = self.accepted(self.submitted(application))
        assert application.state == S.READY_FOR_CERTIFICATE and application.parcel.is_current


class ChangeApiTests(ChangeTestCase):
    def post(self, url, body, user):
        self.client.force_login(user)
        return self.client.post(url, body, content_type="application/json")

    def test_the_registrar_lodges_an_inheritance_and_it_moves_like_a_claim(self):
        attestation = source_attach(
            source_type="customary_attestation", document_date=clock.today(), village=self.village_a
        )
        body = {
            "kind": "inheritance",
            "right": str(self.right_a.pk),
            "reason": "Décès de OUÉDRAOGO Aminata",
            "holders": [
                {"party": str(self.heirs[0].pk), "share": "1/2"},
                {"last_name": "Ouédraogo", "first_names": "Rasmata", "sex": "F", "share": "1/2"},
            ],
            "documents": [str(attestation.pk)],
        }
        assert self.post("/api/v1/changes/", body, self.agent_a).status_code == 403
        response = self.post("/api/v1/changes/", body, self.registrar)
        assert response.status_code == 201, response.content
        data = response.json()
        assert data["purpose"] == "inheritance" and data["state"] == "submitted"
        assert data["steps"] == ["public_notice", "committee_validation", "authority_approval"]
        assert data["subject_parcels"] == ["TC-A-00001"] and response["Location"].endswith(f"{data['id']}/")
        for move in ["screening_start", "screening_accept"]:
            moved = self.post(f"/api/v1/claims/{data['id']}/moves/{move}/", {}, self.registrar)
            assert moved.status_code == 200, moved.content
        assert moved.json()["state"] == "public_notice"
        assert Right.objects.get(pk=self.right_a.pk).is_current

    def test_bad_input_gets_a_clear_error_and_leaves_nothing(self):
        cases = [
            ({"kind": "swap", "reason": "x"}, 400),
            ({"kind": "sale", "reason": "x", "right": str(self.right_a.pk)}, 400),  # no buyer
            ({"kind": "split", "reason": "x", "parcels": [str(self.parcel_a.pk)], "parts": ["nope"]}, 400),
            ({"kind": "sale", "reason": "x", "right": str(self.parcel_a.pk)}, 404),
            ({"kind": "split", "reason": "x", "parcels": [str(self.parcel_b.pk)]}, 404),  # other village
        ]
        for body, code in cases:
            with self.subTest(body=body):
                response = self.post("/api/v1/changes/", body, self.registrar_a_only)
                assert response.status_code == code, response.content
        # A draft whose submission fails (no attestation) is not kept either.
        body = {
            "kind": "inheritance",
            "right": str(self.right_a.pk),
            "reason": "Décès",
            "holders": [{"party": str(self.heirs[0].pk)}],
        }
        response = self.post("/api/v1/changes/", body, self.registrar)
        assert response.status_code == 400 and "attestation coutumière" in response.json()["detail"]
        assert not Claim.objects.filter(purpose__in=["inheritance", "sale", "split"]).exists()

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.registrar_a_only = make_user("registrar_a_only", Role.REGISTRAR, cls.village_a)


@unittest.skipUnless(connection.vendor == "postgresql", "row locks need PostGIS")
class ConcurrentSubmissionTests(TransactionTestCase):
    serialized_rollback = True  # keep the presets and code lists loaded by data migrations

    def test_two_applications_on_one_parcel_submitted_at_the_same_moment_let_exactly_one_in(self):
        _country, _region, commune, village, _b = make_territory()
        profile_assign(commune=commune, profile=ProcedureProfile.objects.get(code="generic"))
        clerks = [make_user(f"clerk{i}", Role.REGISTRAR, commune) for i in range(4)]
        parcel = parcel_record(village=village, geometry=square(0, 0), survey_method="gps")
        holder = make_person(village)
        right = right_register(
            parcel=parcel,
            right_type="customaryType",
            holders=[HolderShare(holder)],
            tenure_system="customary",
            legal_basis="x",
        )
        applications = [
            change_draft(
                actor=clerk,
                kind="sale",
                right=right,
                new_holders=[ClaimantInput(party=make_person(village, "Buyer", str(i)))],
                data={"reason": f"Vente {i}"},
            )
            for i, clerk in enumerate(clerks)
        ]
        barrier, errors = threading.Barrier(len(clerks)), []

        def submit(application, clerk):
            try:
                barrier.wait()
                t.claim_submit(claim=application, actor=clerk)
            except TransferError as exc:
                errors.append(exc)
            finally:
                connection.close()

        threads = [
            threading.Thread(target=submit, args=pair) for pair in zip(applications, clerks, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert Claim.objects.filter(state=S.SUBMITTED).count() == 1
        assert len(errors) == len(clerks) - 1
