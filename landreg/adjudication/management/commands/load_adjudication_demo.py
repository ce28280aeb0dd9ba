"""Claims at every step of the procedure in the demo commune (run after `load_demo`; safe to run again).

Beside the centre village's parcels: one claim under public notice (on the notice board), one at the
committee's vote, one awaiting the mayor's approval, one returned to the agent and one approved. On a
recorded parcel, the land office's application for an inheritance is under public notice too.
"""

import datetime as dt

from django.contrib.gis.geos import Polygon
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count

from landreg.accounts.models import User
from landreg.accounts.roles import Role
from landreg.accounts.services import role_grant
from landreg.adjudication.changes.applications import change_draft
from landreg.adjudication.claims import transitions as t
from landreg.adjudication.claims.services import ClaimantInput, claim_attach_documents, claim_draft
from landreg.adjudication.committee.votes import vote_cast
from landreg.adjudication.models import AttendeeRole, Claim, SignatureMark
from landreg.adjudication.profiles import profile_for
from landreg.adjudication.site.visits import AttendeeInput, site_visit_record
from landreg.adjudication.states import ClaimState
from landreg.core import clock
from landreg.core.geometry import projected_srid_for, to_srid
from landreg.documents.services import source_attach
from landreg.parcels.models import Parcel
from landreg.rights.models import Right
from landreg.territory.models import AdministrativeUnit

# (last name, first names, sex, state to reach)
DEMO_CLAIMS = [
    ("Compaoré", "Fatimata", "F", ClaimState.PUBLIC_NOTICE),
    ("Yaméogo", "Boureima", "M", ClaimState.COMMITTEE_VALIDATION),
    ("Bationo", "Alice", "F", ClaimState.AUTHORITY_APPROVAL),
    ("Zoungrana", "Moussa", "M", ClaimState.RETURNED),
    ("Kaboré", "Aïssata", "F", ClaimState.READY_FOR_CERTIFICATE),
]


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
        self.members = [User.objects.get(username="membre_centre"), self.president]
        for i in (2, 3):  # the profile's quorum needs three votes
            member, _ = User.objects.get_or_create(
                username=f"membre_centre{i}", defaults={"first_name": f"Membre {i}"}
            )
            member.set_password(f"demo-membre{i}")
            member.save()
            role_grant(user=member, role=Role.COMMITTEE_MEMBER, unit=village)
            self.members.append(member)
        notice_days = profile_for(village).notice_days
        with transaction.atomic():
            for index, (last, first, sex, state) in enumerate(DEMO_CLAIMS):
                # Claims past the notice were lodged long enough ago for their window to have run.
                early = state not in (ClaimState.PUBLIC_NOTICE, ClaimState.RETURNED)
                lodged = clock.now() - dt.timedelta(days=notice_days + 1 if early else 0)
                with clock.frozen_at(lodged):
                    claim = self.until_notice(self.lodge(village, index, last, first, sex), state)
                if early:
                    self.after_notice(claim, state)
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
            data={"reason": f"Décès de {deceased.display_name}; attestation coutumière du chef de village"},
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

    def lodge(self, village, index, last, first, sex):
        # Squares of 80 m, in a row south of the commune's recorded parcels (the villages lie side by side).
        parcels = Parcel.objects.filter(village__parent=village.parent)
        extent = parcels.first().geometry if parcels.exists() else None
        for parcel in parcels:
            extent = extent.union(parcel.geometry)
        srid = projected_srid_for(extent)
        xmin, ymin, xmax, ymax = to_srid(extent, srid).extent
        x, y = xmin + index * 100, ymin - 150
        square = Polygon(((x, y), (x + 80, y), (x + 80, y + 80), (x, y + 80), (x, y)), srid=srid)
        claim = claim_draft(
            actor=self.agent,
            village=village,
            geometry=to_srid(square, 4326),
            right_type="customaryType",
            claimants=[ClaimantInput(last_name=last, first_names=first, sex=sex)],
            local_name=f"Champ de {first}",
        )
        form = source_attach(source_type="application_form", document_date=clock.today(), village=village)
        claim_attach_documents(claim=claim, actor=self.agent, documents=[form])
        return claim

    def until_notice(self, claim, target):
        t.claim_submit(claim=claim, actor=self.agent)
        t.screening_start(claim=claim, actor=self.registrar)
        if target == ClaimState.RETURNED:
            t.screening_return(
                claim=claim, actor=self.registrar, reasons="Le croquis ne montre pas la limite sud."
            )
            return
        claim = t.screening_accept(claim=claim, actor=self.registrar)  # BF profile: site verification first
        site_visit_record(
            claim=claim,
            actor=self.members[0],
            visit_date=clock.today(),
            place=claim.local_name,
            language="mooré",
            translated=True,
            translation_language="français",
            attendees=[
                AttendeeInput(
                    AttendeeRole.APPLICANT, claim.claimants.get().public_name, True, SignatureMark.FINGERPRINT
                ),
                AttendeeInput(AttendeeRole.CUSTOMARY_AUTHORITY, "Naaba Saaga", True, SignatureMark.SIGNATURE),
            ],
        )
        return t.site_verification_close(claim=claim, actor=self.president)

    def after_notice(self, claim, target):
        claim = t.notice_close(claim=claim, actor=self.registrar)
        if target == ClaimState.COMMITTEE_VALIDATION:
            vote_cast(claim=claim, member=self.members[0], decision="approve", reason="Limites reconnues")
            return
        for member in self.members[:3]:
            vote_cast(claim=claim, member=member, decision="approve", reason="Limites reconnues")
        claim = t.committee_validate(claim=claim, actor=self.president)
        if target == ClaimState.READY_FOR_CERTIFICATE:
            t.authority_approve(claim=claim, actor=self.mayor)
