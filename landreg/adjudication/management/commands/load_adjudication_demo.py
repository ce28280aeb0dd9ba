"""Claims at every step of the procedure in the demo commune (run after `load_demo`; safe to run again).

Each claim waits at one step for the role that acts on it, so every demo login has work to do: a draft
for the agent, a lodged claim and one under screening for the registrar, a site visit for the committee, a
notice running (on the notice board, objections still received), a notice whose window has ended for the
registrar to close at once, another one ended with an objection lodged in time (load_disputes_demo) for the
conciliation committee, a vote for the committee, an approval for the mayor, a claim returned to the agent
and one approved, ready for its certificate (landreg/demo/claims.py lists them). Dates are counted back from
today.
All of them lie inside Sabtenga-Centre's boundary, on free land beside recorded parcels: their holders are
the claims' neighbours, invited to the site visit, signing its record and printed on the certificate. On a
recorded parcel, the land office's application for an inheritance is under public notice too.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count

from landreg.accounts.models import User
from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.claims import transitions as t
from landreg.adjudication.claims.services import ClaimantInput, claim_attach_documents, claim_draft
from landreg.adjudication.committee.votes import vote_cast
from landreg.adjudication.models import AttendeeRole, Claim, SignatureMark
from landreg.adjudication.profiles import profile_for
from landreg.adjudication.site.visits import (
    AttendeeInput,
    present_applicants,
    site_visit_record,
    suggested_neighbours,
)
from landreg.adjudication.states import ClaimState
from landreg.core import clock
from landreg.demo.claimants import claimants_of, documents_of
from landreg.demo.claims import (
    BEFORE_NOTICE_ENDS,
    DEMO_CLAIMS,
    NOTICE_ENDED,
    NOTICE_ENDED_OBJECTED,
)
from landreg.demo.elision import of
from landreg.demo.places import NotEnoughFreeLand, free_squares
from landreg.documents.services import source_attach
from landreg.parcels.models import SurveyMethod
from landreg.rights.models import Right
from landreg.territory.models import AdministrativeUnit

# Targets that stay under public notice, their window ended (the claim waits for the registrar to close it).
NOTICE_ENDED_TARGETS = {NOTICE_ENDED, NOTICE_ENDED_OBJECTED}


class Command(BaseCommand):
    help = "Create demo claims at each step of the procedure (after load_demo)."

    def handle(self, *args, **options):
        village = AdministrativeUnit.objects.filter(code="SAB-C").first()
        if village is None:
            raise CommandError("Run `manage.py load_demo` first.")
        if Claim.objects.filter(village=village).exists():
            self.stdout.write("Demo claims already loaded.")
            return
        users = {
            u.username: u for u in User.objects.filter(username__in=["agent_centre", "guichet", "maire"])
        }
        self.agent, self.registrar, self.mayor = users["agent_centre"], users["guichet"], users["maire"]
        self.president = User.objects.get(username="president_centre")
        # The committee: members who log in with the demo password (load_demo), enough for the quorum.
        self.members = list(
            User.objects.filter(username__startswith="membre_centre").order_by("username")
        ) + [self.president]
        quorum = profile_for(village).quorum_min_votes
        if len(self.members) < quorum:
            raise CommandError(
                f"The demo committee has {len(self.members)} members; the quorum needs {quorum}."
            )
        notice_days = profile_for(village).notice_days
        with transaction.atomic():
            try:
                squares = free_squares(village, count=len(DEMO_CLAIMS), beside_parcels=True)
            except NotEnoughFreeLand as error:
                raise CommandError(str(error)) from error
            for square, demo in zip(squares, DEMO_CLAIMS, strict=True):
                # Claims past the notice were lodged long enough ago for their window to have ended some days
                # before today, whatever the time zone: the registrar closes it (or moves on) at once.
                early = demo.target not in BEFORE_NOTICE_ENDS
                days_ago = notice_days + demo.ended_days_ago if early else 0
                with clock.frozen_at(clock.now() - dt.timedelta(days=days_ago)):
                    claim = self.lodge(village, square, demo)
                    claim = self.until_notice(claim, demo.target)
                if early and demo.target not in NOTICE_ENDED_TARGETS:
                    self.after_notice(claim, demo.target)
            inheritance = self.inheritance(village)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(DEMO_CLAIMS)} demo claims and the inheritance {inheritance.receipt_number} on parcel "
                f"{inheritance.subject_right.parcel.number}; notice board: /adjudication/affichage/SAB-C/"
            )
        )

    def inheritance(self, village):
        """The heirs of the first natural person holding a parcel alone apply; the notice is running."""
        right = (
            Right.objects.current()
            .filter(parcel__village=village, right_type__is_secondary=False, holders__party__kind="natural")
            .annotate(holders_count=Count("holders"))
            .filter(holders_count=1)
            .order_by("parcel__number")
            .first()
        )
        deceased = right.holders.get().party
        application = change_draft(
            actor=self.registrar,
            kind="inheritance",
            right=right,
            new_holders=[
                ClaimantInput(last_name=deceased.last_name, first_names="Salamata", sex="F", share="1/2"),
                ClaimantInput(last_name=deceased.last_name, first_names="Adama", sex="M", share="1/2"),
            ],
            data={"reason": f"Décès {of(deceased.display_name)}; attestation coutumière du chef de village"},
            documents=[
                source_attach(
                    source_type="customary_attestation",
                    document_date=clock.today(),
                    village=village,
                    reference="AC-2026-004",
                )
            ],
        )
        t.claim_submit(claim=application, actor=self.registrar)
        t.screening_start(claim=application, actor=self.registrar)
        return t.screening_accept(claim=application, actor=self.registrar)  # BF: the notice comes first

    def lodge(self, village, square, demo):
        claim = claim_draft(
            actor=self.agent,
            village=village,
            geometry=square,
            right_type="customaryType",
            claimants=claimants_of(demo, village),
            survey_method=SurveyMethod.GPS,  # the demo's agent walked each boundary with a GPS
            local_name=demo.field_name,
        )
        claim_attach_documents(claim=claim, actor=self.agent, documents=documents_of(demo, village))
        return claim

    def until_notice(self, claim, target):
        if target == ClaimState.DRAFT:
            return claim
        t.claim_submit(claim=claim, actor=self.agent)
        if target == ClaimState.SUBMITTED:
            return claim
        t.screening_start(claim=claim, actor=self.registrar)
        if target == ClaimState.SCREENING:
            return claim
        if target == ClaimState.RETURNED:
            t.screening_return(
                claim=claim, actor=self.registrar, reasons="Le croquis ne montre pas la limite sud."
            )
            return
        claim = t.screening_accept(claim=claim, actor=self.registrar)  # BF profile: site verification first
        if target == ClaimState.SITE_VERIFICATION:
            return claim
        site_visit_record(
            claim=claim,
            actor=self.members[0],
            visit_date=clock.today(),
            place=claim.local_name,
            language="mooré",
            translated=True,
            translation_language="français",
            attendees=[
                *present_applicants(claim),  # the claimant, or a family's mandatary and members
                AttendeeInput(AttendeeRole.CUSTOMARY_AUTHORITY, "Naaba Saaga", True, SignatureMark.SIGNATURE),
                *suggested_neighbours(claim),  # the holders of the parcels beside it, each signing
            ],
        )
        return t.site_verification_close(claim=claim, actor=self.president)

    def after_notice(self, claim, target):
        claim = t.notice_close(claim=claim, actor=self.registrar)
        if target == ClaimState.COMMITTEE_VALIDATION:
            vote_cast(claim=claim, member=self.members[0], decision="approve", reason="Limites reconnues")
            return
        for member in self.members:
            vote_cast(claim=claim, member=member, decision="approve", reason="Limites reconnues")
        claim = t.committee_validate(claim=claim, actor=self.president)
        if target == ClaimState.READY_FOR_CERTIFICATE:
            t.authority_approve(claim=claim, actor=self.mayor)
