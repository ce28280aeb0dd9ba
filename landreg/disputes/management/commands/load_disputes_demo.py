"""Dispute cases in the demo commune (run after `load_adjudication_demo`; safe to run again).

An objection lodged in time against a claim whose notice has ended since waits for its conciliation session,
held today (the conciliation committee's work): once the case is settled, the registrar closes the notice at
once and the village committee votes (the claim whose notice still runs is left for objections made by hand).
A contested sale of a parcel of Sabtenga-Nord was not conciliated and is before the
court, so that parcel shows « Litige en cours » and refuses sales and certificates; and a boundary case
closed by agreement gives the figures something to count.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from landreg.accounts.models import User
from landreg.adjudication.models import Claim
from landreg.adjudication.notice.objections import objection_lodge
from landreg.adjudication.states import ClaimState
from landreg.core import clock
from landreg.demo.claims import OBJECTED
from landreg.disputes.cases import transitions as moves
from landreg.disputes.cases.services import PartyInput, dispute_file
from landreg.disputes.models import DisputeCase
from landreg.rights.models import Right


class Command(BaseCommand):
    help = "Create demo dispute cases (after load_adjudication_demo)."

    def handle(self, *args, **options):
        if DisputeCase.objects.filter(village__code__in=["SAB-C", "SAB-N"]).exists():
            self.stdout.write("Demo dispute cases already loaded.")
            return
        users = {
            u.username: u
            for u in User.objects.filter(username__in=["agent_centre", "litiges", "conciliation"])
        }
        if len(users) != 3:
            raise CommandError("Run `manage.py load_demo` and `manage.py load_adjudication_demo` first.")
        self.agent, self.admin, self.committee = (
            users["agent_centre"],
            users["litiges"],
            users["conciliation"],
        )
        with transaction.atomic():
            numbers = [self.objection(), self.court_case(), self.settled()]
        self.stdout.write(
            self.style.SUCCESS(f"Demo dispute cases: {', '.join(n for n in numbers if n)}; /disputes/")
        )

    def objection(self):
        claim = (
            Claim.objects.filter(
                village__code="SAB-C",
                state=ClaimState.PUBLIC_NOTICE,
                purpose="first_registration",
                claimants__last_name=OBJECTED,
            )
            .order_by("receipt_number")
            .first()
        )
        if claim is None:
            return None
        # Lodged in time, five days before the notice ended, in the morning of that day.
        lodged = dt.datetime.combine(claim.notice_end - dt.timedelta(days=5), dt.time(9, 30))
        with clock.frozen_at(timezone.make_aware(lodged)):
            objection = objection_lodge(
                claim=claim,
                recorded_by=self.agent,
                objector_name="OUÉDRAOGO Ɓoukary",
                objector_id_reference="CNIB B0456789",
                grounds="La limite est du champ passe sur la parcelle de mon père.",
            )
        # Its session is today: the committee records it at once, then the agreement (or its absence).
        moves.session_schedule(
            case=objection.dispute,
            actor=self.committee,
            scheduled_for=clock.today(),
            place="Maison des jeunes de Sabtenga-Centre",
        )
        return objection.dispute.number

    def _held_right(self, village_code: str, skip: int = 0):
        rights = (
            Right.objects.current()
            .filter(
                parcel__village__code=village_code,
                right_type__is_secondary=False,
                holders__party__kind="natural",
            )
            .select_related("parcel__village")
            .order_by("parcel__number")
            .distinct()
        )
        return rights[skip] if rights.count() > skip else None

    def _parties(self, right, other_role: str, other_name: str, other_sex: str):
        holders = [
            PartyInput("holder", h.party.display_name, h.party.sex, h.party) for h in right.holders.all()
        ]
        return [*holders, PartyInput(other_role, other_name, other_sex)]

    def _hear(self, case, minutes: str):
        session = moves.session_schedule(
            case=case, actor=self.committee, scheduled_for=clock.today(), place="Mairie de Sabtenga"
        )
        return moves.session_hold(
            case=case,
            actor=self.committee,
            session=session,
            held_on=clock.today(),
            conciliators="Naaba Saaga, KONATÉ Mariam",
            language="mooré",
            translation_language="français",
            minutes=minutes,
            positions=[moves.PositionInput(p.pk, True, "") for p in case.parties.all()],
        )

    def court_case(self):
        right = self._held_right("SAB-N")
        if right is None:
            return None
        case = dispute_file(
            actor=self.admin,
            village=right.parcel.village,
            kind="ownership",
            subject="Vente par un seul des cohéritiers, contestée par sa sœur",
            grounds="La sœur du vendeur n’a pas consenti à la vente.",
            parcels=[right.parcel],
            rights=[right],
            parties=self._parties(right, "heir", "TRAORÉ Ɛlisabɛt", "F"),
        )
        self._hear(case, "Le vendeur maintient la vente ; sa sœur la conteste.")
        moves.non_conciliation(
            case=case,
            actor=self.committee,
            decided_on=clock.today(),
            summary="Pas d’accord entre les parties.",
        )
        moves.refer(
            case=case,
            actor=self.admin,
            court_name="Tribunal de grande instance de Koudougou",
            court_reference="RG 118/2026",
            referred_on=clock.today(),
        )
        return case.number

    def settled(self):
        right = self._held_right("SAB-N", skip=1)
        if right is None:
            return None
        case = dispute_file(
            actor=self.admin,
            village=right.parcel.village,
            kind="boundary",
            subject="Borne déplacée entre deux champs",
            parcels=[right.parcel],
            parties=self._parties(right, "neighbour", "ZONGO Paul", "M"),
        )
        self._hear(case, "Les voisins reconnaissent la borne d’origine.")
        moves.agree(
            case=case,
            actor=self.committee,
            decided_on=clock.today(),
            summary="La borne d’origine est remise en place ; rien ne change au registre.",
            signatures="Empreintes des deux parties",
        )
        return case.number
