"""Cases are opened by an objection, a disagreement at the site visit or directly, and move through their
conciliation, referral and decision, each move locked, allowed by the table and recorded."""

import datetime as dt

from landreg.adjudication.claims import transitions as t
from landreg.adjudication.exceptions import ObjectionPendingError
from landreg.adjudication.notice.objections import objection_lodge
from landreg.adjudication.states import ClaimState
from landreg.audit.models import AuditEvent
from landreg.audit.services import audit_verify
from landreg.core import clock
from landreg.core.exceptions import PermissionDeniedError
from landreg.disputes.cases import transitions as moves
from landreg.disputes.cases.services import DisputeError, PartyInput, dispute_file
from landreg.disputes.exceptions import DisputePendingError
from landreg.disputes.models import DisputeCase, DisputeEvent
from landreg.disputes.selectors import cases_visible_to, open_cases_for
from landreg.disputes.states import DisputeOrigin, DisputeStatus
from tests.disputes.helpers import DisputeTestCase


class OpeningTests(DisputeTestCase):
    def test_an_objection_opens_a_case_numbered_in_the_commune_with_its_parties_and_deadlines(self):
        claim = self.walk_to(self.draft(), ClaimState.PUBLIC_NOTICE)
        objection = objection_lodge(
            claim=claim,
            recorded_by=self.agent_a,
            objector_name="ZONGO Paul",
            objector_id_reference="CNIB B7654321",
            grounds="La limite nord empiète sur mon champ",
        )
        case = objection.dispute
        assert case.number == "LIT-TC-C-2030-0001" and case.origin == DisputeOrigin.OBJECTION
        assert case.kind == "boundary" and list(case.claims.all()) == [claim]
        assert [(p.role, p.name) for p in case.parties.all()] == [
            ("objector", "ZONGO Paul"),
            ("claimant", "KABORE Salif"),
        ]
        # generic profile: first session within 15 days, conciliation within 45
        assert case.first_session_due == clock.today() + dt.timedelta(days=15)
        assert case.conciliation_due == clock.today() + dt.timedelta(days=45)
        assert list(case.events.values_list("move", flat=True)) == ["open"]

    def test_a_neighbour_who_disagrees_at_the_site_visit_opens_a_boundary_case_that_holds_the_claim(self):
        claim = self.walk_to(self.draft(), ClaimState.SITE_VERIFICATION)
        self.site_record(claim, agrees=False)
        case = DisputeCase.objects.get()
        assert case.origin == DisputeOrigin.SITE_VISIT and case.kind == "boundary"
        assert list(case.claims.all()) == [claim] and list(case.parcels.all()) == [self.parcel_a]
        assert ("neighbour", "OUÉDRAOGO Aminata") in {(p.role, p.name) for p in case.parties.all()}
        claim = t.site_verification_close(claim=claim, actor=self.president_a)
        self.votes(claim, approve=self.profile.quorum_min_votes)
        with self.assertRaises(DisputePendingError):
            t.committee_validate(claim=claim, actor=self.president_a)

    def test_an_agreeing_site_visit_opens_no_case(self):
        self.site_record(self.walk_to(self.draft(), ClaimState.SITE_VERIFICATION))
        assert not DisputeCase.objects.exists()

    def test_the_land_office_and_the_dispute_administrator_open_cases_directly_on_registered_land(self):
        case = dispute_file(
            actor=self.registrar,
            village=self.village_a,
            subject="Vente par un seul co-titulaire",
            kind="ownership",
            parties=[PartyInput("holder", "OUÉDRAOGO Aminata", "F", self.holder_a)],
            parcels=[self.parcel_a],
            rights=[self.right_a],
        )
        assert case.origin == "direct" and case.number.endswith("-0001")
        second = self.file_case(subject="x", parcels=[self.parcel_a])
        assert second.number.endswith("-0002")

    def test_others_cannot_open_a_case_and_a_case_names_what_it_concerns(self):
        for user in [self.agent_b, self.stranger, self.member_a, self.conciliator]:
            with self.subTest(user=user.username), self.assertRaises(PermissionDeniedError):
                self.file_case(actor=user, subject="x", parcels=[self.parcel_a])
        with self.assertRaisesMessage(DisputeError, "Name the parcel"):
            self.file_case(subject="x")
        with self.assertRaisesMessage(DisputeError, "Name the parties"):
            self.file_case(subject="x", parcels=[self.parcel_a], parties=[])
        with self.assertRaises(DisputeError):
            self.file_case(village=self.village_b, subject="x", parcels=[self.parcel_a])
        assert not DisputeCase.objects.exists()


class MoveTests(DisputeTestCase):
    def objection_case(self):
        claim = self.walk_to(self.draft(), ClaimState.PUBLIC_NOTICE)
        objection = objection_lodge(claim=claim, recorded_by=self.stranger, grounds="Limite nord")
        return claim, objection.dispute

    def test_conciliation_agreement_closes_the_case_and_releases_the_claim(self):
        claim, case = self.objection_case()
        claim = self.walk_to(claim, ClaimState.COMMITTEE_VALIDATION)
        self.votes(claim, approve=self.profile.quorum_min_votes)
        with self.assertRaises(ObjectionPendingError):
            t.committee_validate(claim=claim, actor=self.president_a)
        with self.assertRaisesMessage(DisputeError, "No conciliation session has been held yet"):
            moves.session_schedule(
                case=case, actor=self.conciliator, scheduled_for=clock.today(), place="Mairie"
            )
            moves.agree(
                case=case, actor=self.conciliator, decided_on=clock.today(), summary="x", signatures="x"
            )
        case.refresh_from_db()
        self.held_session(case)
        outcome = moves.agree(
            case=case,
            actor=self.conciliator,
            decided_on=clock.today(),
            summary="ZONGO Paul retire son objection; la borne nord est reconnue.",
            signatures="KABORE Salif (empreinte), stranger (signature)",
            change="withdraw_objection",
        )
        case.refresh_from_db()
        assert case.status == DisputeStatus.CONCILIATED and not case.is_open and case.final
        assert outcome.applied_at is not None
        assert [e.move for e in case.events.all()] == [
            "open",
            "session_schedule",
            "session_schedule",
            "session_hold",
            "agree",
        ]
        assert (
            t.committee_validate(claim=claim, actor=self.president_a).state == ClaimState.AUTHORITY_APPROVAL
        )
        assert AuditEvent.objects.filter(action="dispute.agree").count() == 1
        assert audit_verify()[1] is None

    def test_non_conciliation_goes_to_court_whose_decision_lifts_the_freeze_and_an_appeal_restores_it(self):
        claim, case = self.objection_case()
        self.held_session(case)
        moves.non_conciliation(
            case=case, actor=self.conciliator, decided_on=clock.today(), summary="Désaccord"
        )
        case.refresh_from_db()
        assert case.status == DisputeStatus.NOT_CONCILIATED and case.is_open
        with self.assertRaises(PermissionDeniedError):  # the court referral is the dispute administrator's
            moves.refer(
                case=case,
                actor=self.conciliator,
                court_name="TGI",
                court_reference="1",
                referred_on=clock.today(),
            )
        moves.refer(
            case=case,
            actor=self.disputes,
            court_name="TGI de Koudougou",
            court_reference="RG 12/2030",
            referred_on=clock.today(),
        )
        with self.assertRaisesMessage(DisputeError, "court decision"):
            moves.decide(case=case, actor=self.disputes, decided_on=clock.today(), summary="x", document=None)
        moves.decide(
            case=case,
            actor=self.disputes,
            decided_on=clock.today(),
            summary="Objection rejetée",
            document=self.court_decision(),
        )
        case.refresh_from_db()
        assert case.status == DisputeStatus.DECIDED and not case.is_open and not case.final
        moves.appeal(
            case=case,
            actor=self.disputes,
            court_name="Cour d’appel de Ouagadougou",
            court_reference="CA 3/2030",
        )
        case.refresh_from_db()
        assert case.status == DisputeStatus.IN_COURT and case.is_open
        moves.decide(
            case=case,
            actor=self.disputes,
            decided_on=clock.today(),
            summary="Confirmé",
            document=self.court_decision(),
        )
        moves.finalise(case=case, actor=self.disputes, reason="Délai de pourvoi expiré")
        case.refresh_from_db()
        assert case.status == DisputeStatus.CLOSED and case.final
        with self.assertRaises(moves.TransitionNotAllowed):
            moves.appeal(case=case, actor=self.disputes, court_name="x", court_reference="y")

    def test_each_move_is_refused_to_people_outside_the_commune_and_leaves_the_case_as_it_was(self):
        _claim, case = self.objection_case()
        for user in [self.agent_a, self.member_a, self.mayor, self.stranger, self.registrar]:
            with self.subTest(user=user.username), self.assertRaises(PermissionDeniedError):
                moves.session_schedule(case=case, actor=user, scheduled_for=clock.today(), place="x")
            assert moves.allowed_moves_for(user, case) == []
        assert moves.allowed_moves_for(self.conciliator, case) == ["session_schedule"]
        assert set(moves.allowed_moves_for(self.disputes, case)) == {"session_schedule", "withdraw"}
        case.refresh_from_db()
        assert case.status == DisputeStatus.OPEN and case.events.count() == 1

    def test_a_move_from_the_wrong_status_is_refused(self):
        _claim, case = self.objection_case()
        with self.assertRaises(moves.TransitionNotAllowed):
            moves.refer(
                case=case, actor=self.disputes, court_name="x", court_reference="y", referred_on=clock.today()
            )

    def test_a_session_records_who_was_present_and_refuses_incomplete_minutes(self):
        _claim, case = self.objection_case()
        session = moves.session_schedule(
            case=case, actor=self.conciliator, scheduled_for=clock.today(), place="Mairie"
        )
        party = case.parties.first()
        with self.assertRaisesMessage(DisputeError, "minutes"):
            moves.session_hold(
                case=case,
                actor=self.conciliator,
                session=session,
                held_on=clock.today(),
                conciliators="A",
                language="mooré",
                minutes=" ",
                positions=[moves.PositionInput(party.pk, True)],
            )
        with self.assertRaisesMessage(DisputeError, "No party was present"):
            moves.session_hold(
                case=case,
                actor=self.conciliator,
                session=session,
                held_on=clock.today(),
                conciliators="A",
                language="mooré",
                minutes="m",
                positions=[moves.PositionInput(party.pk, False)],
            )
        session = self.held_session(case)
        assert session.positions.filter(present=True).count() == case.parties.count()

    def test_events_are_append_only(self):
        from landreg.audit.models import AppendOnlyError

        _claim, case = self.objection_case()
        event = case.events.get()
        event.reason = "réécrit"
        with self.assertRaises(AppendOnlyError):
            event.save()
        assert DisputeEvent.objects.get().reason != "réécrit"


class ScopeAndDeadlineTests(DisputeTestCase):
    def test_the_home_list_puts_overdue_cases_first_and_is_scoped_to_the_commune(self):
        old = self.file_case(subject="Ancien", parcels=[self.parcel_a])
        self.travel(20)  # past the first-session deadline of 15 days
        recent = self.file_case(village=self.village_b, subject="Récent", parcels=[self.parcel_b])
        listed = open_cases_for(self.conciliator)
        assert [c.number for c in listed] == [old.number, recent.number]
        assert listed[0].overdue and not listed[1].overdue and listed[0].age_days == 20
        assert list(cases_visible_to(self.agent_a)) == [] and list(cases_visible_to(self.stranger)) == []
